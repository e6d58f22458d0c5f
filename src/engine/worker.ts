// The worker: claims ready jobs (lane heads), runs their flow, and settles each job by its result or error class.
// Completions are group-committed: jobs that finish together complete in one transaction.
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import type { Clock } from '../core/clock.ts';
import {
  AuthError,
  BusinessError,
  TransientError,
  ValidationError,
  describeError,
  isBridgeError,
} from '../core/errors.ts';
import { isOlderVersion, newId } from '../core/ids.ts';
import type { Logger } from '../core/logger.ts';
import { redact } from '../core/redact.ts';
import type { Repos } from '../store/index.ts';
import type { AttemptRecord, Completion } from '../store/jobs.repo.ts';
import { retryDelay, type BackoffSettings } from './backoff.ts';
import type { Handler, JobContext, JobResult } from './handler.ts';
import type { Job, JobState, Outcome, TraceStep } from './job.ts';
import type { ConnectorLimiter } from './limiter.ts';
import type { WithLock } from './locks.ts';
import type { Queue } from './queue.ts';

export interface WorkerSettings extends BackoffSettings {
  concurrency: number;
  leaseMs: number;
  idlePollMs: number;
  shutdownGraceMs: number;
}

export interface WorkerDeps {
  repos: Repos;
  queue: Queue;
  handlers: readonly Handler[];
  clock: Clock;
  logger: Logger;
  limiter: ConnectorLimiter;
  withLock: WithLock;
  settings: WorkerSettings;
  id?: string;
}

/** What the worker reports as jobs settle (for /metrics and the terminal). */
export interface SettledEvent {
  job: Job;
  state: JobState;
  outcome?: Outcome;
  ms: number;
  error?: unknown;
  /** The attempt's recorded steps. */
  steps?: readonly TraceStep[];
}

const CLAIM_MAX = 100;

interface InFlight {
  job: Job;
  abort: AbortController;
}

export class Worker {
  readonly id: string;
  /** Emits `settled` (SettledEvent) and `started` ({job, at}). */
  readonly events = new EventEmitter();
  private readonly handlers: Map<string, Handler>;
  private readonly inFlight = new Map<number, InFlight>();
  private busySlots = 0;
  /** Counts 'ready' signals, so one that arrives while a claim is under way is not slept through. */
  private readySignals = 0;
  private stopping = false;
  private loops: Promise<void>[] = [];
  private timers: NodeJS.Timeout[] = [];
  private wake = new EventEmitter();
  private completions: { completion: Completion; done: (ok: boolean) => void }[] = [];
  private flushing: Promise<void> | null = null;

  constructor(private readonly deps: WorkerDeps) {
    this.id = deps.id ?? `${hostname()}:${process.pid}:${newId().slice(-6)}`;
    this.handlers = new Map(deps.handlers.map((h) => [h.name, h]));
    this.wake.setMaxListeners(0);
    this.events.setMaxListeners(0);
  }

  start(): void {
    const { settings, queue } = this.deps;
    const onReady = () => {
      this.readySignals++;
      this.wake.emit('work');
    };
    queue.signals.on('ready', onReady);
    this.timers.push(setInterval(() => void this.heartbeat(), Math.max(50, Math.floor(settings.leaseMs / 3))));
    this.timers.push(
      setInterval(() => void this.recover(), Math.max(100, Math.min(5_000, Math.floor(settings.leaseMs / 2)))),
    );
    const single = [...this.handlers.values()].filter((h) => !h.batch).map((h) => h.name);
    if (single.length) this.loops.push(this.singleLoop(single));
    for (const handler of this.handlers.values()) if (handler.batch) this.loops.push(this.batchLoop(handler));
    this.stopCleanup = () => queue.signals.off('ready', onReady);
  }

  private stopCleanup: () => void = () => undefined;

