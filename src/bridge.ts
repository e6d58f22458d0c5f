// The composition root: wires config, store, connectors, mappings, flows and the engine by hand (no DI container).
import { ConfigError, type Config, type IntegrationConfig } from './config/load.ts';
import type { Clock } from './core/clock.ts';
import { systemClock } from './core/clock.ts';
import type { Logger } from './core/logger.ts';
import { UsageError } from './core/errors.ts';
import { clarityClientFromSettings } from './connectors/clarity/client.ts';
import type { FastifyInstance } from 'fastify';
import { ClarityPoller } from './connectors/clarity/poller.ts';
import {
  anyOf,
  asExpression,
  odooConnectorFromConfig,
  createOdooPoller,
  type Domain,
  type OdooConnector,
} from './connectors/odoo/index.ts';
import { createBridgeMetrics, type BridgeMetrics } from './insight/bridge-metrics.ts';
import { createServer } from './server/app.ts';
import { createEngine, type Engine, type Handler } from './engine/index.ts';
import type { Probe } from './engine/probes.ts';
import {
  flowEnabled,
  toHandler,
  type FlowDefinition,
  type FlowServices,
  type IntegrationRuntime,
} from './flows/flow.ts';
import { odooLookupResolver } from './flows/lookup-resolver.ts';
import { orderOptions } from './flows/orders/order-options.ts';
import { FLOWS } from './flows/registry.ts';
import { checkFlowSettings } from './flows/check-settings.ts';
import { MappingCatalog } from './mapping/index.ts';
import { ConnectorLimiter } from './engine/limiter.ts';
import { createLocks } from './engine/locks.ts';
import { holdSqliteProcessLock, openStore, type Store } from './store/db.ts';
import { repos } from './store/index.ts';

export interface Bridge {
  config: Config;
  engine: Engine;
  integrations: ReadonlyMap<string, IntegrationRuntime>;
  services: FlowServices;
  metrics: BridgeMetrics;
  server: FastifyInstance;
  /** The server's address once listening (`http://host:port`). */
  url: string | undefined;
  /** Starts the parts this process runs (all by default; the scheduler runs the pollers). */
  start(parts?: { worker?: boolean; router?: boolean; scheduler?: boolean; server?: boolean }): Promise<void>;
  stop(graceMs?: number): Promise<void>;
}

export interface BridgeOptions {
  logger: Logger;
  clock?: Clock;
  /** The flows to run (default: the registry). */
  flows?: readonly FlowDefinition[];
  /** Extra handlers beside the flows (tests). */
  handlers?: readonly Handler[];
  /** An open store to use instead of `config.store.url` (tests). */
  store?: Store;
}

/** Where connectors report their calls (latency, errors) for /metrics. */
type CallSink = (connector: string, operation: string, ms: number, error?: string) => void;

export interface RuntimeHooks {
  onCall?: CallSink;
  /** Waited on before each call a connector makes (the integration's rate limit for that connector). */
  throttle?: (connector: 'odoo' | 'clarity') => Promise<void>;
}

export function integrationRuntime(
  settings: IntegrationConfig,
  catalog: MappingCatalog,
  logger: Logger,
  clock: Clock,
  hooks: RuntimeHooks = {},
): IntegrationRuntime {
  const onCall = hooks.onCall ?? (() => undefined);
  const throttle = hooks.throttle;
  const odoo: OdooConnector = odooConnectorFromConfig(settings.odoo, {
    logger,
    clock,
    onCall: (call) => onCall('odoo', `${call.model}.${call.method}`, call.ms, call.ok ? undefined : call.error?.kind),
    ...(throttle ? { throttle: () => throttle('odoo') } : {}),
  });
  const clarity = clarityClientFromSettings(settings.clarity, {
    clock,
    ...(throttle ? { throttle: () => throttle('clarity') } : {}),
    observe: (exchange) =>
      onCall(
        'clarity',
        `${exchange.method} ${exchange.path.replace(/\/\d+/g, '/{ID}').replace(/\/key\/[^/]+/, '/key/{CustomKey}')}`,
        exchange.ms,
        exchange.error
          ? 'transient'
          : exchange.status !== undefined && exchange.status >= 400
            ? String(exchange.status)
            : undefined,
      ),
  });
  const { taxCodes, carriers, genericShippingProduct } = orderOptions(settings.flows['order-to-odoo'] ?? {});
  return {
    id: settings.id,
    settings,
    odoo,
    clarity,
    mapping: (name) => catalog.get(settings.id, name),
    resolver: odooLookupResolver(odoo, {
      taxCodes,
      carriers,
      ...(genericShippingProduct ? { genericShippingProduct } : {}),
    }),
  };
}

