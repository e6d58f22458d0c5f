// The lookups flows need (country, state, currency, product, category, tax, journal, payment method, carrier,
// pricelist, warehouse, location): cached with a TTL and a size bound, dropped when the bridge writes the model or a
// ModelWatch sees it changed in Odoo, misses batched into one search_read per kind and tick. Text keys match
// case-insensitively (`=ilike`, escaped). Every call runs in the integration's company (client.ts), so a lookup
// never finds another company's pricelist, tax or carrier.
import { systemClock, type Clock } from '../../core/clock.ts';
import { BusinessError } from '../../core/errors.ts';
import { m2oId, m2oName } from './commands.ts';
import { CONNECTOR } from './errors.ts';
import type { Domain, OdooClient, OdooRecord } from './client.ts';
import { BatchedLookup, escapeLike, type LookupCacheOptions, type LookupSpec } from './batched-lookup.ts';
import { ModelWatch } from './model-watch.ts';
import { CachedQuery } from './cached-query.ts';

export interface OdooLookupsOptions extends Partial<LookupCacheOptions> {
  /**
   * How often, at most, each model is asked what changed since its values were cached (default 10 s; 0 turns the
   * watch off, leaving only the TTL and the bridge's own writes).
   */
  watchIntervalMs?: number;
  clock?: Clock;
}

const lower = (s: string) => s.trim().toLowerCase();
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const ilike = (field: string, key: string): Domain => [[field, '=ilike', escapeLike(key)]];
/** "All / Saleable" and "All/Saleable" name the same category. */
const normalizePath = (s: string) =>
  s
    .split('/')
    .map((p) => p.trim())
    .filter(Boolean)
    .join(' / ')
    .toLowerCase();

function textLookup(
  kind: string,
  model: string,
  field: string,
  hint: string,
  extra: Partial<LookupSpec> = {},
): LookupSpec {
  return {
    kind,
    model,
    fields: [field],
    match: (key) => ilike(field, key),
    keysOf: (r) => [lower(str(r[field]))],
    normalize: lower,
    hint,
    ...extra,
  };
}

