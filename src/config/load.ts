// Loads the configuration: `--config <path>`, else BRIDGE_CONFIG, else ./bridge.config.yaml; DATABASE_URL overrides
// store.url. Secrets are resolved here into `Secret` values; every problem is reported at once.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { UsageError } from '../core/errors.ts';
import { Secret } from '../core/secret.ts';
import {
  configSchema,
  type ClaritySettings,
  type IntegrationSettings,
  type OdooSettings,
  type ParsedConfig,
  type SecretRef,
} from './schema.ts';

/** Odoo settings with secrets resolved. */
export type OdooConfig = Omit<OdooSettings, 'apiKey' | 'password' | 'webhookToken'> & {
  apiKey?: Secret;
  password?: Secret;
  webhookToken?: Secret;
};
/** Clarity settings with secrets resolved. */
export type ClarityConfig = Omit<ClaritySettings, 'clientSecret' | 'webhookSecrets'> & {
  clientSecret: Secret;
  webhookSecrets: Secret[];
};
export type IntegrationConfig = Omit<IntegrationSettings, 'odoo' | 'clarity'> & {
  odoo: OdooConfig;
  clarity: ClarityConfig;
};

/** The config with every secret reference replaced by a `Secret`. */
export type Config = Omit<ParsedConfig, 'integrations'> & {
  integrations: IntegrationConfig[];
  source: string;
  warnings: string[];
};

export class ConfigError extends UsageError {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(
      `${source}: the configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      'fix the listed keys and run `bridge config check`',
    );
    this.name = 'ConfigError';
  }
}

export interface LoadOptions {
  /** Explicit path (`--config`). */
  path?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Finds the config file; `undefined` when none exists and none was asked for (the embedded default is used). */
export function configPath(options: LoadOptions = {}): string | undefined {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.path ?? env.BRIDGE_CONFIG;
  if (explicit) return resolve(cwd, explicit);
  const local = resolve(cwd, 'bridge.config.yaml');
  return existsSync(local) ? local : undefined;
}

export function loadConfig(options: LoadOptions = {}): Config {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const path = configPath(options);
  let raw: unknown = {};
  let source = '(defaults)';
  if (path) {
    source = path;
    if (!existsSync(path))
      throw new UsageError(
        `config file not found: ${path}`,
        'run `bridge init` to write a starter file, or pass --config <path>',
      );
    try {
      raw = parseYaml(readFileSync(path, 'utf8')) ?? {};
    } catch (error) {
      if (error instanceof YAMLParseError)
        throw new ConfigError(path, [`line ${error.linePos?.[0]?.line ?? '?'}: ${error.message.split('\n')[0]}`]);
      throw error;
    }
  }
  return parseConfig(raw, { source, env, baseDir: path ? dirname(path) : cwd });
}

export function parseConfig(
  raw: unknown,
  options: { source?: string; env?: NodeJS.ProcessEnv; baseDir?: string } = {},
): Config {
  const source = options.source ?? '(inline)';
  const env = options.env ?? process.env;
  const baseDir = options.baseDir ?? process.cwd();
  const result = configSchema.safeParse(applyEnvOverrides(raw, env));
  if (!result.success) throw new ConfigError(source, formatIssues(result.error.issues));
  const parsed = result.data;
  if (env.DATABASE_URL) parsed.store.url = env.DATABASE_URL;

  const warnings: string[] = [];
  const problems: string[] = [];
  const resolveSecret = (ref: SecretRef, path: string): Secret => {
    if (typeof ref === 'string') {
      warnings.push(`${path}: a literal secret in the config file; prefer { env: NAME } or { file: PATH }`);
      return new Secret(ref, 'literal');
    }
    if ('env' in ref) {
      const value = env[ref.env];
      if (!value) problems.push(`${path}: environment variable ${ref.env} is not set (expected the secret's value)`);
      return new Secret(value ?? '', `env:${ref.env}`);
    }
    const file = resolve(baseDir, ref.file);
    if (!existsSync(file)) {
      problems.push(`${path}: secret file ${file} does not exist (expected a file holding the secret)`);
      return new Secret('', `file:${ref.file}`);
    }
    return new Secret(readFileSync(file, 'utf8').trim(), `file:${ref.file}`);
  };

  const integrations = parsed.integrations.map((integration, i) => {
    const at = `integrations.${i}`;
    const { apiKey, password, webhookToken, ...odoo } = integration.odoo;
    const { clientSecret, webhookSecrets, ...clarity } = integration.clarity;
    return {
      ...integration,
      odoo: {
        ...odoo,
        ...(apiKey !== undefined ? { apiKey: resolveSecret(apiKey, `${at}.odoo.apiKey`) } : {}),
        ...(password !== undefined ? { password: resolveSecret(password, `${at}.odoo.password`) } : {}),
        ...(webhookToken !== undefined ? { webhookToken: resolveSecret(webhookToken, `${at}.odoo.webhookToken`) } : {}),
      },
      clarity: {
        ...clarity,
        clientSecret: resolveSecret(clientSecret, `${at}.clarity.clientSecret`),
        webhookSecrets: webhookSecrets.map((s, j) => resolveSecret(s, `${at}.clarity.webhookSecrets.${j}`)),
      },
      ...(integration.mappings !== undefined ? { mappings: resolve(baseDir, integration.mappings) } : {}),
    };
  });
  if (problems.length) throw new ConfigError(source, problems);
  return { ...parsed, integrations, source, warnings };
}

/**
 * Environment overrides: `BRIDGE__SERVER__PORT=9000` sets `server.port`, `BRIDGE__ENGINE__LEASE_MS=30000` sets
 * `engine.leaseMs` (segments split on `__`, snake case read as camel case, values read as JSON when they parse).
 * `LOG_LEVEL` sets `log.level`. They apply before validation, so a bad value is reported like a bad file.
 */
export function applyEnvOverrides(raw: unknown, env: NodeJS.ProcessEnv): unknown {
  const out = structuredClone((raw ?? {}) as Record<string, unknown>);
  const set = (path: string[], value: unknown) => {
    let node = out;
    for (const key of path.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]!] = value;
  };
  const camel = (s: string) => s.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith('BRIDGE__') || value === undefined) continue;
    let parsed: unknown = value;
    try {
      parsed = JSON.parse(value);
    } catch {
      // a plain string
    }
    set(name.slice('BRIDGE__'.length).split('__').filter(Boolean).map(camel), parsed);
  }
  if (env.LOG_LEVEL) set(['log', 'level'], env.LOG_LEVEL);
  return out;
}

/** `path.to.key: what is wrong (what was expected)`, one line per problem. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.length ? issue.path.join('.') : '(top level)';
    return `${path}: ${describeIssue(issue)}`;
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined/.test(issue.message)
        ? `missing (expected ${issue.expected})`
        : issue.message.replace(/^Invalid input: /, '');
    case 'unrecognized_keys':
      return `${issue.message} (remove it, or check its spelling)`;
    case 'invalid_value':
      return `${issue.message} (expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')})`;
    case 'invalid_union':
      return 'expected a string, { env: NAME } or { file: PATH }';
    case 'invalid_format':
      return issue.format === 'url'
        ? `${issue.message} (expected an address such as https://erp.example.com)`
        : issue.message;
    default:
      return issue.message;
  }
}
