// The inbox: each change stored once, keyed by its identity (and the delivery's own id when there is one).
import type { Kysely, Selectable } from 'kysely';
import { DEFAULT_PRIORITY } from '../engine/job.ts';
import type { BridgeEvent, RecordOutcome } from '../core/event.ts';
import { eventDedupKey, newId } from '../core/ids.ts';
import type { Store } from './db.ts';
import type { Database, EventsTable } from './schema.ts';

export interface StoredEvent extends BridgeEvent {
  id: string;
  dedupKey: string;
  receivedAt: number;
  duplicates: number;
}

const toEvent = (row: Selectable<EventsTable>): StoredEvent => ({
  id: row.id,
  integrationId: row.integration_id,
  source: row.source,
  type: row.type,
  entity: row.entity,
  entityId: row.entity_id,
  version: row.version,
  ...(row.external_id !== null ? { externalId: row.external_id } : {}),
  occurredAt: new Date(row.occurred_at).toISOString(),
  payload: JSON.parse(row.payload),
  dedupKey: row.dedup_key,
  receivedAt: row.received_at,
  duplicates: row.duplicates,
});

export class EventsRepo {
  constructor(private readonly store: Store) {}

  /** Stores each event once; a second arrival of the same change (by identity or delivery id) is counted, not stored. */
  async record(
    events: readonly BridgeEvent[],
    now: number,
    priorityOf: (event: BridgeEvent) => number = () => DEFAULT_PRIORITY,
  ): Promise<RecordOutcome[]> {
    if (!events.length) return [];
    return this.store.transaction(async (tx) => {
      const outcomes: RecordOutcome[] = [];
      for (const event of events) outcomes.push(await this.recordOne(tx, event, now, priorityOf(event)));
      return outcomes;
    });
  }

  private async recordOne(
    tx: Kysely<Database>,
    event: BridgeEvent,
    now: number,
    priority: number,
  ): Promise<RecordOutcome> {
    const dedupKey = eventDedupKey(event);
    const id = newId('evt_');
    const occurred = Date.parse(event.occurredAt);
    const inserted = await tx
      .insertInto('events')
      .values({
        id,
        integration_id: event.integrationId,
        source: event.source,
        type: event.type,
        entity: event.entity,
        entity_id: event.entityId,
        version: event.version,
        dedup_key: dedupKey,
        external_id: event.externalId ?? null,
        occurred_at: Number.isNaN(occurred) ? now : occurred,
        received_at: now,
        payload: JSON.stringify(event.payload ?? null),
        routed_at: null,
        priority,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return { status: 'recorded', id };
    let existing = await tx.selectFrom('events').select('id').where('dedup_key', '=', dedupKey).executeTakeFirst();
    if (!existing && event.externalId) {
      existing = await tx
        .selectFrom('events')
        .select('id')
        .where('integration_id', '=', event.integrationId)
        .where('source', '=', event.source)
        .where('external_id', '=', event.externalId)
        .executeTakeFirst();
    }
    if (!existing) throw new Error(`event ${dedupKey} conflicted but cannot be found`);
    await tx
      .updateTable('events')
      .set((eb) => ({ duplicates: eb('duplicates', '+', 1) }))
      .where('id', '=', existing.id)
      .execute();
    return { status: 'duplicate', id: existing.id };
  }

  /** Events not yet routed, the most urgent first, then oldest first. */
  async unrouted(db: Kysely<Database>, limit: number): Promise<StoredEvent[]> {
    const rows = await db
      .selectFrom('events')
      .selectAll()
      .where('routed_at', 'is', null)
      .orderBy('priority')
      .orderBy('received_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toEvent);
  }

  async markRouted(tx: Kysely<Database>, ids: readonly string[], now: number): Promise<void> {
    if (ids.length)
      await tx
        .updateTable('events')
        .set({ routed_at: now })
        .where('id', 'in', [...ids])
        .execute();
  }

  async get(id: string): Promise<StoredEvent | undefined> {
    const row = await this.store.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toEvent(row) : undefined;
  }

  async list(
    filter: { integrationId?: string; entity?: string; entityId?: string; limit?: number } = {},
  ): Promise<StoredEvent[]> {
    let query = this.store.db.selectFrom('events').selectAll();
    if (filter.integrationId) query = query.where('integration_id', '=', filter.integrationId);
    if (filter.entity) query = query.where('entity', '=', filter.entity);
    if (filter.entityId) query = query.where('entity_id', '=', filter.entityId);
    const rows = await query
      .orderBy('received_at', 'desc')
      .limit(filter.limit ?? 100)
      .execute();
    return rows.map(toEvent);
  }

  /** Deletes routed events received before `before` (retention). */
  async prune(before: number): Promise<number> {
    const result = await this.store.db
      .deleteFrom('events')
      .where('received_at', '<', before)
      .where('routed_at', 'is not', null)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
