// Pollers' cursors, one per (integration, name).
import type { CheckpointPort } from '../core/checkpoint.ts';
import type { Store } from './db.ts';

export class CheckpointsRepo {
  constructor(private readonly store: Store) {}

  async get(integrationId: string, name: string): Promise<string | undefined> {
    const row = await this.store.db
      .selectFrom('checkpoints')
      .select('value')
      .where('integration_id', '=', integrationId)
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.value;
  }

  async set(integrationId: string, name: string, value: string, now = Date.now()): Promise<void> {
    await this.store.db
      .insertInto('checkpoints')
      .values({ integration_id: integrationId, name, value, updated_at: now })
      .onConflict((oc) => oc.columns(['integration_id', 'name']).doUpdateSet({ value, updated_at: now }))
      .execute();
  }

  /** The port pollers take: the cursors of one integration. */
  port(integrationId: string): CheckpointPort {
    return { get: (key) => this.get(integrationId, key), set: (key, value) => this.set(integrationId, key, value) };
  }
}