  /** Stops claiming, lets in-flight jobs finish within the grace period, then gives the rest back. */
  async stop(graceMs = this.deps.settings.shutdownGraceMs): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.wake.emit('work');
    this.wake.emit('slot');
    this.stopCleanup();
    await Promise.all(this.loops);
    const deadline = this.deps.clock.now() + graceMs;
    while (this.inFlight.size && this.deps.clock.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    if (this.inFlight.size) {
      // Give the jobs back first, then tell their handlers to stop: whatever a handler still returns is refused.
      const ids = [...this.inFlight.keys()];
      const released = await this.deps.repos.jobs.release(this.id, ids, this.deps.clock.now());
      for (const { abort } of this.inFlight.values()) abort.abort();
      this.deps.logger.warn({ released, ids }, 'shutdown: jobs still running after the grace period were given back');
    }
    await this.flush();
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
  }

  /** Jobs currently running in this worker. */
  get running(): number {
    return this.inFlight.size;
  }

  private async singleLoop(flows: string[]): Promise<void> {
    const { repos, clock, settings } = this.deps;
    while (!this.stopping) {
      const free = settings.concurrency - this.busySlots;
      if (free <= 0) {
        await this.waitFor('slot', settings.idlePollMs);
        continue;
      }
      const signals = this.readySignals;
      const jobs = await this.claim(() =>
        repos.jobs.claim(this.id, Math.min(free, CLAIM_MAX), clock.now(), settings.leaseMs, { only: flows }),
      );
      if (!jobs.length) {
        if (signals === this.readySignals) await this.waitFor('work', settings.idlePollMs);
        continue;
      }
      for (const job of await this.guard(() => this.skipStale(jobs), jobs)) void this.runSingle(job);
    }
  }

  private async batchLoop(handler: Handler): Promise<void> {
    const { repos, clock, settings } = this.deps;
    const { max, waitMs } = handler.batch!;
    const only = { only: [handler.name] };
    while (!this.stopping) {
      if (this.busySlots >= settings.concurrency) {
        await this.waitFor('slot', settings.idlePollMs);
        continue;
      }
      const started = clock.now();
      const signals = this.readySignals;
      const jobs = await this.claim(() => repos.jobs.claim(this.id, max, clock.now(), settings.leaseMs, only));
      if (!jobs.length) {
        if (signals === this.readySignals) await this.waitFor('work', settings.idlePollMs);
        continue;
      }
      for (const job of jobs) this.track(job);
      // Wait a little for the batch to fill: orders that arrive together are sent together.
      while (jobs.length < max && !this.stopping) {
        const left = waitMs - (clock.now() - started);
        if (left <= 0) break;
        await this.waitFor('work', Math.min(left, 10));
        const more = await this.claim(() =>
          repos.jobs.claim(this.id, max - jobs.length, clock.now(), settings.leaseMs, only),
        );
        for (const job of more) this.track(job);
        jobs.push(...more);
      }
      const fresh = await this.guard(() => this.skipStale(jobs), jobs);
      // One batch per integration: each has its own connectors, limits and credentials.
      const byIntegration = new Map<string, Job[]>();
      for (const job of fresh)
        byIntegration.set(job.integrationId, [...(byIntegration.get(job.integrationId) ?? []), job]);
      for (const group of byIntegration.values()) void this.runBatch(handler, group);
    }
  }

  private async claim(fn: () => Promise<Job[]>): Promise<Job[]> {
    try {
      return await fn();
    } catch (error) {
      if (this.stopping) return [];
      this.deps.logger.error({ err: describeError(error) }, 'claiming jobs failed; retrying in 1 s');
      await this.waitFor('never', 1_000);
      return [];
    }
  }

  private attemptOf(job: Job): Pick<AttemptRecord, 'integrationId' | 'number' | 'worker'> {
    return { integrationId: job.integrationId, number: job.attempts, worker: this.id };
  }

  /** Runs a store step of the claim loop; if it fails, the claimed jobs are left to their leases. */
  private async guard(step: () => Promise<Job[]>, jobs: Job[]): Promise<Job[]> {
    try {
      return await step();
    } catch (error) {
      this.deps.logger.error(
        { err: describeError(error), jobs: jobs.length },
        'could not check claimed jobs for staleness; they run again when their lease expires',
      );
      for (const job of jobs) this.untrack(job);
      return [];
    }
  }

