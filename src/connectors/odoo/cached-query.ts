// All records of a small model that match a domain (a company's sales taxes), read once and kept until Odoo
// changes the model (its ModelWatch), the bridge writes it, or the TTL runs out.
import type { Clock } from '../../core/clock.ts';
import type { Domain, OdooClient, OdooRecord } from './client.ts';
import type { ModelWatch } from './model-watch.ts';

export class CachedQuery {
  #value: Promise<OdooRecord[]> | undefined;
  #readAt = 0;

  constructor(
    private readonly client: Pick<OdooClient, 'searchRead'>,
    readonly model: string,
    private readonly query: { domain: Domain; fields: string[]; order?: string },
    private readonly options: { ttlMs: number; clock: Clock; watch?: ModelWatch | undefined },
  ) {}

  async records(): Promise<OdooRecord[]> {
    if (this.#value) {
      const stale = this.options.clock.now() - this.#readAt > this.options.ttlMs;
      const changes = this.options.watch ? await this.options.watch.changes() : [];
      if (stale || changes === 'many' || changes.length) this.clear();
    }
    if (!this.#value) {
      this.#readAt = this.options.clock.now();
      this.#value = (async () => {
        await this.options.watch?.baseline();
        return this.client.searchRead(this.model, { ...this.query, order: this.query.order ?? 'id asc' });
      })();
      this.#value.catch(() => this.clear());
    }
    return this.#value;
  }

  clear(): void {
    this.#value = undefined;
  }
}
