// Secrets the bridge receives while running (a webhook signing secret), stored encrypted by the caller.
import type { Store } from './db.ts';

export class SecretsRepo {
  constructor(private readonly store: Store) {}

  async save(integrationId: string, name: string, ciphertext: string, now = Date.now()): Promise<void> {
    await this.store.db
      .insertInto('secrets')
      .values({ integration_id: integrationId, name, ciphertext, updated_at: now })
      .onConflict((oc) => oc.columns(['integration_id', 'name']).doUpdateSet({ ciphertext, updated_at: now }))
      .execute();
  }

  async load(integrationId: string, name: string): Promise<string | undefined> {
    const row = await this.store.db
      .selectFrom('secrets')
      .select('ciphertext')
      .where('integration_id', '=', integrationId)
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.ciphertext;
  }

  async delete(integrationId: string, name: string): Promise<void> {
    await this.store.db
      .deleteFrom('secrets')
      .where('integration_id', '=', integrationId)
      .where('name', '=', name)
      .execute();
  }

  /** Every secret of an integration whose name starts with `prefix` (e.g. all live webhook secrets). */
  async loadAll(integrationId: string, prefix: string): Promise<{ name: string; ciphertext: string }[]> {
    return this.store.db
      .selectFrom('secrets')
      .select(['name', 'ciphertext'])
      .where('integration_id', '=', integrationId)
      .where('name', 'like', `${prefix}%`)
      .execute();
  }
}
