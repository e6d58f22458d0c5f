// Paused connectors are probed with backoff and resumed by themselves once their credentials work again.
import type { Clock } from '../core/clock.ts';
import { describeError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { Repos } from '../store/index.ts';
import type { Queue } from './queue.ts';

/** Checks a connector's credentials for an integration; throws when they still fail. */
export type Probe = (integrationId: string) => Promise<void>;

export interface ProbeSettings {
  probeBaseMs: number;
  probeMaxMs: number;
}

export async function runDueProbes(deps: {
  repos: Repos;
  queue: Queue;
  clock: Clock;
  logger: Logger;
  probes: Record<string, Probe>;
  settings: ProbeSettings;
}): Promise<void> {
  const { repos, queue, clock, logger, probes, settings } = deps;
  for (const paused of await repos.connectors.dueProbes(clock.now())) {
    const probe = probes[paused.connector];
    if (!probe) continue;
    try {
      await probe(paused.integrationId);
      const released = await queue.resumeConnector(paused.integrationId, paused.connector);
      logger.info(
        { integration: paused.integrationId, connector: paused.connector, released },
        'connector answers again; resumed',
      );
    } catch (error) {
      const delay = Math.min(settings.probeMaxMs, settings.probeBaseMs * 2 ** (paused.probes + 1));
      await repos.connectors.probeFailed(
        paused.integrationId,
        paused.connector,
        clock.now() + delay,
        describeError(error),
        clock.now(),
      );
    }
  }
}
