// The lookups flows need (country, state, currency, product, category, tax, journal, payment method, carrier,
// pricelist, warehouse, location): cached with a TTL and a size bound, dropped when the bridge writes the model,
// misses batched into one search_read per kind and tick. Text keys match case-insensitively (`=ilike`, escaped).
import { BusinessError } from '../../core/errors.ts';
import { m2oId, m2oName } from './commands.ts';
import { CONNECTOR } from './errors.ts';
import type { Domain, OdooClient, OdooRecord } from './client.ts';
import { BatchedLookup, escapeLike, type LookupCacheOptions, type LookupSpec } from './batched-lookup.ts';

export type OdooLookupsOptions = Partial<LookupCacheOptions>;

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
    {
      scope: [['type_tax_use', '=', 'sale']],
    },
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
  },
  paymentJournal: textLookup(
    'payment journal',
    'account.journal',
    'name',
    'use the name of a Bank or Cash journal in Odoo',
    {
      scope: [['type', 'in', ['bank', 'cash']]],
    },
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
    'create the shipping method in Odoo (Inventory > Configuration > Shipping Methods) or fix the carrier mapping',
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
  },
  warehouse: {
    kind: 'warehouse',
    model: 'stock.warehouse',
    fields: ['code', 'name', 'lot_stock_id'],
    match: (key: string): Domain => ['|', ['code', '=ilike', escapeLike(key)], ['name', '=ilike', escapeLike(key)]],
    keysOf: (r: OdooRecord) => [lower(str(r.code)), lower(str(r.name))],
    normalize: lower,
    hint: 'use the short name (e.g. "WH") or the name of a warehouse in Odoo',
  },
  location: textLookup(
    'stock location',
    'stock.location',
    'complete_name',
    'use the full name Odoo shows (e.g. "WH/Stock")',
  ),
} satisfies Record<string, LookupSpec>;

export type LookupKind = keyof typeof SPECS;

export class OdooLookups {
  readonly #lookups: Record<LookupKind, BatchedLookup>;
  readonly #unsubscribe: () => void;

  constructor(client: OdooClient, options: OdooLookupsOptions = {}) {
    const cache: LookupCacheOptions = {
      ttlMs: options.ttlMs ?? 10 * 60_000,
      maxEntries: options.maxEntries ?? 5_000,
      batchSize: options.batchSize ?? 200,
    };
    this.#lookups = Object.fromEntries(
      Object.entries(SPECS).map(([kind, spec]) => [kind, new BatchedLookup(client, spec, cache)]),
    ) as Record<LookupKind, BatchedLookup>;
    // a write by the bridge may change what a key resolves to
    this.#unsubscribe = client.onWrite((model) => {
      for (const lookup of Object.values(this.#lookups)) if (lookup.spec.model === model) lookup.clear();
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
  /** The first pricelist (by sequence) in a currency. */
  pricelist(currencyCode: string): Promise<number> {
    return this.#lookups.pricelist.id(currencyCode);
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

  clear(): void {
    for (const lookup of Object.values(this.#lookups)) lookup.clear();
  }

  dispose(): void {
    this.#unsubscribe();
  }
}
