// The engine, wired: inbox → router → queue → worker, with the scheduler running probes and housekeeping.
import type { EngineSettings } from '../config/schema.ts';
import { systemClock, type Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { Store } from '../store/db.ts';
import { repos as makeRepos, type Repos } from '../store/index.ts';
import { pruneFinishedJobs } from '../store/jobs.repo.ts';
import type { Handler } from './handler.ts';
import { Inbox } from './inbox.ts';
import { ConnectorLimiter, type LimitSettings } from './limiter.ts';
import { createLocks, createTryLock, type WithLock } from './locks.ts';
import { runDueProbes, type Probe } from './probes.ts';
import { Queue } from './queue.ts';
import { eventPriority, Router } from './router.ts';
import { Scheduler } from './scheduler.ts';
import { Worker } from './worker.ts';

export interface EngineOptions {
  store: Store;
  handlers: readonly Handler[];
  settings: EngineSettings;
  logger: Logger;
  clock?: Clock;
  /** Limits per (integration, connector); default 4 at once, no rate limit. */
  limits?: (integrationId: string, connector: string) => LimitSettings;
  /** Credential checks per connector name, used to resume paused connectors. */
  probes?: Record<string, Probe>;
  workerId?: string;
  /** Share these with code outside the engine (the flows' services): one lock table per process. */
  repos?: Repos;
  withLock?: WithLock;
  /** The limiter whose `throttle` the connectors call (made from `limits` when absent). */
  limiter?: ConnectorLimiter;
}

export interface Engine {
  store: Store;
  repos: Repos;
  queue: Queue;
  inbox: Inbox;
  router: Router;
  worker: Worker;
  scheduler: Scheduler;
  withLock: WithLock;
  limiter: ConnectorLimiter;
  /** Starts routing, working and the scheduled work (`worker: false` runs no worker in this process). */
  start(options?: { worker?: boolean; router?: boolean; scheduler?: boolean }): void;
  stop(graceMs?: number): Promise<void>;
}

const DEFAULT_LIMITS: LimitSettings = { concurrency: 4, ratePerSecond: 0, burst: 20 };

export function createEngine(options: EngineOptions): Engine {
  const { store, handlers, settings, logger } = options;
  const clock = options.clock ?? systemClock;
  const repos = options.repos ?? makeRepos(store);
  const queue = new Queue(repos, clock, settings);
  const inbox = new Inbox(repos.events, clock, (event) => eventPriority(handlers, event));
  const withLock = options.withLock ?? createLocks(store);
  const limiter = options.limiter ?? new ConnectorLimiter(options.limits ?? (() => DEFAULT_LIMITS), clock);
  const router = new Router({ store, repos, queue, inbox, handlers, clock, logger, tryLock: createTryLock(store) });
  const worker = new Worker({
    repos,
    queue,
    handlers,
    clock,
    logger,
    limiter,
    withLock,
    settings,
    ...(options.workerId ? { id: options.workerId } : {}),
  });
  const scheduler = new Scheduler(store, clock, logger);
  const probes = options.probes ?? {};
  scheduler.every('connector-probes', 1_000, () => runDueProbes({ repos, queue, clock, logger, probes, settings }));
  scheduler.every('retention', 60 * 60_000, async () => {
    const before = clock.now() - settings.retentionDays * 86_400_000;
    const events = await repos.events.prune(before);
    const jobs = await pruneFinishedJobs(store, before);
    if (events || jobs) logger.info({ events, jobs }, 'retention: old events and finished jobs deleted');
  });

  const started = { worker: false, router: false, scheduler: false };
  return {
    store,
    repos,
    queue,
    inbox,
    router,
    worker,
    scheduler,
    withLock,
    limiter,
    start(parts = {}) {
      if (parts.router !== false) {
        router.start();
        started.router = true;
      }
      if (parts.worker !== false) {
        worker.start();
        started.worker = true;
      }
      if (parts.scheduler !== false) {
        scheduler.start();
        started.scheduler = true;
      }
    },
    async stop(graceMs) {
      if (started.router) await router.stop();
      if (started.worker) await worker.stop(graceMs);
      if (started.scheduler) await scheduler.stop();
    },
  };
}

export type { Handler, JobContext, JobResult, Route } from './handler.ts';
export type { Job, JobState, Outcome, NewJob } from './job.ts';