  private track(job: Job): InFlight {
    let entry = this.inFlight.get(job.id);
    if (!entry) this.inFlight.set(job.id, (entry = { job, abort: new AbortController() }));
    return entry;
  }

  private untrack(job: Job): void {
    this.inFlight.delete(job.id);
  }

  /** Jobs carrying a record version older than one already applied finish as done/stale without running. */
  private async skipStale(jobs: Job[]): Promise<Job[]> {
    const versioned = jobs.filter((j) => j.recordKey !== null && j.version !== null);
    if (!versioned.length) return jobs;
    const fresh: Job[] = [];
    const byIntegration = new Map<string, Job[]>();
    for (const job of versioned)
      byIntegration.set(job.integrationId, [...(byIntegration.get(job.integrationId) ?? []), job]);
    const stale = new Set<number>();
    for (const [integrationId, list] of byIntegration) {
      const applied = await this.deps.repos.jobs.appliedVersions(
        integrationId,
        list.map((j) => j.recordKey!),
      );
      for (const job of list) {
        const newest = applied.get(job.recordKey!);
        if (newest !== undefined && isOlderVersion(job.version!, newest)) {
          stale.add(job.id);
          this.track(job);
          const startedAt = this.deps.clock.now();
          const steps: TraceStep[] = [
            { name: 'stale', startedAt, ms: 0, note: `version ${job.version} is older than the applied ${newest}` },
          ];
          void this.complete(job, { outcome: 'stale' }, { ...this.attemptOf(job), startedAt, steps });
        }
      }
    }
    for (const job of jobs) if (!stale.has(job.id)) fresh.push(job);
    return fresh;
  }

  private context(job: Job, steps: TraceStep[], signal: AbortSignal): JobContext {
    const clock = this.deps.clock;
    return {
      job,
      signal,
      withLock: this.deps.withLock,
      async step(name, fn, detail) {
        const startedAt = clock.now();
        try {
          const result = await fn();
          steps.push({
            name,
            startedAt,
            ms: clock.now() - startedAt,
            ...(detail?.request !== undefined ? { request: redact(detail.request) } : {}),
            ...(detail?.response ? { response: redact(detail.response(result)) } : {}),
          });
          return result;
        } catch (error) {
          steps.push({
            name,
            startedAt,
            ms: clock.now() - startedAt,
            ...(detail?.request !== undefined ? { request: redact(detail.request) } : {}),
            error: describeError(error),
          });
          throw error;
        }
      },
      note(name, detail) {
        steps.push({ name, startedAt: clock.now(), ms: 0, ...(detail ? (redact(detail) as object) : {}) });
      },
    };
  }

  private async runSingle(job: Job): Promise<void> {
    const handler = this.handlers.get(job.flow)!;
    const entry = this.track(job);
    this.busySlots++;
    const startedAt = this.deps.clock.now();
    const steps: TraceStep[] = [];
    const release = await this.deps.limiter.acquire(job.integrationId, handler.connectors, job.priority);
    this.events.emit('started', { job, at: this.deps.clock.now() });
    try {
      if (!handler.run) throw new Error(`flow ${handler.name} declares neither run nor runBatch`);
      const result = await handler.run(this.context(job, steps, entry.abort.signal));
      release();
      await this.complete(job, result, { ...this.attemptOf(job), startedAt, steps });
    } catch (error) {
      release();
      await this.fail(handler, job, error, { ...this.attemptOf(job), startedAt, steps });
    } finally {
      this.busySlots--;
      this.untrack(job);
      this.wake.emit('slot');
    }
  }