const SPECS = {
  country: textLookup('country code', 'res.country', 'code', 'use an ISO 3166 alpha-2 code such as "US"'),
  state: {
    kind: 'state',
    model: 'res.country.state',
    fields: ['code', 'country_id'],
    // key: "<country id>/<state code>"
    match: (key: string): Domain => {
      const [country = '0', code = ''] = key.split('/');
      return ['&', ['country_id', '=', Number(country)], ['code', '=ilike', escapeLike(code)]];
    },
    keysOf: (r: OdooRecord) => [`${m2oId(r.country_id) ?? 0}/${lower(str(r.code))}`],
    normalize: lower,
    hint: 'use the state code Odoo lists for that country (e.g. "CA" in US), or add the state in Odoo',
  },
  currency: textLookup(
    'currency',
    'res.currency',
    'name',
    'use an ISO 4217 code such as "EUR" and activate the currency in Odoo',
    { fields: ['name', 'rounding'], invalidate: 'model' },
  ),
  productBySku: textLookup(
    'product SKU',
    'product.product',
    'default_code',
    'create the product in Odoo with this Internal Reference, or sync the catalog first',
  ),
  productByBarcode: {
    kind: 'product barcode',
    model: 'product.product',
    fields: ['barcode'],
    match: (key: string): Domain => [['barcode', '=', key]],
    keysOf: (r: OdooRecord) => [str(r.barcode).trim()],
    normalize: (s: string) => s.trim(),
    hint: 'set this barcode on the product in Odoo',
  },
  category: {
    kind: 'product category',
    model: 'product.category',
    fields: ['complete_name'],
    match: (key: string): Domain => [['complete_name', '=ilike', escapeLike(key)]],
    keysOf: (r: OdooRecord) => [normalizePath(str(r.complete_name))],
    normalize: normalizePath,
    hint: 'give the full path as Odoo shows it ("All / Saleable"), or create the category in Odoo',
  },
  taxByName: textLookup(
    'sales tax',
    'account.tax',
    'name',
    'create the tax in Odoo (Accounting > Configuration > Taxes) or fix the tax mapping',
    { scope: [['type_tax_use', '=', 'sale']], invalidate: 'model' },
  ),
  taxByAmount: {
    kind: 'sales tax rate',
    model: 'account.tax',
    fields: ['amount'],
    match: (key: string): Domain => [['amount', '=', Number(key)]],
    scope: [
      ['type_tax_use', '=', 'sale'],
      ['amount_type', '=', 'percent'],
    ],
    keysOf: (r: OdooRecord) => [String(Number(r.amount))],
    normalize: (s: string) => String(Number(s)),
    order: 'sequence asc, id asc',
    hint: 'create a percent sales tax with this rate in Odoo, or map taxes by name',
    invalidate: 'model',
  },
  paymentJournal: textLookup(
    'payment journal',
    'account.journal',
    'name',
    'use the name of a Bank or Cash journal in Odoo',
    { scope: [['type', 'in', ['bank', 'cash']]], invalidate: 'model' },
  ),
  paymentMethod: {
    kind: 'payment method',
    model: 'account.payment.method.line',
    fields: ['name', 'journal_id'],
    // key: "<journal id>/<method name>"
    match: (key: string): Domain => {
      const [journal = '0', ...name] = key.split('/');
      return ['&', ['journal_id', '=', Number(journal)], ['name', '=ilike', escapeLike(name.join('/'))]];
    },
    scope: [['payment_type', '=', 'inbound']],
    keysOf: (r: OdooRecord) => [`${m2oId(r.journal_id) ?? 0}/${lower(str(r.name))}`],
    normalize: lower,
    hint: 'add this incoming payment method to the journal in Odoo',
  },
  carrier: textLookup(
    'carrier',
    'delivery.carrier',
    'name',
    "create the shipping method in Odoo (Inventory > Configuration > Shipping Methods), or map the store's carrier to one (flows.order-to-odoo.carriers)",
    { fields: ['name', 'product_id'], order: 'sequence asc, id asc', invalidate: 'model' },
  ),
  pricelist: {
    kind: 'pricelist for currency',
    model: 'product.pricelist',
    fields: ['name', 'currency_id'],
    match: (key: string): Domain => [['currency_id.name', '=ilike', escapeLike(key)]],
    keysOf: (r: OdooRecord) => [lower(m2oName(r.currency_id) ?? '')],
    normalize: lower,
    order: 'sequence asc, id asc',
    hint: 'create a pricelist in this currency in Odoo',
    invalidate: 'model',
  },
  warehouse: {
    kind: 'warehouse',
    model: 'stock.warehouse',
    fields: ['code', 'name', 'lot_stock_id'],
    match: (key: string): Domain => ['|', ['code', '=ilike', escapeLike(key)], ['name', '=ilike', escapeLike(key)]],
    keysOf: (r: OdooRecord) => [lower(str(r.code)), lower(str(r.name))],
    normalize: lower,
    hint: 'use the short name (e.g. "WH") or the name of a warehouse in Odoo',
    invalidate: 'model',
  },
  location: textLookup(
    'stock location',
    'stock.location',
    'complete_name',
    'use the full name Odoo shows (e.g. "WH/Stock")',
    { invalidate: 'model' },
  ),
} satisfies Record<string, LookupSpec>;

export type LookupKind = keyof typeof SPECS;

/** What an order in a currency needs of this Odoo company: a pricelist, or none in the company's own currency. */
export type OrderPricelist = number | false;

export class OdooLookups {
  readonly #lookups: Record<LookupKind, BatchedLookup>;
  readonly #saleTaxes: CachedQuery;
  readonly #queries: CachedQuery[];
  readonly #watches = new Map<string, ModelWatch>();
  readonly #unsubscribe: () => void;

