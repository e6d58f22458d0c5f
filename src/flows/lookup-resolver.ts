// Serves the mapping engine's dynamic lookups (LOOKUP_KINDS) from an integration's Odoo: one batched search per
// kind, through the connector's cached lookups. A key it cannot find is left out, so the mapping names it.
import { BusinessError } from '../core/errors.ts';
import type { OdooConnector } from '../connectors/odoo/index.ts';
import { escapeLike, m2oId, type Domain } from '../connectors/odoo/index.ts';
import type { LookupResolver } from '../mapping/index.ts';

export interface ResolverOptions {
  /** Clarity tax code → Odoo tax names (a code not listed keeps the product's own taxes). */
  taxCodes?: Record<string, string[]>;
}

type One = (key: string) => Promise<unknown>;

export function odooLookupResolver(odoo: OdooConnector, options: ResolverOptions = {}): LookupResolver {
  const { client, lookups } = odoo;
  const readField = (model: string, field: string) => async (key: string) => {
    const [record] = await client.read(model, [Number(key)], [field]);
    if (!record) throw new BusinessError(`${model} ${key} does not exist`);
    return record[field];
  };
  const kinds: Record<string, One> = {
    product_by_sku: (sku) => lookups.productBySku(sku),
    sku_by_product_id: readField('product.product', 'default_code'),
    country_by_code: (code) => lookups.country(code),
    country_code_by_id: readField('res.country', 'code'),
    state_by_code: (key) => {
      const [country = '', state = ''] = key.split('-');
      return lookups.state(country, state);
    },
    state_code_by_id: readField('res.country.state', 'code'),
    pricelist_by_currency: (code) => lookups.pricelist(code),
    category_by_path: (path) =>
      lookups.category(
        path
          .split('/')
          .map((p) => p.trim())
          .join(' / '),
      ),
    category_path_by_id: async (id) => {
      const name = await readField('product.category', 'complete_name')(id);
      return String(name)
        .split('/')
        .map((p) => p.trim())
        .join('/');
    },
    taxes_by_code: async (code) => {
      const names = options.taxCodes?.[code];
      if (!names) throw new BusinessError(`no tax mapping for the Clarity tax code "${code}"`);
      return Promise.all(names.map((name) => lookups.tax({ name })));
    },
    fiscal_position_by_name: async (name) => {
      const [record] = await client.searchRead('account.fiscal.position', {
        domain: [['name', '=', name]],
        fields: ['id'],
        limit: 1,
      });
      if (!record) throw new BusinessError(`no fiscal position named "${name}" in Odoo`);
      return record.id;
    },
    journal_by_name: (name) => lookups.paymentJournal(name),
    delivery_product_by_carrier: async (name) => {
      const domain: Domain = name === 'default' ? [] : [['name', '=ilike', escapeLike(name)]];
      const [carrier] = await client.searchRead('delivery.carrier', {
        domain,
        fields: ['product_id'],
        limit: 1,
        order: 'sequence asc, id asc',
      });
      const product = carrier ? m2oId(carrier.product_id) : undefined;
      if (!product) throw new BusinessError(`no shipping method "${name}" with a delivery product in Odoo`);
      return product;
    },
    currency_rate: async (pair) => {
      const [from = '', to = ''] = pair.split('/');
      const rows = await client.searchRead('res.currency', {
        domain: [['name', 'in', [from, to]]],
        fields: ['name', 'rate'],
      });
      const rate = (code: string) => Number(rows.find((r) => r.name === code)?.rate);
      const value = rate(to) / rate(from);
      if (!Number.isFinite(value) || value <= 0) throw new BusinessError(`no rate from ${from} to ${to} in Odoo`);
      return value;
    },
  };
  return {
    async resolve(kind, keys) {
      const one = kinds[kind];
      if (!one) throw new Error(`the Odoo lookup resolver does not serve the lookup kind "${kind}"`);
      const found = new Map<string, unknown>();
      await Promise.all(
        keys.map(async (key) => {
          try {
            found.set(key, await one(key));
          } catch (error) {
            if (!(error instanceof BusinessError)) throw error;
          }
        }),
      );
      return found;
    },
  };
}
