// The composition root: wires config, store, engine and flows by hand (no DI container).
import type { Config } from './config/load.ts';
import type { Clock } from './core/clock.ts';
import type { Logger } from './core/logger.ts';
import { createEngine, type Engine, type Handler } from './engine/index.ts';
import type { Probe } from './engine/probes.ts';
import { openStore } from './store/db.ts';

export interface Bridge {
  config: Config;
  engine: Engine;
  /** Starts the parts this process runs. */
  start(parts?: { worker?: boolean; router?: boolean; scheduler?: boolean }): Promise<void>;
  stop(graceMs?: number): Promise<void>;
}

export interface BridgeOptions {
  logger: Logger;
  clock?: Clock;
  handlers?: readonly Handler[];
  probes?: Record<string, Probe>;
}

export async function createBridge(config: Config, options: BridgeOptions): Promise<Bridge> {
  const store = await openStore(config.store.url);
  const limitsByIntegration = new Map(config.integrations.map((i) => [i.id, i.limits]));
  const engine = createEngine({
    store,
    handlers: options.handlers ?? [],
    settings: config.engine,
    logger: options.logger,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.probes ? { probes: options.probes } : {}),
    limits: (integrationId, connector) => limitsByIntegration.get(integrationId)?.[connector] ?? { concurrency: 4, ratePerSecond: 0, burst: 20 },
  });
  return {
    config,
    engine,
    async start(parts) {
      engine.start(parts);
    },
    async stop(graceMs) {
      await engine.stop(graceMs);
      await store.close();
    },
  };
}
