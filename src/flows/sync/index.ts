// The syncs `bridge sync <kind>` runs, and the dependencies they take from a bridge.
import type { Bridge } from '../../bridge.ts';
import { UsageError } from '../../core/errors.ts';
import { syncCustomers } from './customers-sync.ts';
import { syncProducts } from './products-sync.ts';
import type { SyncKind } from './sync-state.ts';
import { syncStock } from './stock-sync.ts';
import type { SyncDeps, SyncOptions, SyncReport } from './sync-types.ts';

export * from './sync-types.ts';
export type { SyncCounts, SyncKind } from './sync-state.ts';

export const SYNCS: Record<SyncKind, (deps: SyncDeps, options: SyncOptions) => Promise<SyncReport>> = {
  products: syncProducts,
  stock: syncStock,
  customers: syncCustomers,
};

export function isSyncKind(value: string): value is SyncKind {
  return value in SYNCS;
}

/** What a sync needs, from a bridge (not started: a sync calls the connectors itself). */
export function syncDeps(bridge: Bridge, integrationId?: string): SyncDeps {
  const ids = [...bridge.integrations.keys()];
  const id = integrationId ?? (ids.length === 1 ? ids[0] : undefined);
  if (!id)
    throw new UsageError(
      ids.length ? `the config has several integrations (${ids.join(', ')})` : 'the config has no integration',
      ids.length ? 'pick one with --integration <id>' : 'add one under integrations:',
    );
  const integration = bridge.integrations.get(id);
  if (!integration)
    throw new UsageError(
      `no integration "${id}" in the config (it has ${ids.join(', ')})`,
      'pick one of those with --integration <id>',
    );
  const { services } = bridge;
  return {
    integration,
    repos: services.repos,
    store: bridge.engine.store,
    clock: services.clock,
    logger: services.logger,
    withLock: services.withLock,
  };
}

export function runSyncKind(kind: SyncKind, deps: SyncDeps, options: SyncOptions): Promise<SyncReport> {
  return SYNCS[kind](deps, options);
}
