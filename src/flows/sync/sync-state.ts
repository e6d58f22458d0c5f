// Where a full or incremental sync stands, kept in the checkpoints table (`sync:<kind>`), so that a sync killed
// halfway resumes after the last page it finished, and the next incremental run starts where the last one ended.
import type { IdCursor } from './odoo-pages.ts';
import type { Repos } from '../../store/index.ts';

export type SyncKind = 'products' | 'stock' | 'customers';

export interface SyncCounts {
  seen: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  failed: number;
}

export interface SyncState {
  /** Set while a run is unfinished: the Odoo cursor after the last finished page, and that run's settings. */
  running?: { cursor?: IdCursor; full: boolean; since?: string; startedAt: string; counts: SyncCounts };
  /** The Odoo write_date (UTC, Odoo format) the last finished run started from: the next incremental run's start. */
  lastStartedAt?: string;
}

export const emptyCounts = (): SyncCounts => ({ seen: 0, created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 });

const keyOf = (kind: SyncKind) => `sync:${kind}`;

export async function loadSyncState(repos: Repos, integrationId: string, kind: SyncKind): Promise<SyncState> {
  const raw = await repos.checkpoints.get(integrationId, keyOf(kind));
  if (!raw) return {};
  try {
    return JSON.parse(raw) as SyncState;
  } catch {
    return {};
  }
}

export async function saveSyncState(
  repos: Repos,
  integrationId: string,
  kind: SyncKind,
  state: SyncState,
  now: number,
): Promise<void> {
  await repos.checkpoints.set(integrationId, keyOf(kind), JSON.stringify(state), now);
}
