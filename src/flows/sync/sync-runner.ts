// The loop every sync shares: which records to read (full, since a date, or since the last run), resuming an
// unfinished run from its checkpoint, page after page with progress, saving the cursor after each finished page.
import { toOdooStamp, type Domain } from '../../connectors/odoo/index.ts';
import type { IdCursor } from './odoo-pages.ts';
import { UsageError } from '../../core/errors.ts';
import {
  emptyCounts,
  loadSyncState,
  saveSyncState,
  type SyncCounts,
  type SyncKind,
  type SyncState,
} from './sync-state.ts';
import { SyncAborted, type PlannedChange, type SyncDeps, type SyncOptions, type SyncReport } from './sync-types.ts';

export interface SyncPlan {
  /** Extra domain on the Odoo model: the records this run looks at. */
  domain: Domain;
  /** Changes from this Odoo stamp on (`--since`, else the last run's start; none on a full run). */
  from: string | undefined;
  after: IdCursor | undefined;
  counts: SyncCounts;
  resumed: boolean;
}

/** Parses `--since`: an ISO date or date-time → Odoo's UTC stamp. */
export function sinceStamp(since: string): string {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(since) ? `${since}T00:00:00Z` : since);
  if (!Number.isFinite(ms))
    throw new UsageError(
      `--since ${since} is not a date`,
      'give an ISO date or date-time, e.g. 2026-11-01 or 2026-11-01T08:00:00Z',
    );
  return toOdooStamp(ms);
}

/**
 * Runs a sync: `pages(plan)` yields the pages (each already handled by `work`); the runner keeps the checkpoint and
 * the progress. On abort it keeps the checkpoint (the next run resumes); at the end it records where the next
 * incremental run starts.
 */
export async function runSync(
  deps: SyncDeps,
  kind: SyncKind,
  options: SyncOptions,
  total: (domain: Domain) => Promise<number>,
  pages: (plan: SyncPlan) => AsyncGenerator<{ cursor: IdCursor; size: number }>,
  extra: { planned: PlannedChange[]; failures: { key: string; error: string }[] },
): Promise<SyncReport> {
  const { repos, integration, clock } = deps;
  const started = clock.now();
  const state: SyncState = await loadSyncState(repos, integration.id, kind);
  const since = options.since ? sinceStamp(options.since) : undefined;
  const same = state.running && state.running.full === options.full && state.running.since === since;
  const resumed = !!same && !options.dryRun;
  const running = resumed
    ? state.running!
    : { full: options.full, ...(since ? { since } : {}), startedAt: toOdooStamp(started), counts: emptyCounts() };
  const from = since ?? (options.full ? undefined : state.lastStartedAt);
  const domain: Domain = from ? [['write_date', '>=', from]] : [];
  const counts = running.counts;
  const expected = await total(domain);
  const plan: SyncPlan = { domain, from, after: running.cursor, counts, resumed };
  let done = counts.seen;
  const report = () =>
    options.onProgress?.({
      kind,
      done,
      total: Math.max(expected, done),
      counts: { ...counts },
      elapsedMs: clock.now() - started,
    });
  report();
  for await (const page of pages(plan)) {
    done = counts.seen;
    if (!options.dryRun)
      await saveSyncState(
        repos,
        integration.id,
        kind,
        { ...state, running: { ...running, cursor: page.cursor, counts } },
        clock.now(),
      );
    report();
    if (options.signal?.aborted) throw new SyncAborted(kind);
  }
  if (!options.dryRun)
    await saveSyncState(repos, integration.id, kind, { lastStartedAt: running.startedAt }, clock.now());
  return { kind, counts, elapsedMs: clock.now() - started, resumed, planned: extra.planned, failures: extra.failures };
}