export async function createBridge(config: Config, options: BridgeOptions): Promise<Bridge> {
  const flows = options.flows ?? FLOWS;
  // a mistyped flow or option is refused now, not found later in a dead job
  const flowProblems = checkFlowSettings(config, flows);
  if (flowProblems.length) throw new ConfigError(config.source, flowProblems);
  const clock = options.clock ?? systemClock;
  const { logger } = options;
  const store = options.store ?? (await openStore(config.store.url));
  const catalog = MappingCatalog.fromConfig(config);
  // Connectors are made before the engine whose metrics they report to: reach the metrics through a holder.
  const metricsHolder: { current?: BridgeMetrics } = {};
  const onCall: CallSink = (...args) => metricsHolder.current?.connectorCall(...args);
  const limitsByIntegration = new Map(config.integrations.map((i) => [i.id, i.limits]));
  const limiter = new ConnectorLimiter(
    (integrationId, connector) =>
      limitsByIntegration.get(integrationId)?.[connector] ?? { concurrency: 4, ratePerSecond: 0, burst: 20 },
    clock,
  );
  const integrations = new Map(
    config.integrations.map((i) => [
      i.id,
      integrationRuntime(i, catalog, logger, clock, {
        onCall,
        throttle: (connector) => limiter.throttle(i.id, connector),
      }),
    ]),
  );
  const runtime = (id: string): IntegrationRuntime => {
    const found = integrations.get(id);
    if (!found)
      throw new UsageError(
        `a job names integration "${id}", which is not in the config`,
        'restore it in the config, or discard its jobs',
      );
    return found;
  };
  const services: FlowServices = {
    integration: runtime,
    repos: repos(store),
    clock,
    logger,
    withLock: createLocks(store),
  };
  const probes: Record<string, Probe> = {
    odoo: async (id) => {
      const { client } = runtime(id).odoo;
      const connection = await client.connect();
      await client.call('res.users', 'search_count', [[['id', '=', connection.uid]]]);
    },
    clarity: (id) => runtime(id).clarity.probe(),
  };
  const engine = createEngine({
    store,
    handlers: [...flows.map((flow) => toHandler(flow, services)), ...(options.handlers ?? [])],
    settings: config.engine,
    logger,
    clock,
    probes,
    repos: services.repos,
    withLock: services.withLock,
    limiter,
  });
  const metrics = createBridgeMetrics(engine);
  metricsHolder.current = metrics;
  const server = createServer({
    engine,
    integrations: new Map(config.integrations.map((i) => [i.id, i])),
    metrics,
    logger,
    masterKey: process.env.BRIDGE_MASTER_KEY,
  });
  schedulePollers(engine, flows, integrations, logger);
  let listening = false;
  let releaseProcessLock = () => undefined as void;
  const bridge: Bridge = {
    config,
    engine,
    integrations,
    services,
    metrics,
    server,
    url: undefined,
    async start(parts = {}) {
      releaseProcessLock = holdSqliteProcessLock(store);
      // Listen before the workers and pollers start, so a port in use leaves nothing running; the router routes
      // whatever webhooks were taken in meanwhile as soon as it starts.
      if (parts.server !== false) {
        try {
          bridge.url = await server.listen({ host: config.server.host, port: config.server.port });
        } catch (error) {
          releaseProcessLock();
          releaseProcessLock = () => undefined;
          throw error;
        }
        listening = true;
      }
      engine.start(parts);
    },
    async stop(graceMs) {
      // Stop taking webhooks first (the store keeps what was taken), then let the workers finish.
      if (listening) await server.close();
      await engine.stop(graceMs);
      await Promise.all(
        [...integrations.values()].map(async (i) => {
          await i.odoo.close();
          await i.clarity.close();
        }),
      );
      releaseProcessLock();
      if (!options.store) await store.close();
    },
  };
  return bridge;
}

/**
 * One poller per Odoo model and Clarity resource that the enabled flows of an integration need (fields merged),
 * run by the scheduler (once across the cluster), feeding the inbox like webhooks do.
 */
function schedulePollers(
  engine: Engine,
  flows: readonly FlowDefinition[],
  integrations: ReadonlyMap<string, IntegrationRuntime>,
  logger: Logger,
): void {
  for (const runtime of integrations.values()) {
    const enabled = flows.filter((f) => flowEnabled(runtime.settings, f.name));
    const odooModels = new Map<string, { fields: Set<string>; domains: (Domain | undefined)[] }>();
    for (const poll of enabled.flatMap((f) => f.polls?.odoo ?? [])) {
      const entry = odooModels.get(poll.model) ?? { fields: new Set<string>(), domains: [] };
      poll.fields.forEach((f) => entry.fields.add(f));
      entry.domains.push(poll.domain);
      odooModels.set(poll.model, entry);
    }
    const checkpoints = engine.repos.checkpoints.port(runtime.id);
    for (const [model, { fields, domains }] of odooModels) {
      const domain = anyOfDomains(domains);
      const poller = createOdooPoller({
        client: runtime.odoo.client,
        integrationId: runtime.id,
        model,
        fields: [...fields],
        ...(domain ? { domain } : {}),
        checkpoint: checkpoints,
        overlapMs: runtime.settings.odoo.pollOverlapMs,
        logger,
        onEvent: async (event) => void (await engine.inbox.recordEvent(event)),
      });
      engine.scheduler.every(
        `poll:${runtime.id}:odoo:${model}`,
        runtime.settings.odoo.pollIntervalMs,
        async () => void (await poller.pollOnce()),
      );
    }
    const resources = [...new Set(enabled.flatMap((f) => f.polls?.clarity ?? []))];
    if (resources.length) {
      const poller = new ClarityPoller({
        client: runtime.clarity,
        integrationId: runtime.id,
        checkpoints,
        resources,
        // A first start takes changes from now on; what the store held before is `bridge sync`'s job.
        since: new Date().toISOString(),
        emit: async (events) => void (await engine.inbox.recordEvents(events)),
      });
      const clarity = runtime.settings.clarity;
      const interval = clarity.pollIntervalMs ?? (clarity.webhooks ? 60_000 : 15_000);
      engine.scheduler.every(`poll:${runtime.id}:clarity`, interval, async () => void (await poller.pollOnce()));
    }
  }
}

/** The records any of several flows' domains selects (no domain: every record). */
function anyOfDomains(domains: readonly (Domain | undefined)[]): Domain | undefined {
  if (domains.some((d) => d === undefined || d.length === 0)) return undefined;
  return domains.length === 1 ? domains[0] : anyOf(domains.map((d) => asExpression(d!)));
}
