// Which records of one Odoo model changed since the bridge last looked, by write_date: cached lookups use it to
// drop a value the moment someone fixes it in Odoo (a pricelist moved to the right company, a tax created, a product
// renamed), instead of serving it until a TTL runs out. One small search per model, at most every `intervalMs` and
// only when a cached value is about to be used; archived records count (a lookup must notice them too). write_date
// shows only the second: the records of the newest second seen count as changed at every check until a later write
// moves the newest second on (a second change within one second cannot be told from the first).
import type { Clock } from '../../core/clock.ts';
import type { OdooClient } from './client.ts';

/** Records written in a transaction that commits late carry an older write_date: look back this far. */
const OVERLAP_S = 10;
/** More changes than this at once: the caller forgets everything rather than page through them. */
const MAX_CHANGES = 500;

export type Changes = readonly number[] | 'many';

export class ModelWatch {
  /** The newest write_date seen, Odoo's `YYYY-MM-DD HH:MM:SS` (UTC); undefined before the baseline. */
  #since: string | undefined;
  /** Records seen within the overlap window, with the write_date seen: not news when seen again. */
  readonly #seen = new Map<number, string>();
  #checkedAt = -Infinity;
  #running: Promise<Changes> | undefined;

  constructor(
    private readonly client: Pick<OdooClient, 'searchRead'>,
    readonly model: string,
    private readonly options: { intervalMs: number; clock: Clock },
  ) {}

  /** Takes the newest write_date as the starting point; call before the first read whose result is cached. */
  async baseline(): Promise<void> {
    if (this.#since !== undefined) return;
    const newest = await this.client.searchRead(this.model, {
      domain: [],
      fields: ['write_date'],
      order: 'write_date desc, id desc',
      limit: 50,
      context: { active_test: false },
      raw: true,
    });
    if (this.#since !== undefined) return;
    this.#since = typeof newest[0]?.write_date === 'string' ? newest[0].write_date : '1970-01-01 00:00:00';
    this.#checkedAt = this.options.clock.now();
    // the newest records are known as they are now: the first check must not take them for news
    const horizon = shiftSeconds(this.#since, -OVERLAP_S);
    for (const row of newest) if (String(row.write_date) >= horizon) this.#seen.set(row.id, String(row.write_date));
  }

  /** Makes the next `changes()` ask Odoo whatever the interval (a replay after a fix in Odoo must see the fix). */
  checkNext(): void {
    this.#checkedAt = -Infinity;
  }

  /** Ids created or written since the previous check ([] when checked less than `intervalMs` ago). */
  changes(): Promise<Changes> {
    if (this.options.clock.now() - this.#checkedAt < this.options.intervalMs) return Promise.resolve([]);
    this.#running ??= this.#check().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #check(): Promise<Changes> {
    if (this.#since === undefined) {
      await this.baseline();
      this.#checkedAt = this.options.clock.now();
      return 'many'; // what was cached before the baseline cannot be vouched for
    }
    const from = shiftSeconds(this.#since, -OVERLAP_S);
    const rows = await this.client.searchRead(this.model, {
      domain: [['write_date', '>=', from]],
      fields: ['write_date'],
      order: 'write_date asc, id asc',
      limit: MAX_CHANGES + 1,
      context: { active_test: false },
      raw: true,
    });
    this.#checkedAt = this.options.clock.now();
    const changed: number[] = [];
    const newestSecond = rows.reduce(
      (newest, row) => (String(row.write_date) > newest ? String(row.write_date) : newest),
      this.#since,
    );
    for (const row of rows) {
      const stamp = String(row.write_date);
      // write_date has one-second precision: a record of the newest second may have changed again within it
      if (this.#seen.get(row.id) !== stamp || stamp >= newestSecond) changed.push(row.id);
      this.#seen.set(row.id, stamp);
      if (stamp > this.#since) this.#since = stamp;
    }
    const horizon = shiftSeconds(this.#since, -OVERLAP_S);
    for (const [id, stamp] of this.#seen) if (stamp < horizon) this.#seen.delete(id);
    return rows.length > MAX_CHANGES ? 'many' : changed;
  }
}

function shiftSeconds(stamp: string, seconds: number): string {
  const ms = Date.parse(`${stamp.replace(' ', 'T').slice(0, 19)}Z`) + seconds * 1000;
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