  private async runBatch(handler: Handler, jobs: Job[]): Promise<void> {
    this.busySlots++;
    const startedAt = this.deps.clock.now();
    const traces = jobs.map(() => [] as TraceStep[]);
    const ctxs = jobs.map((job, i) => this.context(job, traces[i]!, this.track(job).abort.signal));
    const release = await this.deps.limiter.acquire(
      jobs[0]!.integrationId,
      handler.connectors,
      Math.min(...jobs.map((j) => j.priority)),
    );
    for (const job of jobs) this.events.emit('started', { job, at: this.deps.clock.now() });
    let results: (JobResult | Error)[];
    try {
      if (!handler.runBatch) throw new Error(`flow ${handler.name} declares a batch but no runBatch`);
      results = await handler.runBatch(ctxs);
      if (results.length !== jobs.length)
        throw new Error(`flow ${handler.name} returned ${results.length} results for ${jobs.length} jobs`);
    } catch (error) {
      results = jobs.map(() => (error instanceof Error ? error : new Error(String(error))));
    } finally {
      release();
    }
    await Promise.all(
      jobs.map((job, i) => {
        const result = results[i]!;
        const attempt = { ...this.attemptOf(job), startedAt, steps: traces[i]! };
        return (
          result instanceof Error ? this.fail(handler, job, result, attempt) : this.complete(job, result, attempt)
        ).finally(() => this.untrack(job));
      }),
    );
    this.busySlots--;
    this.wake.emit('slot');
  }

  /** Queues a completion for the next group commit; resolves once it is durable. */
  private complete(job: Job, result: JobResult, attempt: AttemptRecord): Promise<void> {
    return new Promise<void>((resolve) => {
      this.completions.push({
        completion: {
          id: job.id,
          outcome: result.outcome,
          attempt,
          ...(result.effects ? { effects: result.effects } : {}),
        },
        done: (ok) => {
          if (ok)
            this.events.emit('settled', {
              job,
              state: 'done',
              outcome: result.outcome,
              ms: this.deps.clock.now() - attempt.startedAt,
              steps: attempt.steps,
            } satisfies SettledEvent);
          this.untrack(job);
          resolve();
        },
      });
      if (!this.flushing) this.flushing = new Promise((r) => setImmediate(r)).then(() => this.flush());
    });
  }

  private async flush(): Promise<void> {
    try {
      await this.flushAll();
    } finally {
      this.flushing = null;
    }
  }

  private async flushAll(): Promise<void> {
    while (this.completions.length) {
      const batch = this.completions.splice(0, 500);
      const now = this.deps.clock.now();
      try {
        const held = new Set(
          await this.deps.repos.jobs.complete(
            this.id,
            batch.map((b) => b.completion),
            now,
          ),
        );
        for (const b of batch) b.done(held.has(b.completion.id));
      } catch (error) {
        // One job's effects failed the shared transaction: complete each on its own, so the others still land.
        for (const b of batch) {
          try {
            const held = await this.deps.repos.jobs.complete(this.id, [b.completion], this.deps.clock.now());
            b.done(held.length > 0);
          } catch (own) {
            const job = this.inFlight.get(b.completion.id)?.job;
            if (job) {
              const handler = this.handlers.get(job.flow)!;
              await this.fail(
                handler,
                job,
                own,
                b.completion.attempt ?? { ...this.attemptOf(job), startedAt: now, steps: [] },
              ).catch((failError: unknown) =>
                this.deps.logger.error(
                  { job: job.id, err: describeError(failError) },
                  'could not record a failed completion; the job is retried when its lease expires',
                ),
              );
            }
            b.done(false);
          }
        }
        if (batch.length > 1)
          this.deps.logger.warn(
            { err: describeError(error), jobs: batch.length },
            'group commit failed; completed jobs one by one',
          );
      }
    }
  }

