// The configuration file's shape (DESIGN.md "Configuration"), validated with zod.
import { z } from 'zod';

/** A secret: `{ env: NAME }`, `{ file: PATH }`, or (with a warning) a literal string. */
export const secretRef = z.union([
  z.string().min(1),
  z.object({ env: z.string().min(1) }).strict(),
  z.object({ file: z.string().min(1) }).strict(),
]);
export type SecretRef = z.infer<typeof secretRef>;

const duration = z.number().int().nonnegative();
const url = z.string().url();

export const odooSchema = z
  .object({
    url,
    db: z.string().min(1),
    login: z.string().min(1),
    /** The company this integration works in (name or id); required when the bridge's user has several. */
    company: z.union([z.string().min(1), z.number().int().positive()]).optional(),
    apiKey: secretRef.optional(),
    password: secretRef.optional(),
    /** `auto` picks JSON-2 on Odoo 19+, JSON-RPC before. */
    transport: z.enum(['auto', 'jsonrpc', 'json2']).default('auto'),
    timeoutMs: duration.default(30_000),
    maxSockets: z.number().int().positive().default(4),
    /** The secret token in the path of Odoo's automation webhook URL. */
    webhookToken: secretRef.optional(),
    pollIntervalMs: duration.default(15_000),
    pollOverlapMs: duration.default(10_000),
  })
  .strict()
  .refine((o) => o.apiKey !== undefined || o.password !== undefined, {
    message: 'set apiKey (preferred) or password',
    path: ['apiKey'],
  });

export const claritySchema = z
  .object({
    url,
    clientId: z.string().min(1),
    clientSecret: secretRef,
    scope: z.string().optional(),
    /** Signing secrets of webhooks registered by hand (those `bridge clarity subscribe` gets are kept in the store). */
    webhookSecrets: z.array(secretRef).default([]),
    webhooks: z.boolean().default(true),
    timeoutMs: duration.default(30_000),
    maxSockets: z.number().int().positive().default(8),
    /** Polled every 60 s, or every 15 s when its webhooks are off. */
    pollIntervalMs: duration.optional(),
  })
  .strict();

export const connectorLimitsSchema = z
  .object({
    /** At most this many jobs calling the connector at once, per integration. */
    concurrency: z.number().int().positive().default(4),
    /** Token bucket: sustained calls per second (0 = unlimited) and burst size. */
    ratePerSecond: z.number().nonnegative().default(0),
    burst: z.number().int().positive().default(20),
  })
  .strict();

export const integrationSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, - and _'),
    odoo: odooSchema,
    clarity: claritySchema,
    /** Per-flow options; a flow not listed runs with its defaults. `enabled: false` turns one off. */
    flows: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
    /** A folder of mapping files replacing the shipped defaults of the same name. */
    mappings: z.string().optional(),
    limits: z.record(z.string(), connectorLimitsSchema).default({}),
  })
  .strict();

export const engineSchema = z
  .object({
    attempts: z.number().int().positive().default(12),
    backoffBaseMs: duration.default(1_000),
    backoffMaxMs: duration.default(15 * 60_000),
    leaseMs: duration.default(60_000),
    /** Worker slots in this process. */
    concurrency: z.number().int().positive().default(16),
    /** How long an idle worker waits before polling the queue again (a local enqueue wakes it at once). */
    idlePollMs: duration.default(200),
    shutdownGraceMs: duration.default(20_000),
    /** Probe interval of a paused connector, doubling up to the max. */
    probeBaseMs: duration.default(5_000),
    probeMaxMs: duration.default(5 * 60_000),
    retentionDays: z.number().int().positive().default(30),
  })
  .strict();

export const configSchema = z
  .object({
    store: z
      .object({ url: z.string().min(1).default('sqlite:./data/bridge.db') })
      .strict()
      .default({ url: 'sqlite:./data/bridge.db' }),
    server: z
      .object({
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65535).default(8787),
        publicUrl: url.optional(),
      })
      .strict()
      .default({ host: '127.0.0.1', port: 8787 }),
    log: z
      .object({ level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info') })
      .strict()
      .default({ level: 'info' }),
    engine: engineSchema.default(engineSchema.parse({})),
    integrations: z.array(integrationSchema).default([]),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.integrations.forEach((integration, index) => {
      if (seen.has(integration.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['integrations', index, 'id'],
          message: `duplicate integration id "${integration.id}"`,
        });
      }
      seen.add(integration.id);
    });
  });

export type RawConfig = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
export type OdooSettings = z.output<typeof odooSchema>;
export type ClaritySettings = z.output<typeof claritySchema>;
export type EngineSettings = z.output<typeof engineSchema>;
export type IntegrationSettings = z.output<typeof integrationSchema>;
export type ConnectorLimits = z.output<typeof connectorLimitsSchema>;