  constructor(
    private readonly client: OdooClient,
    options: OdooLookupsOptions = {},
  ) {
    const cache: LookupCacheOptions = {
      ttlMs: options.ttlMs ?? 10 * 60_000,
      maxEntries: options.maxEntries ?? 5_000,
      batchSize: options.batchSize ?? 200,
    };
    const clock = options.clock ?? systemClock;
    const intervalMs = options.watchIntervalMs ?? 10_000;
    const watches = this.#watches;
    const watch = (model: string): ModelWatch | undefined => {
      if (intervalMs <= 0) return undefined;
      if (!watches.has(model)) watches.set(model, new ModelWatch(client, model, { intervalMs, clock }));
      return watches.get(model);
    };
    this.#lookups = Object.fromEntries(
      Object.entries(SPECS).map(([kind, spec]) => [kind, new BatchedLookup(client, spec, cache, watch(spec.model))]),
    ) as Record<LookupKind, BatchedLookup>;
    this.#saleTaxes = new CachedQuery(
      client,
      'account.tax',
      {
        domain: [
          ['type_tax_use', '=', 'sale'],
          ['amount_type', '=', 'percent'],
          ['price_include', '=', false],
        ],
        fields: ['name', 'amount'],
        order: 'sequence asc, id asc',
      },
      { ttlMs: cache.ttlMs, clock, watch: watch('account.tax') },
    );
    this.#queries = [this.#saleTaxes];
    // a write by the bridge may change what a key resolves to
    this.#unsubscribe = client.onWrite((model) => {
      for (const lookup of Object.values(this.#lookups)) if (lookup.spec.model === model) lookup.clear();
      for (const query of this.#queries) if (query.model === model) query.clear();
    });
  }

  country(code: string): Promise<number> {
    return this.#lookups.country.id(code);
  }
  async state(countryCode: string, stateCode: string): Promise<number> {
    const country = await this.country(countryCode);
    const found = await this.#lookups.state.find(`${country}/${stateCode}`);
    if (found) return found.id;
    throw new BusinessError(`Odoo has no state "${stateCode}" in ${countryCode}; ${SPECS.state.hint}`, {
      connector: CONNECTOR,
      details: { lookup: 'state', key: `${countryCode}/${stateCode}`, model: 'res.country.state' },
    });
  }
  currency(code: string): Promise<number> {
    return this.#lookups.currency.id(code);
  }
  /** The smallest amount a currency tells apart (0.01 for USD), 0.01 when Odoo does not have it active. */
  async currencyRounding(code: string): Promise<number> {
    const found = await this.#lookups.currency.find(code);
    const rounding = Number(found?.rounding);
    return Number.isFinite(rounding) && rounding > 0 ? rounding : 0.01;
  }
  productBySku(sku: string): Promise<number> {
    return this.#lookups.productBySku.id(sku);
  }
  productByBarcode(barcode: string): Promise<number> {
    return this.#lookups.productByBarcode.id(barcode);
  }
  /** A category by its path, e.g. "All / Saleable". */
  category(path: string): Promise<number> {
    return this.#lookups.category.id(path);
  }
  /** A sales tax by name, or by its percent rate (15 → the first 15% sales tax). */
  tax(key: { name: string } | { amount: number }): Promise<number> {
    return 'name' in key ? this.#lookups.taxByName.id(key.name) : this.#lookups.taxByAmount.id(String(key.amount));
  }
  /** The company's percent sales taxes with prices excluded (as the store's prices are), simplest first. */
  async saleTaxRates(): Promise<{ id: number; name: string; amount: number }[]> {
    const taxes = await this.#saleTaxes.records();
    return taxes.map((t) => ({ id: t.id, name: str(t.name), amount: Number(t.amount) }));
  }
  paymentJournal(name: string): Promise<number> {
    return this.#lookups.paymentJournal.id(name);
  }
  /** An incoming payment method line of a journal, by name ("Manual"). */
  paymentMethod(journalId: number, name: string): Promise<number> {
    return this.#lookups.paymentMethod.id(`${journalId}/${name}`);
  }
  carrier(name: string): Promise<number> {
    return this.#lookups.carrier.id(name);
  }
  /** A shipping method by name, with its delivery product, or undefined. */
  async findCarrier(name: string): Promise<{ id: number; productId: number | undefined } | undefined> {
    const found = await this.#lookups.carrier.find(name);
    return found ? { id: found.id, productId: m2oId(found.product_id) } : undefined;
  }
  /** The first pricelist (by sequence) in a currency. */
  pricelist(currencyCode: string): Promise<number> {
    return this.#lookups.pricelist.id(currencyCode);
  }
  /**
   * The pricelist an order in this currency takes: the company's first in that currency; none (false) in the
   * company's own currency when it has no pricelist in it (pricelists off, as on a fresh Odoo). Any other currency
   * without a pricelist is a BusinessError saying exactly what to enable.
   */
  async orderPricelist(currencyCode: string): Promise<OrderPricelist> {
    const found = await this.#lookups.pricelist.find(currencyCode);
    if (found) return found.id;
    const company = (await this.client.connect()).company;
    if (company.currency.toLowerCase() === currencyCode.trim().toLowerCase()) return false;
    throw new BusinessError(
      `Odoo cannot take orders in ${currencyCode} for ${company.name}: ${(await this.#currencyFix(currencyCode)).join('; ')}; or run \`bridge odoo prepare\`, which does it`,
      {
        connector: CONNECTOR,
        details: {
          lookup: 'pricelist for currency',
          key: currencyCode,
          model: 'product.pricelist',
          company: company.name,
        },
      },
    );
  }

  /** What an operator must do in Odoo so an order in this currency has a pricelist, in the order to do it. */
  async #currencyFix(code: string): Promise<string[]> {
    const [currency] = await this.client.searchRead('res.currency', {
      domain: [['name', '=ilike', escapeLike(code.trim())]],
      fields: ['name', 'active'],
      context: { active_test: false },
    });
    if (!currency) return [`Odoo has no currency ${code}: use an ISO 4217 code (the store's CurrencyKey)`];
    const steps: string[] = [];
    if (!currency.active) steps.push(`activate the currency ${code} (Accounting > Configuration > Currencies)`);
    const settings = await this.client.call<{ group_product_pricelist?: boolean }>(
      'res.config.settings',
      'default_get',
      [['group_product_pricelist']],
    );
    if (!settings.group_product_pricelist) steps.push('turn on Pricelists (Sales > Configuration > Settings)');
    steps.push(`add a pricelist in ${code} for this company (Sales > Products > Pricelists)`);
    return steps;
  }
  warehouse(codeOrName: string): Promise<number> {
    return this.#lookups.warehouse.id(codeOrName);
  }
  /** A warehouse's stock location (where on-hand quantities live). */
  async warehouseStockLocation(codeOrName: string): Promise<number> {
    const record = await this.#lookups.warehouse.record(codeOrName);
    return m2oId(record.lot_stock_id) ?? this.location(`${String(record.code)}/Stock`);
  }
  location(completeName: string): Promise<number> {
    return this.#lookups.location.id(completeName);
  }

  /** The raw lookup of one kind (find without throwing, cache size). */
  lookup(kind: LookupKind): BatchedLookup {
    return this.#lookups[kind];
  }

  /**
   * Asks Odoo what changed before the next answer from the cache, whenever it last asked: a job retried or replayed
   * after someone fixed something in Odoo must see the fix at once.
   */
  checkForChanges(): void {
    for (const watch of this.#watches.values()) watch.checkNext();
  }

  clear(): void {
    for (const lookup of Object.values(this.#lookups)) lookup.clear();
    for (const query of this.#queries) query.clear();
  }

  dispose(): void {
    this.#unsubscribe();
  }
}
