// Serves the mapping engine's LookupResolver port from the Odoo connector: forward lookups through its batched,
// cached OdooLookups (all keys of a kind in one search_read), reverse lookups (id → code) with one `read` per kind.
// A key Odoo does not know is left out of the answer; the engine then names it in a BusinessError.
import type { OdooClient, OdooLookups, OdooRecord } from '../connectors/odoo/index.ts';
import type { LookupKind, LookupResolver } from './resolver.ts';

type Answer = Map<string, unknown>;
type KindResolver = (keys: readonly string[]) => Promise<Answer>;

const m2oId = (value: unknown): number | undefined => (Array.isArray(value) && typeof value[0] === 'number' ? value[0] : typeof value === 'number' ? value : undefined);

export function odooLookupResolver(client: OdooClient, lookups: OdooLookups): LookupResolver {
  /** Forward lookups: every key through the connector's batched lookup of that kind (one search_read per tick). */
  const forward = (kind: Parameters<OdooLookups['lookup']>[0], value: (record: OdooRecord) => unknown = (r) => r.id): KindResolver => async (keys) => {
    const records = await Promise.all(keys.map((key) => lookups.lookup(kind).find(key)));
    const out: Answer = new Map();
    keys.forEach((key, i) => {
      const record = records[i];
      if (record) out.set(key, value(record));
    });
    return out;
  };

  /** Reverse lookups: ids (decimal text) → a field of the record, in one read. */
  const reverse = (model: string, field: string, transform: (v: unknown) => unknown = (v) => v): KindResolver => async (keys) => {
    const ids = keys.map(Number).filter((n) => Number.isInteger(n) && n > 0);
    const records = await client.read(model, ids, [field]);
    const out: Answer = new Map();
    for (const record of records) {
      const value = record[field];
      if (value !== false && value !== null && value !== undefined && value !== '') out.set(String(record.id), transform(value));
    }
    return out;
  };

  const resolvers: Record<LookupKind, KindResolver> = {
    product_by_sku: forward('productBySku'),
    country_by_code: forward('country'),
    pricelist_by_currency: forward('pricelist'),
    category_by_path: forward('category'),
    taxes_by_code: forward('taxByName', (r) => [r.id]),
    journal_by_name: forward('paymentJournal'),

    // "US-CA": the country first, then its state
    state_by_code: async (keys) => {
      const out: Answer = new Map();
      const found = await Promise.all(
        keys.map(async (key) => {
          const dash = key.indexOf('-');
          if (dash <= 0) return undefined;
          const country = await lookups.lookup('country').find(key.slice(0, dash));
          return country ? lookups.lookup('state').find(`${country.id}/${key.slice(dash + 1)}`) : undefined;
        }),
      );
      keys.forEach((key, i) => {
        const state = found[i];
        if (state) out.set(key, state.id);
      });
      return out;
    },

    delivery_product_by_carrier: async (keys) => {
      const out: Answer = new Map();
      const named = keys.filter((k) => k !== 'default');
      const carriers = await Promise.all(named.map((key) => lookups.lookup('carrier').find(key)));
      const carrierIds = new Map<string, number>();
      named.forEach((key, i) => {
        const carrier = carriers[i];
        if (carrier) carrierIds.set(key, carrier.id);
      });
      if (keys.includes('default')) {
        const [first] = await client.searchRead('delivery.carrier', { fields: ['product_id'], order: 'sequence asc, id asc', limit: 1 });
        if (first) carrierIds.set('default', first.id);
      }
      const records = await client.read('delivery.carrier', [...new Set(carrierIds.values())], ['product_id']);
      const productOf = new Map(records.map((r) => [r.id, m2oId(r.product_id)]));
      for (const [key, id] of carrierIds) {
        const product = productOf.get(id);
        if (product !== undefined) out.set(key, product);
      }
      return out;
    },

    fiscal_position_by_name: async (keys) => {
      const records = await client.searchRead('account.fiscal.position', { domain: [['name', 'in', [...keys]]], fields: ['name'] });
      return new Map(records.map((r) => [String(r.name), r.id]));
    },

    // "EUR/USD": Odoo's rates are per unit of the company currency, so EUR→USD = rate(USD) / rate(EUR)
    currency_rate: async (keys) => {
      const codes = [...new Set(keys.flatMap((k) => k.split('/')))];
      const records = await client.searchRead('res.currency', { domain: [['name', 'in', codes]], fields: ['name', 'rate'] });
      const rates = new Map(records.map((r) => [String(r.name), Number(r.rate)]));
      const out: Answer = new Map();
      for (const key of keys) {
        const [from = '', to = ''] = key.split('/');
        const a = rates.get(from);
        const b = rates.get(to);
        if (a && b) out.set(key, b / a);
      }
      return out;
    },

    sku_by_product_id: reverse('product.product', 'default_code'),
    country_code_by_id: reverse('res.country', 'code'),
    state_code_by_id: reverse('res.country.state', 'code'),
    category_path_by_id: reverse('product.category', 'complete_name', (v) => String(v).split('/').map((p) => p.trim()).join('/')),
  };

  return {
    async resolve(kind, keys) {
      const resolver = Object.hasOwn(resolvers, kind) ? resolvers[kind as LookupKind] : undefined;
      if (!resolver) throw new TypeError(`no Odoo lookup serves the kind ${kind}`);
      return keys.length ? resolver(keys) : new Map();
    },
  };
}
