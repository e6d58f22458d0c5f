// Bindings: (integration, entity kind, Clarity key) ↔ Odoo id, with the snapshot last written each way
// (after OCA connector's binder), so that echoes and per-field conflicts can be told apart.
import type { Kysely, Selectable } from 'kysely';
import type { Store } from './db.ts';
import type { BindingsTable, Database } from './schema.ts';

export interface Binding {
  integrationId: string;
  entity: string;
  clarityKey: string;
  odooId: number | null;
  odooSnapshot: Record<string, unknown> | null;
  claritySnapshot: Record<string, unknown> | null;
  updatedAt: number;
}

export interface BindingWrite {
  integrationId: string;
  entity: string;
  clarityKey: string;
  odooId?: number | null;
  /** The mapped fields just written to Odoo (omit to keep the stored one). */
  odooSnapshot?: Record<string, unknown>;
  /** The mapped fields just written to Clarity (omit to keep the stored one). */
  claritySnapshot?: Record<string, unknown>;
}

const toBinding = (r: Selectable<BindingsTable>): Binding => ({
  integrationId: r.integration_id,
  entity: r.entity,
  clarityKey: r.clarity_key,
  odooId: r.odoo_id,
  odooSnapshot: r.odoo_snapshot === null ? null : JSON.parse(r.odoo_snapshot),
  claritySnapshot: r.clarity_snapshot === null ? null : JSON.parse(r.clarity_snapshot),
  updatedAt: r.updated_at,
});

export class BindingsRepo {
  constructor(private readonly store: Store) {}

  async byClarityKeys(integrationId: string, entity: string, keys: readonly string[]): Promise<Map<string, Binding>> {
    if (!keys.length) return new Map();
    const rows = await this.store.db
      .selectFrom('bindings')
      .selectAll()
      .where('integration_id', '=', integrationId)
      .where('entity', '=', entity)
      .where('clarity_key', 'in', [...new Set(keys)])
      .execute();
    return new Map(rows.map((r) => [r.clarity_key, toBinding(r)]));
  }

  async byClarityKey(integrationId: string, entity: string, key: string): Promise<Binding | undefined> {
    return (await this.byClarityKeys(integrationId, entity, [key])).get(key);
  }

  async byOdooId(integrationId: string, entity: string, odooId: number): Promise<Binding | undefined> {
    const row = await this.store.db
      .selectFrom('bindings')
      .selectAll()
      .where('integration_id', '=', integrationId)
      .where('entity', '=', entity)
      .where('odoo_id', '=', odooId)
      .executeTakeFirst();
    return row ? toBinding(row) : undefined;
  }

  /** Writes a binding; call it with the transaction that completes the job. */
  async upsert(write: BindingWrite, now = Date.now(), db: Kysely<Database> = this.store.db): Promise<void> {
    const odooSnapshot = write.odooSnapshot === undefined ? undefined : JSON.stringify(write.odooSnapshot);
    const claritySnapshot = write.claritySnapshot === undefined ? undefined : JSON.stringify(write.claritySnapshot);
    await db
      .insertInto('bindings')
      .values({
        integration_id: write.integrationId,
        entity: write.entity,
        clarity_key: write.clarityKey,
        odoo_id: write.odooId ?? null,
        odoo_snapshot: odooSnapshot ?? null,
        clarity_snapshot: claritySnapshot ?? null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['integration_id', 'entity', 'clarity_key']).doUpdateSet({
          updated_at: now,
          ...(write.odooId !== undefined ? { odoo_id: write.odooId } : {}),
          ...(odooSnapshot !== undefined ? { odoo_snapshot: odooSnapshot } : {}),
          ...(claritySnapshot !== undefined ? { clarity_snapshot: claritySnapshot } : {}),
        }),
      )
      .execute();
  }
}
