// Serves the mapping engine's dynamic lookups (LOOKUP_KINDS) from an integration's Odoo: one batched search per
// kind, through the connector's cached lookups, in the integration's company. A key it cannot find is answered
// with a LookupMiss carrying the connector's reason and fix, so the order held in review says what to do.
import { BusinessError } from '../core/errors.ts';
import type { OdooConnector } from '../connectors/odoo/index.ts';
import { escapeLike, externalIdTarget, m2oId, type Domain } from '../connectors/odoo/index.ts';
import { LookupMiss, type LookupResolver } from '../mapping/index.ts';
import { likelyRate, matchRate, parseStoreTaxKey } from '../mapping/store-tax-rate.ts';
import { productKey, templateIdOfKey, variantIdOfKey, variantKey } from './products/odoo-product.ts';

export interface ResolverOptions {
  /** Clarity tax code → Odoo tax names (a code not listed keeps the store's own rate). */
  taxCodes?: Record<string, string[]>;
  /** The store's carrier (ShippingMethodKey) → the name of an Odoo shipping method; unlisted carriers match by name. */
  carriers?: Record<string, string>;
  /** Internal Reference of the product a shipping line takes when no shipping method matches the store's carrier. */
  genericShippingProduct?: string;
}

type One = (key: string) => Promise<unknown>;

/** Odoo's own "Standard delivery" product (module delivery), the generic shipping line's product by default. */
const STANDARD_DELIVERY_PRODUCT = 'delivery.product_product_delivery';

export function odooLookupResolver(odoo: OdooConnector, options: ResolverOptions = {}): LookupResolver {
  const { client, lookups } = odoo;
  const readField = (model: string, field: string) => async (key: string) => {
    const [record] = await client.read(model, [Number(key)], [field]);
    if (!record) throw new BusinessError(`${model} ${key} does not exist`);
    return record[field];
  };
  /** The shipping method the store's carrier maps to (the configured map first, then by name), if any. */
  const carrierOf = (key: string) => lookups.findCarrier(options.carriers?.[key] ?? key);
  /** The product of a shipping line whose carrier matches no shipping method (asked once a minute at most). */
  let generic: { at: number; id: Promise<number> } | undefined;
  const genericShippingProduct = (): Promise<number> => {
    if (!generic || Date.now() - generic.at > 60_000) {
      const id = findGenericShippingProduct();
      id.catch(() => (generic = undefined));
      generic = { at: Date.now(), id };
    }
    return generic.id;
  };
  const findGenericShippingProduct = async (): Promise<number> => {
    if (options.genericShippingProduct) return lookups.productBySku(options.genericShippingProduct);
    const standard = await externalIdTarget(client, STANDARD_DELIVERY_PRODUCT, 'product.product');
    if (standard) return standard;
    const [carrier] = await client.searchRead('delivery.carrier', {
      fields: ['product_id'],
      limit: 1,
      order: 'sequence asc, id asc',
    });
    const product = carrier ? m2oId(carrier.product_id) : undefined;
    if (product) return product;
    throw new BusinessError(
      'Odoo has no shipping method and no generic shipping product for the shipping line: set flows.order-to-odoo.genericShippingProduct to the Internal Reference of a service product, or create a shipping method (Inventory > Configuration > Shipping Methods)',
    );
  };
  const kinds: Record<string, One> = {
    product_by_sku: async (sku) => {
      // a product without an Internal Reference is known to the store by its variant's or template's key
      const variantId = variantIdOfKey(sku);
      if (variantId !== undefined) {
        const [found] = await client.search('product.product', [['id', '=', variantId]], {
          context: { active_test: false },
        });
        if (found) return found;
        throw new BusinessError(`the store sells ${sku}, an Odoo product that no longer exists`);
      }
      const templateId = templateIdOfKey(sku);
      if (templateId === undefined) return lookups.productBySku(sku);
      const [template] = await client.read('product.template', [templateId], ['product_variant_ids'], {
        context: { active_test: false },
      });
      const variants = (template?.product_variant_ids as number[] | undefined) ?? [];
      if (variants.length === 1) return variants[0]!;
      throw new BusinessError(
        template
          ? `the store sells ${sku}, an Odoo product with ${variants.length} variants: the store's line must name one of them (give the variants an Internal Reference in Odoo)`
          : `the store sells ${sku}, an Odoo product that no longer exists`,
      );
    },
    sku_by_product_id: async (id) => {
      const [variant] = await client.read('product.product', [Number(id)], ['default_code', 'product_tmpl_id'], {
        context: { active_test: false },
      });
      if (!variant) throw new BusinessError(`product.product ${id} does not exist`);
      if (typeof variant.default_code === 'string' && variant.default_code.trim()) return variant.default_code;
      // no Internal Reference: the store knows the product by its template's key, as the catalog sync made it
      const templateId = m2oId(variant.product_tmpl_id)!;
      const [template] = await client.read('product.template', [templateId], ['product_variant_count'], {
        context: { active_test: false },
      });
      return Number(template?.product_variant_count ?? 1) <= 1
        ? productKey({ id: templateId })
        : variantKey({ id: variant.id });
    },
    country_by_code: (code) => lookups.country(code),
    country_code_by_id: readField('res.country', 'code'),
    state_by_code: (key) => {
      const [country = '', state = ''] = key.split('-');
      return lookups.state(country, state);
    },
    state_code_by_id: readField('res.country.state', 'code'),
    pricelist_by_currency: (code) => lookups.orderPricelist(code),
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
    sale_taxes_for_store_tax: async (key) => {
      const question = parseStoreTaxKey(key);
      if (!question) throw new BusinessError(`"${key}" is not a store tax key (storeTaxKey)`);
      const taxes = await lookups.saleTaxRates();
      const rate = matchRate(
        question,
        taxes.map((t) => t.amount),
      );
      if (rate === 0)
        return taxes
          .filter((t) => t.amount === 0)
          .slice(0, 1)
          .map((t) => t.id);
      const tax = rate === undefined ? undefined : taxes.find((t) => t.amount === rate);
      if (tax) return [tax.id];
      const named = likelyRate(question);
      const company = (await client.connect()).company.name;
      throw new BusinessError(
        named === undefined
          ? `the store charged ${question.tax} of tax on ${question.goods} of goods and ${question.charges} of shipping, which no single rate explains: map the items' TaxCode to Odoo taxes (flows.order-to-odoo.taxCodes)`
          : `Odoo (${company}) has no ${named}% sales tax with prices excluded, the rate the store charged (${question.tax} on ${question.goods + question.charges}): create it (Accounting > Configuration > Taxes), or run \`bridge odoo prepare\``,
      );
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
    carrier_by_key: async (key) => {
      const carrier = await carrierOf(key);
      if (!carrier) throw new BusinessError(`no shipping method in Odoo for the store's carrier "${key}"`);
      return carrier.id;
    },
    delivery_product_by_carrier: async (key) => {
      const carrier = key && key !== 'default' ? await carrierOf(key) : undefined;
      // a carrier that matches nothing never blocks an order: its shipping goes on a generic delivery line
      return carrier?.productId ?? genericShippingProduct();
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
            found.set(key, new LookupMiss(error.message));
          }
        }),
      );
      return found;
    },
  };
}

export { escapeLike, type Domain };