  /** Settles a failed job by its error's class (DESIGN.md error taxonomy). */
  private async fail(handler: Handler, job: Job, error: unknown, attempt: AttemptRecord): Promise<void> {
    const { repos, queue, clock, logger, settings } = this.deps;
    const now = clock.now();
    const recorded = errorRecord(error);
    const record = { ...attempt, error: recorded };
    let state: JobState;
    let runAt: number | undefined;
    let refund = false;
    let reason: string | undefined;
    if (error instanceof AuthError) {
      state = 'paused';
      refund = true;
      reason = `connector ${error.connector ?? handler.connectors[0]} rejected its credentials`;
    } else if (error instanceof ValidationError) {
      state = 'dead';
      reason = 'validation';
    } else if (error instanceof BusinessError) {
      state = 'review';
      reason = describeError(error);
    } else if (job.attempts >= job.maxAttempts) {
      state = 'dead';
      reason = `gave up after ${job.attempts} attempts`;
    } else {
      state = 'retrying';
      runAt =
        now + retryDelay(job.attempts, settings, error instanceof TransientError ? error.retryAfterMs : undefined);
    }
    try {
      const held = await repos.jobs.settle(
        this.id,
        [
          {
            id: job.id,
            state: state as Exclude<JobState, 'done' | 'running'>,
            ...(runAt !== undefined ? { runAt } : {}),
            ...(reason ? { reason } : {}),
            error: recorded,
            refundAttempt: refund,
            attempt: record,
          },
        ],
        now,
      );
      // Not ours any more (given back at shutdown, or taken over after our lease ran out): its new holder decides.
      if (!held.length) return;
    } catch (settleError) {
      // The lease will expire and the job run again: nothing is lost.
      logger.error(
        { job: job.id, err: describeError(settleError) },
        'could not record a failed attempt; the job will be retried when its lease expires',
      );
      return;
    }
    try {
      if (error instanceof AuthError) {
        const connector = error.connector ?? handler.connectors[0] ?? 'unknown';
        const first = await queue.pauseConnector(job.integrationId, connector, describeError(error));
        if (first) {
          await repos.alerts.raise({
            integrationId: job.integrationId,
            kind: 'auth',
            connector,
            message: `${connector} rejected the bridge's credentials: ${describeError(error)}`,
          });
          logger.error(
            { integration: job.integrationId, connector, err: describeError(error) },
            'connector paused after an authentication failure',
          );
        }
      } else if (isBridgeError(error) && error.details.alert === true) {
        await repos.alerts.raise({
          integrationId: job.integrationId,
          kind: error.kind,
          ...(error.connector ? { connector: error.connector } : {}),
          message: describeError(error),
        });
      }
    } catch (sideError) {
      // The job is settled; a pause or alert that could not be written is logged, and the next failure retries it.
      logger.error({ job: job.id, err: describeError(sideError) }, 'could not pause the connector or raise the alert');
    }
    logger[state === 'retrying' ? 'warn' : 'error'](
      { job: job.id, flow: job.flow, lane: job.lane, state, err: describeError(error) },
      `job ${state}`,
    );
    this.events.emit('settled', {
      job,
      state,
      ms: now - attempt.startedAt,
      error: recorded,
      steps: attempt.steps,
    } satisfies SettledEvent);
  }

  private async heartbeat(): Promise<void> {
    const ids = [...this.inFlight.keys()];
    if (!ids.length) return;
    const now = this.deps.clock.now();
    try {
      const held = new Set(await this.deps.repos.jobs.heartbeat(this.id, ids, now + this.deps.settings.leaseMs, now));
      for (const id of ids) {
        const entry = this.inFlight.get(id);
        // Lost: another worker took it after our lease ran out. Tell the handler to stop.
        if (entry && !held.has(id) && entry.job.state === 'running') entry.abort.abort();
      }
    } catch (error) {
      this.deps.logger.warn({ err: describeError(error) }, 'heartbeat failed');
    }
  }

  private async recover(): Promise<void> {
    try {
      const recovered = await this.deps.repos.jobs.recoverExpired(this.deps.clock.now());
      if (recovered) {
        this.deps.logger.warn({ recovered }, 'jobs whose worker stopped answering were made claimable again');
        this.wake.emit('work');
      }
    } catch (error) {
      this.deps.logger.warn({ err: describeError(error) }, 'lease recovery failed');
    }
  }

  private waitFor(signal: 'work' | 'slot' | 'never', ms: number): Promise<void> {
    if (this.stopping && signal !== 'never') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake.off(signal, done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake.once(signal, done);
    });
  }
}

/** What is stored of an error: its class, message and field problems, redacted. */
export function errorRecord(error: unknown): unknown {
  if (isBridgeError(error)) return redact(error.toJSON());
  if (error instanceof Error) return redact({ kind: 'unexpected', name: error.name, message: error.message });
  return redact({ kind: 'unexpected', message: String(error) });
}
