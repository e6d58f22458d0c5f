// Alerts an operator must see (auth failures, missing access rights, ...).
import type { Store } from './db.ts';

export interface Alert {
  id: number;
  integrationId: string;
  kind: string;
  connector: string | null;
  message: string;
  details: unknown;
  createdAt: number;
  resolvedAt: number | null;
}

export class AlertsRepo {
  constructor(private readonly store: Store) {}

  /** Raises an alert, unless the same one (kind, connector, message) is still open. */
  async raise(
    alert: { integrationId: string; kind: string; connector?: string; message: string; details?: unknown },
    now = Date.now(),
  ): Promise<void> {
    let open = this.store.db
      .selectFrom('alerts')
      .select('id')
      .where('integration_id', '=', alert.integrationId)
      .where('kind', '=', alert.kind)
      .where('message', '=', alert.message)
      .where('resolved_at', 'is', null);
    open = alert.connector ? open.where('connector', '=', alert.connector) : open.where('connector', 'is', null);
    if (await open.executeTakeFirst()) return;
    await this.store.db
      .insertInto('alerts')
      .values({
        integration_id: alert.integrationId,
        kind: alert.kind,
        connector: alert.connector ?? null,
        message: alert.message,
        details: alert.details === undefined ? null : JSON.stringify(alert.details),
        created_at: now,
        resolved_at: null,
      })
      .execute();
  }

  async resolve(
    integrationId: string,
    filter: { kind?: string; connector?: string },
    now = Date.now(),
  ): Promise<number> {
    let query = this.store.db
      .updateTable('alerts')
      .set({ resolved_at: now })
      .where('integration_id', '=', integrationId)
      .where('resolved_at', 'is', null);
    if (filter.kind) query = query.where('kind', '=', filter.kind);
    if (filter.connector) query = query.where('connector', '=', filter.connector);
    return Number((await query.executeTakeFirst()).numUpdatedRows);
  }

  async list(filter: { integrationId?: string; open?: boolean; limit?: number } = {}): Promise<Alert[]> {
    let query = this.store.db.selectFrom('alerts').selectAll();
    if (filter.integrationId) query = query.where('integration_id', '=', filter.integrationId);
    if (filter.open) query = query.where('resolved_at', 'is', null);
    const rows = await query
      .orderBy('id', 'desc')
      .limit(filter.limit ?? 100)
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      integrationId: r.integration_id,
      kind: r.kind,
      connector: r.connector,
      message: r.message,
      details: r.details === null ? null : JSON.parse(r.details),
      createdAt: r.created_at,
      resolvedAt: r.resolved_at,
    }));
  }
}
