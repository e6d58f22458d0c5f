// The queue as flows, the router, the CLI and the worker use it: enqueue, operator actions, connector pauses.
import { EventEmitter } from 'node:events';
import type { Clock } from '../core/clock.ts';
import type { Repos } from '../store/index.ts';
import type { Job, NewJob } from './job.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

export interface QueueSettings {
  attempts: number;
  probeBaseMs: number;
}

export class Queue {
  /** Emits `ready` when jobs were enqueued or released in this process, so idle workers wake at once. */
  readonly signals = new EventEmitter();

  constructor(
    private readonly repos: Repos,
    private readonly clock: Clock,
    private readonly settings: QueueSettings,
  ) {
    this.signals.setMaxListeners(0);
  }

  /**
   * Enqueues jobs in multi-row statements, idempotently by dedup key. A job that uses a paused connector is
   * enqueued paused (and a claim never takes a job of a paused connector). Pass `tx` to enqueue in the caller's
   * transaction (the router does); the caller then emits `ready` on `signals` once it has committed.
   */
  async enqueue(jobs: readonly NewJob[], tx?: Kysely<Database>): Promise<{ enqueued: number; duplicates: number }> {
    if (!jobs.length) return { enqueued: 0, duplicates: 0 };
    const now = this.clock.now();
    const paused = new Map<string, string[]>();
    for (const integrationId of new Set(jobs.map((j) => j.integrationId)))
      paused.set(integrationId, await this.pausedConnectors(integrationId, tx));
    const rows = jobs.map((job) => ({
      ...job,
      maxAttempts: job.maxAttempts ?? this.settings.attempts,
      state: job.connectors.some((c) => paused.get(job.integrationId)?.includes(c))
        ? ('paused' as const)
        : ('pending' as const),
    }));
    const inserted = await this.repos.jobs.enqueue(rows, now, tx);
    // Inside a caller's transaction the jobs are not visible until it commits: the caller signals then.
    if (inserted.size && !tx) this.signals.emit('ready');
    return { enqueued: inserted.size, duplicates: jobs.length - inserted.size };
  }

  /**
   * Paused connectors, cached for a second: pauses are rare, and a job enqueued as pending just after a pause made
   * by another process is held by its own auth failure (no attempt spent) or by the pause's sweep of pending jobs.
   */
  private async pausedConnectors(integrationId: string, tx?: Kysely<Database>): Promise<string[]> {
    const cached = this.pausedCache.get(integrationId);
    if (cached && cached.until > this.clock.now()) return cached.connectors;
    const connectors = await this.repos.connectors.paused(integrationId, tx);
    this.pausedCache.set(integrationId, { connectors, until: this.clock.now() + 1_000 });
    return connectors;
  }

  private readonly pausedCache = new Map<string, { connectors: string[]; until: number }>();

  /** Replays dead or review jobs with a fresh attempt budget (optionally an edited payload); history is kept. */
  async replay(ids: readonly number[], payload?: unknown): Promise<number[]> {
    const replayed = await this.repos.jobs.replay(ids, this.clock.now(), payload);
    if (replayed.length) this.signals.emit('ready');
    return replayed;
  }

  async discard(ids: readonly number[], reason: string): Promise<number[]> {
    if (!reason.trim()) throw new Error('a discard needs a reason');
    return this.repos.jobs.discard(ids, reason, this.clock.now());
  }

  /** Pauses a connector for an integration: its queued jobs wait without spending attempts until it resumes. */
  async pauseConnector(integrationId: string, connector: string, reason: string, probe = true): Promise<boolean> {
    const now = this.clock.now();
    this.pausedCache.delete(integrationId);
    const changed = await this.repos.connectors.pause(
      integrationId,
      connector,
      reason,
      probe ? now + this.settings.probeBaseMs : null,
      now,
    );
    await this.repos.jobs.pauseConnector(integrationId, connector, now);
    return changed;
  }

  async resumeConnector(integrationId: string, connector: string): Promise<number> {
    const now = this.clock.now();
    this.pausedCache.delete(integrationId);
    await this.repos.connectors.resume(integrationId, connector, now);
    const stillPaused = await this.repos.connectors.paused(integrationId);
    const released = await this.repos.jobs.resumePaused(integrationId, stillPaused, now);
    await this.repos.alerts.resolve(integrationId, { kind: 'auth', connector }, now);
    if (released) this.signals.emit('ready');
    return released;
  }

  get(id: number): Promise<Job | undefined> {
    return this.repos.jobs.get(id);
  }
}
