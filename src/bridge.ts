// The composition root: wires config, store, connectors, mappings, flows and the engine by hand (no DI container).
import type { Config, IntegrationConfig } from './config/load.ts';
import type { Clock } from './core/clock.ts';
import { systemClock } from './core/clock.ts';
import type { Logger } from './core/logger.ts';
import { UsageError } from './core/errors.ts';
import { clarityClientFromSettings } from './connectors/clarity/client.ts';
import { createOdooConnector, type OdooConnector } from './connectors/odoo/index.ts';
import { createEngine, type Engine, type Handler } from './engine/index.ts';
import type { Probe } from './engine/probes.ts';
import { toHandler, type FlowDefinition, type FlowServices, type IntegrationRuntime } from './flows/flow.ts';
import { odooLookupResolver } from './flows/lookup-resolver.ts';
import { FLOWS } from './flows/registry.ts';
import { MappingCatalog } from './mapping/index.ts';
import { createLocks } from './engine/locks.ts';
import { openStore, type Store } from './store/db.ts';
import { repos } from './store/index.ts';

export interface Bridge {
  config: Config;
  engine: Engine;
  integrations: ReadonlyMap<string, IntegrationRuntime>;
  services: FlowServices;
  /** Starts the parts this process runs. */
  start(parts?: { worker?: boolean; router?: boolean; scheduler?: boolean }): Promise<void>;
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

export function integrationRuntime(settings: IntegrationConfig, catalog: MappingCatalog, logger: Logger, clock: Clock): IntegrationRuntime {
  const odoo: OdooConnector = createOdooConnector({
    url: settings.odoo.url,
    db: settings.odoo.db,
    login: settings.odoo.login,
    ...(settings.odoo.apiKey ? { apiKey: settings.odoo.apiKey } : {}),
    ...(settings.odoo.password ? { password: settings.odoo.password } : {}),
    transport: settings.odoo.transport,
    timeoutMs: settings.odoo.timeoutMs,
    maxSockets: settings.odoo.maxSockets,
    logger,
    clock,
  });
  const clarity = clarityClientFromSettings(settings.clarity, { clock });
  const taxCodes = (settings.flows['order-to-odoo']?.taxCodes ?? {}) as Record<string, string[]>;
  return {
    id: settings.id,
    settings,
    odoo,
    clarity,
    mapping: (name) => catalog.get(settings.id, name),
    resolver: odooLookupResolver(odoo, { taxCodes }),
  };
}

export async function createBridge(config: Config, options: BridgeOptions): Promise<Bridge> {
  const clock = options.clock ?? systemClock;
  const { logger } = options;
  const store = options.store ?? (await openStore(config.store.url));
  const catalog = MappingCatalog.fromConfig(config);
  const integrations = new Map(config.integrations.map((i) => [i.id, integrationRuntime(i, catalog, logger, clock)]));
  const runtime = (id: string): IntegrationRuntime => {
    const found = integrations.get(id);
    if (!found) throw new UsageError(`a job names integration "${id}", which is not in the config`, 'restore it in the config, or discard its jobs');
    return found;
  };
  const limitsByIntegration = new Map(config.integrations.map((i) => [i.id, i.limits]));
  const services: FlowServices = { integration: runtime, repos: repos(store), clock, logger, withLock: createLocks(store) };
  const flows = options.flows ?? FLOWS;
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
    limits: (integrationId, connector) => limitsByIntegration.get(integrationId)?.[connector] ?? { concurrency: 4, ratePerSecond: 0, burst: 20 },
  });
  return {
    config,
    engine,
    integrations,
    services,
    async start(parts) {
      engine.start(parts);
    },
    async stop(graceMs) {
      await engine.stop(graceMs);
      await Promise.all([...integrations.values()].map(async (i) => {
        await i.odoo.close();
        await i.clarity.close();
      }));
      if (!options.store) await store.close();
    },
  };
}
