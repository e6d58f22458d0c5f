// An engine on a test store with fast retry settings.
import { engineSchema, type EngineSettings } from '../../src/config/schema.ts';
import { createLogger, silentLogger } from '../../src/core/logger.ts';
import { createEngine, type Engine, type EngineOptions } from '../../src/engine/index.ts';
import type { Store } from '../../src/store/db.ts';

export const FAST: Partial<EngineSettings> = {
  backoffBaseMs: 5,
  backoffMaxMs: 20,
  leaseMs: 2_000,
  idlePollMs: 20,
  probeBaseMs: 30,
  probeMaxMs: 100,
  shutdownGraceMs: 2_000,
};

export function testEngine(
  store: Store,
  handlers: EngineOptions['handlers'],
  overrides: Partial<EngineSettings> & Partial<Omit<EngineOptions, 'settings'>> = {},
): Engine {
  const { limits, probes, clock, workerId, ...settings } = overrides;
  return createEngine({
    store,
    handlers,
    settings: engineSchema.parse({ ...FAST, ...settings }),
    logger: process.env.TEST_LOG ? createLogger({ level: process.env.TEST_LOG, pretty: false }) : silentLogger(),
    ...(limits ? { limits } : {}),
    ...(probes ? { probes } : {}),
    ...(clock ? { clock } : {}),
    ...(workerId ? { workerId } : {}),
  });
}
