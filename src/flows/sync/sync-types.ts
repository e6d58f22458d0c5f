// What every sync (products, stock, customers) takes and reports.
import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import type { WithLock } from '../../engine/locks.ts';
import type { Store } from '../../store/db.ts';
import type { Repos } from '../../store/index.ts';
import type { IntegrationRuntime } from '../flow.ts';
import type { SyncCounts, SyncKind } from './sync-state.ts';

export interface SyncDeps {
  integration: IntegrationRuntime;
  repos: Repos;
  store: Store;
  clock: Clock;
  logger: Logger;
  withLock: WithLock;
}

export interface SyncOptions {
  /** Every record (compared with what the other side holds now), not only those changed since the last run. */
  full: boolean;
  /** Only records changed since this instant (ISO date or date-time). */
  since?: string;
  /** Decide and report, write nothing. */
  dryRun: boolean;
  /** Stops the run between pages (its checkpoint is kept: the next run resumes). */
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
  pageSize?: number;
}

export interface SyncProgress {
  kind: SyncKind;
  done: number;
  /** Records to look at (an estimate when resuming). */
  total: number;
  counts: SyncCounts;
  elapsedMs: number;
}

/** One change a dry run would make. */
export interface PlannedChange {
  key: string;
  action: 'create' | 'update';
  fields: Record<string, unknown>;
}

export interface SyncReport {
  kind: SyncKind;
  counts: SyncCounts;
  elapsedMs: number;
  /** Whether it went on from an unfinished run's checkpoint. */
  resumed: boolean;
  /** With `dryRun`: the changes it would make (the first 1,000). */
  planned: PlannedChange[];
  /** The first failures, with their reasons. */
  failures: { key: string; error: string }[];
}

export class SyncAborted extends Error {
  constructor(kind: SyncKind) {
    super(`sync ${kind} stopped; its checkpoint is kept, and the next run resumes after the last finished page`);
    this.name = 'SyncAborted';
  }
}

export const MAX_PLANNED = 1_000;
export const MAX_FAILURES = 50;
