// One kind of lookup (country by code, product by SKU, ...): answers from a TTL cache, and gathers the misses of one
// tick into a single search_read. An unknown key is a BusinessError that names it. A ModelWatch keeps the cache
// honest: what changed in Odoo since it was read is dropped before it is served again (lookups never outlive a fix).
import { BusinessError } from '../../core/errors.ts';
import type { Domain, DomainTerm, OdooClient, OdooRecord } from './client.ts';
import { CONNECTOR } from './errors.ts';
import { TtlCache } from './ttl-cache.ts';
import type { ModelWatch } from './model-watch.ts';

export interface LookupSpec {
  /** What is looked up, in words (`country`, `product SKU`): used in messages. */
  kind: string;
  model: string;
  fields: string[];
  /** The domain matching one (normalized) key: one expression in prefix notation. */
  match(key: string): Domain;
  /** Always ANDed (e.g. only sale taxes). */
  scope?: Domain;
  order?: string;
  /** The normalized keys a found record answers. */
  keysOf(record: OdooRecord): string[];
  normalize(key: string): string;
  /** How to fix an unknown key, for the operator. */
  hint: string;
  /**
   * What a change in the model drops: `records` (default) the keys of the changed records (large models: products);
   * `model` everything, misses included (small settings models: a new pricelist may be the better answer for a key
   * that had another, or none, so misses are cached too).
   */
  invalidate?: 'records' | 'model';
}

export interface LookupCacheOptions {
  ttlMs: number;
  maxEntries: number;
  /** Keys per search_read at most. */
  batchSize: number;
}

/** `=ilike` takes SQL LIKE patterns: `%` and `_` in a key are literal characters, not wildcards. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A domain as one expression: its implicit ANDs between top-level terms made explicit (prefix notation). */
export function asExpression(domain: Domain): Domain {
  const leaves = domain.filter((t) => Array.isArray(t)).length;
  const binary = domain.filter((t) => t === '&' || t === '|').length;
  return [...Array<DomainTerm>(Math.max(0, leaves - 1 - binary)).fill('&'), ...domain];
}

/** ORs one-expression domains together in prefix notation. */
export function anyOf(expressions: Domain[]): Domain {
  if (expressions.length === 0) return [['id', '=', 0]];
  const out: DomainTerm[] = [];
  for (let i = 1; i < expressions.length; i++) out.push('|');
  for (const e of expressions) out.push(...e);
  return out;
}

export class BatchedLookup {
  /** Found records, and (for `invalidate: model`) null for keys Odoo has no record for. */
  readonly #cache: TtlCache<OdooRecord | null>;
  readonly #pending = new Map<
    string,
    { resolve: (r: OdooRecord | undefined) => void; reject: (e: unknown) => void }[]
  >();
  #scheduled = false;

  constructor(
    private readonly client: OdooClient,
    readonly spec: LookupSpec,
    private readonly options: LookupCacheOptions,
    private readonly watch?: ModelWatch,
  ) {
    this.#cache = new TtlCache({ ttlMs: options.ttlMs, maxEntries: options.maxEntries });
  }

  /** The id for `key`; BusinessError when Odoo has none. */
  async id(key: string): Promise<number> {
    return (await this.record(key)).id;
  }

  async record(key: string): Promise<OdooRecord> {
    const found = await this.find(key);
    if (!found) {
      throw new BusinessError(`Odoo has no ${this.spec.kind} "${key}"; ${this.spec.hint}`, {
        connector: CONNECTOR,
        details: { lookup: this.spec.kind, key, model: this.spec.model },
      });
    }
    return found;
  }

  /** The record for `key`, or undefined (a miss is asked again unless the whole model is watched). */
  async find(key: string): Promise<OdooRecord | undefined> {
    const normalized = this.spec.normalize(key);
    if (this.watch && this.#cache.size) await this.#dropChanged();
    const cached = this.#cache.get(normalized);
    if (cached !== undefined) return cached ?? undefined;
    return new Promise((resolve, reject) => {
      const waiting = this.#pending.get(normalized);
      if (waiting) waiting.push({ resolve, reject });
      else this.#pending.set(normalized, [{ resolve, reject }]);
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => void this.#flush());
      }
    });
  }

  clear(): void {
    this.#cache.clear();
  }

  /** Drops what changed in Odoo since it was cached. */
  async #dropChanged(): Promise<void> {
    const changes = await this.watch!.changes();
    if (changes === 'many' || (this.spec.invalidate === 'model' && changes.length)) this.#cache.clear();
    else if (changes.length) {
      const changed = new Set(changes);
      this.#cache.deleteWhere((record) => record !== null && changed.has(record.id));
    }
  }

  get cacheSize(): number {
    return this.#cache.size;
  }

  async #flush(): Promise<void> {
    this.#scheduled = false;
    const batch = [...this.#pending.entries()];
    this.#pending.clear();
    try {
      await this.watch?.baseline();
    } catch (error) {
      for (const [, waiters] of batch) for (const w of waiters) w.reject(error);
      return;
    }
    for (let i = 0; i < batch.length; i += this.options.batchSize) {
      const chunk = batch.slice(i, i + this.options.batchSize);
      try {
        const records = await this.client.searchRead(this.spec.model, {
          domain: [...anyOf(chunk.map(([key]) => this.spec.match(key))), ...(this.spec.scope ?? [])],
          fields: this.spec.fields,
          order: this.spec.order ?? 'id asc',
        });
        const byKey = new Map<string, OdooRecord>();
        for (const record of records) {
          for (const key of this.spec.keysOf(record)) if (!byKey.has(key)) byKey.set(key, record);
        }
        for (const [key, waiters] of chunk) {
          const record = byKey.get(key);
          if (record) this.#cache.set(key, record);
          else if (this.watch && this.spec.invalidate === 'model') this.#cache.set(key, null);
          for (const w of waiters) w.resolve(record);
        }
      } catch (error) {
        for (const [, waiters] of chunk) for (const w of waiters) w.reject(error);
      }
    }
  }
}
