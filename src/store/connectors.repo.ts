// Connector state per (integration, connector): active, or paused after an auth failure until a probe succeeds.
import type { Kysely } from 'kysely';
import type { Store } from './db.ts';
import type { Database } from './schema.ts';

export interface ConnectorState {
  integrationId: string;
  connector: string;
  state: 'active' | 'paused';
  reason: string | null;
  pausedAt: number | null;
  nextProbeAt: number | null;
  probes: number;
}

export class ConnectorsRepo {
  constructor(private readonly store: Store) {}

  async list(integrationId?: string): Promise<ConnectorState[]> {
    let query = this.store.db.selectFrom('connector_states').selectAll();
    if (integrationId) query = query.where('integration_id', '=', integrationId);
    const rows = await query.orderBy('integration_id').orderBy('connector').execute();
    return rows.map((r) => ({
      integrationId: r.integration_id,
      connector: r.connector,
      state: r.state as ConnectorState['state'],
      reason: r.reason,
      pausedAt: r.paused_at,
      nextProbeAt: r.next_probe_at,
      probes: r.probes,
    }));
  }

  /** Connectors paused for an integration (pass `db` when inside a transaction). */
  async paused(integrationId: string, db: Kysely<Database> = this.store.db): Promise<string[]> {
    const rows = await db
      .selectFrom('connector_states')
      .select('connector')
      .where('integration_id', '=', integrationId)
      .where('state', '=', 'paused')
      .execute();
    return rows.map((r) => r.connector);
  }

  /** Marks a connector paused; returns false when it already was. */
  async pause(
    integrationId: string,
    connector: string,
    reason: string,
    nextProbeAt: number | null,
    now: number,
  ): Promise<boolean> {
    const current = await this.store.db
      .selectFrom('connector_states')
      .select('state')
      .where('integration_id', '=', integrationId)
      .where('connector', '=', connector)
      .executeTakeFirst();
    if (current?.state === 'paused') return false;
    await this.store.db
      .insertInto('connector_states')
      .values({
        integration_id: integrationId,
        connector,
        state: 'paused',
        reason,
        paused_at: now,
        next_probe_at: nextProbeAt,
        probes: 0,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['integration_id', 'connector']).doUpdateSet({
          state: 'paused',
          reason,
          paused_at: now,
          next_probe_at: nextProbeAt,
          probes: 0,
          updated_at: now,
        }),
      )
      .execute();
    return true;
  }

  async resume(integrationId: string, connector: string, now: number): Promise<void> {
    await this.store.db
      .insertInto('connector_states')
      .values({
        integration_id: integrationId,
        connector,
        state: 'active',
        reason: null,
        paused_at: null,
        next_probe_at: null,
        probes: 0,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['integration_id', 'connector']).doUpdateSet({
          state: 'active',
          reason: null,
          paused_at: null,
          next_probe_at: null,
          probes: 0,
          updated_at: now,
        }),
      )
      .execute();
  }

  async probeFailed(
    integrationId: string,
    connector: string,
    nextProbeAt: number,
    reason: string,
    now: number,
  ): Promise<void> {
    await this.store.db
      .updateTable('connector_states')
      .set((eb) => ({ probes: eb('probes', '+', 1), next_probe_at: nextProbeAt, reason, updated_at: now }))
      .where('integration_id', '=', integrationId)
      .where('connector', '=', connector)
      .execute();
  }

  /** Paused connectors whose next probe is due. */
  async dueProbes(now: number): Promise<ConnectorState[]> {
    return (await this.list()).filter((c) => c.state === 'paused' && c.nextProbeAt !== null && c.nextProbeAt <= now);
  }
}
