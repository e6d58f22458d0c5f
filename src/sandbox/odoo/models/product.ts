// Products: categories, templates, variants (product.product `_inherits` product.template) and pricelists.
// The product type follows the version: 16/17 `type`/`detailed_type` in consu|service|product; 18+ `type` in
// consu|service|combo plus the boolean `is_storable` (real schemas). Stored internally in the 17 form.
import type { Env } from '../env.ts';
import { f } from '../field-schemas.ts';
import type { ComputedField, ModelSpec, Raw } from '../model-spec.ts';
import { validationError } from '../odoo-errors.ts';
import type { OdooVersion } from '../version.ts';

export const productCategory: ModelSpec = {
  name: 'product.category',
  description: 'Product Category',
  order: 'complete_name',
  required: ['name'],
  inverses: { child_id: 'parent_id' },
  indexes: ['parent_id'],
  defaults: () => ({ property_valuation: 'manual_periodic', property_cost_method: 'standard' }),
  displayName: (rec, env) => categoryPath(env, rec),
  computed: () => ({
    complete_name: { get: (rec, env) => categoryPath(env, rec) },
    product_count: { get: (rec, env) => env.model('product.template').idsWhere('categ_id', rec.id).length },
  }),
};

function categoryPath(env: Env, rec: Raw): string {
  const categories = env.model('product.category');
  const names: string[] = [];
  let current: Raw | undefined = rec;
  for (let depth = 0; current && depth < 20; depth++) {
    names.unshift(String(current.name));
    current = typeof current.parent_id === 'number' ? categories.get(current.parent_id) : undefined;
  }
  return names.join(' / ');
}

/** On-hand quantity of a variant: its quants in internal locations. */
export function qtyOnHand(env: Env, productId: number): number {
  const quants = env.model('stock.quant');
  const locations = env.model('stock.location');
  let total = 0;
  for (const id of quants.idsWhere('product_id', productId)) {
    const quant = quants.browse(id);
    if (locations.get(quant.location_id as number)?.usage === 'internal') total += Number(quant.quantity ?? 0);
  }
  return round(total);
}

/** Quantities planned in and out of internal locations by moves not done yet. */
function plannedQty(env: Env, productId: number): { incoming: number; outgoing: number } {
  const moves = env.model('stock.move');
  const locations = env.model('stock.location');
  let incoming = 0;
  let outgoing = 0;
  for (const id of moves.idsWhere('product_id', productId)) {
    const move = moves.browse(id);
    if (!['confirmed', 'waiting', 'partially_available', 'assigned'].includes(String(move.state))) continue;
    const fromInternal = locations.get(move.location_id as number)?.usage === 'internal';
    const toInternal = locations.get(move.location_dest_id as number)?.usage === 'internal';
    if (fromInternal && !toInternal) outgoing += Number(move.product_uom_qty ?? 0);
    if (!fromInternal && toInternal) incoming += Number(move.product_uom_qty ?? 0);
  }
  return { incoming, outgoing };
}

const round = (value: number): number => Math.round(value * 1e6) / 1e6;

/** The version's product type fields over the internal 17-style `type`. */
function typeFields(version: OdooVersion): Record<string, ComputedField> {
  if (version <= 17) {
    const plain: ComputedField = {
      get: (rec) => rec.type ?? 'consu',
      set: (rec, value) => {
        rec.type = value;
      },
    };
    return { type: plain, detailed_type: plain };
  }
  return {
    type: {
      get: (rec) => (rec.type === 'product' ? 'consu' : (rec.type ?? 'consu')),
      set: (rec, value) => {
        if (!(value === 'consu' && rec.type === 'product')) rec.type = value;
      },
    },
    is_storable: {
      get: (rec) => rec.type === 'product',
      set: (rec, value) => {
        if (value) rec.type = 'product';
        else if (rec.type === 'product') rec.type = 'consu';
      },
    },
  };
}

function variantsOf(env: Env, template: Raw): Raw[] {
  const products = env.model('product.product');
  return products
    .idsWhere('product_tmpl_id', template.id)
    .sort((a, b) => a - b)
    .map((id) => products.browse(id))
    .filter((p) => p.active !== false);
}

/** A template field that is really its single variant's (default_code, barcode). */
function singleVariantField(field: 'default_code' | 'barcode'): ComputedField {
  return {
    get: (rec, env) => {
      const variants = variantsOf(env, rec);
      if (variants.length === 1) return variants[0]![field] ?? false;
      return variants.length === 0 ? (rec[`__${field}`] ?? false) : false;
    },
    set: (rec, value, env) => {
      const variants = variantsOf(env, rec);
      if (variants.length === 1) env.model('product.product').writeOne(variants[0]!, { [field]: value });
      else rec[`__${field}`] = value;
    },
  };
}

function sumOverVariants(compute: (env: Env, productId: number) => number): ComputedField {
  return { get: (rec, env) => round(variantsOf(env, rec).reduce((sum, variant) => sum + compute(env, variant.id), 0)) };
}

function templateDefaults(env: Env): Record<string, unknown> {
  const tax = env.model('account.tax').search(
    [
      ['type_tax_use', '=', 'sale'],
      ['name', '=', '15%'],
    ],
    { limit: 1 },
  );
  return {
    active: true,
    sale_ok: true,
    purchase_ok: true,
    type: 'consu',
    list_price: 1,
    standard_price: 0,
    categ_id: env.version >= 19 ? false : 1, // 19 has no root category "All" to default to
    uom_id: 1,
    uom_po_id: 1,
    invoice_policy: 'order',
    taxes_id: tax,
    company_id: false,
  };
}

export const productTemplate: ModelSpec = {
  name: 'product.template',
  description: 'Product',
  // 18 replaced the priority star by is_favorite
  order: (version) => (version >= 18 ? 'is_favorite desc, name, id' : 'priority desc, name, id'),
  required: ['name'],
  inverses: { product_variant_ids: 'product_tmpl_id' },
  defaults: (env) => templateDefaults(env),
  displayName: (rec, env) => {
    const code = singleVariantField('default_code').get(rec, env);
    return code ? `[${String(code)}] ${String(rec.name)}` : String(rec.name);
  },
  computed: (version) => ({
    ...typeFields(version),
    default_code: singleVariantField('default_code'),
    barcode: singleVariantField('barcode'),
    product_variant_count: { get: (rec, env) => variantsOf(env, rec).length },
    product_variant_id: { get: (rec, env) => variantsOf(env, rec)[0]?.id ?? false },
    qty_available: sumOverVariants(qtyOnHand),
    virtual_available: sumOverVariants((env, id) => {
      const planned = plannedQty(env, id);
      return qtyOnHand(env, id) + planned.incoming - planned.outgoing;
    }),
  }),
  afterCreate: (env, rec) => {
    if (rec.__skipVariant) return;
    env.model('product.product').createRaw({
      product_tmpl_id: rec.id,
      active: true,
      default_code: rec.__default_code ?? false,
      barcode: rec.__barcode ?? false,
    });
    delete rec.__default_code;
    delete rec.__barcode;
  },
};

/** Fields stored on the variant itself; the rest of the template's fields are read through product_tmpl_id. */
const VARIANT_FIELDS = [
  'product_tmpl_id',
  'default_code',
  'barcode',
  'active',
  'id',
  'display_name',
  'create_date',
  'write_date',
  'create_uid',
  'write_uid',
  'product_template_attribute_value_ids',
  'combination_indices',
  'volume',
  'weight',
] as const;

export const productProduct: ModelSpec = {
  name: 'product.product',
  description: 'Product Variant',
  order: 'default_code, name, id',
  inherits: { model: 'product.template', field: 'product_tmpl_id', ownFields: VARIANT_FIELDS },
  indexes: ['default_code', 'barcode'],
  defaults: () => ({ active: true }),
  displayName: (rec, env) => {
    const template = env.model('product.template').get(rec.product_tmpl_id as number);
    const name = String(template?.name ?? '');
    const attributes = typeof rec.__attributes === 'string' ? ` (${rec.__attributes})` : '';
    return rec.default_code ? `[${String(rec.default_code)}] ${name}${attributes}` : `${name}${attributes}`;
  },
  computed: () => ({
    qty_available: { get: (rec, env) => qtyOnHand(env, rec.id) },
    free_qty: {
      get: (rec, env) => {
        const quants = env.model('stock.quant');
        return (
          qtyOnHand(env, rec.id) -
          quants
            .idsWhere('product_id', rec.id)
            .reduce((sum, id) => sum + Number(quants.getValue(quants.browse(id), 'reserved_quantity')), 0)
        );
      },
    },
    incoming_qty: { get: (rec, env) => plannedQty(env, rec.id).incoming },
    outgoing_qty: { get: (rec, env) => plannedQty(env, rec.id).outgoing },
    virtual_available: {
      get: (rec, env) => {
        const planned = plannedQty(env, rec.id);
        return round(qtyOnHand(env, rec.id) + planned.incoming - planned.outgoing);
      },
    },
    lst_price: {
      get: (rec, env) =>
        Number(env.model('product.template').get(rec.product_tmpl_id as number)?.list_price ?? 0) +
        Number(rec.__price_extra ?? 0),
    },
    price_extra: { get: (rec) => Number(rec.__price_extra ?? 0) },
    partner_ref: { get: (rec, env) => env.model('product.product').displayName(rec) },
  }),
};

export const productPricelist: ModelSpec = {
  name: 'product.pricelist',
  description: 'Pricelist',
  order: 'sequence asc, id asc',
  inverses: { item_ids: 'pricelist_id' },
  required: ['name', 'currency_id'],
  defaults: () => ({ active: true, sequence: 16, discount_policy: 'with_discount' }),
  displayName: (rec, env) =>
    `${String(rec.name)} (${String(env.model('res.currency').get(rec.currency_id as number)?.name ?? '')})`,
};

const APPLIED_ON: [string, string][] = [
  ['3_global', 'All Products'],
  ['2_product_category', 'Product Category'],
  ['1_product', 'Product'],
  ['0_product_variant', 'Product Variant'],
];
/** What each `applied_on` keeps of the product fields (Odoo clears the others on create and write). */
const APPLIED_ON_KEEPS: Record<string, string[]> = {
  '3_global': [],
  '2_product_category': ['categ_id'],
  '1_product': ['product_tmpl_id'],
  '0_product_variant': ['product_id', 'product_tmpl_id'],
};

function normalizeAppliedOn(vals: Record<string, unknown>): void {
  const keeps = typeof vals.applied_on === 'string' ? APPLIED_ON_KEEPS[vals.applied_on] : undefined;
  if (!keeps) return;
  for (const field of ['categ_id', 'product_tmpl_id', 'product_id']) if (!keeps.includes(field)) vals[field] = false;
}

/** Odoo's constraints on a rule (product_pricelist_item.py). */
function checkRule(rec: Raw): void {
  if (rec.applied_on === '2_product_category' && !rec.categ_id)
    throw validationError('Please specify the category for which this rule should be applied');
  if (rec.applied_on === '1_product' && !rec.product_tmpl_id)
    throw validationError('Please specify the product for which this rule should be applied');
  if (rec.applied_on === '0_product_variant' && !rec.product_id)
    throw validationError('Please specify the product variant for which this rule should be applied');
  if (rec.base === 'pricelist' && rec.base_pricelist_id && rec.base_pricelist_id === rec.pricelist_id)
    throw validationError('You cannot assign the Main Pricelist as Other Pricelist in PriceList Item');
  if (rec.date_start && rec.date_end && String(rec.date_start) >= String(rec.date_end))
    throw validationError('end date should be greater than start date');
}

/** A pricelist's rules. The repo holds no fields_get of this model: these are Odoo 17's stored fields. */
export const productPricelistItem: ModelSpec = {
  name: 'product.pricelist.item',
  description: 'Pricelist Rule',
  order: 'applied_on, min_quantity desc, id desc',
  required: ['pricelist_id', 'applied_on', 'base', 'compute_price'],
  indexes: ['pricelist_id'],
  fields: () => ({
    pricelist_id: f.m2o('product.pricelist', 'Pricelist', true),
    company_id: f.m2o('res.company', 'Company'),
    currency_id: f.m2o('res.currency', 'Currency'),
    active: f.bool('Active'),
    date_start: { ...f.datetime('Start Date'), readonly: false },
    date_end: { ...f.datetime('End Date'), readonly: false },
    min_quantity: f.float('Min. Quantity'),
    applied_on: f.sel('Apply On', APPLIED_ON, true),
    categ_id: f.m2o('product.category', 'Product Category'),
    product_tmpl_id: f.m2o('product.template', 'Product'),
    product_id: f.m2o('product.product', 'Product Variant'),
    base: f.sel(
      'Based on',
      [
        ['list_price', 'Sales Price'],
        ['standard_price', 'Cost'],
        ['pricelist', 'Other Pricelist'],
      ],
      true,
    ),
    base_pricelist_id: f.m2o('product.pricelist', 'Other Pricelist'),
    compute_price: f.sel(
      'Compute Price',
      [
        ['fixed', 'Fixed Price'],
        ['percentage', 'Discount'],
        ['formula', 'Formula'],
      ],
      true,
    ),
    fixed_price: f.float('Fixed Price'),
    percent_price: f.float('Percentage Price'),
    price_discount: f.float('Price Discount'),
    price_round: f.float('Price Rounding'),
    price_surcharge: f.float('Price Surcharge'),
    price_min_margin: f.float('Min. Price Margin'),
    price_max_margin: f.float('Max. Price Margin'),
  }),
  defaults: (env, vals) => {
    const pricelist =
      typeof vals.pricelist_id === 'number' ? env.model('product.pricelist').get(vals.pricelist_id) : undefined;
    return {
      applied_on: '3_global',
      base: 'list_price',
      compute_price: 'fixed',
      min_quantity: 0,
      fixed_price: 0,
      percent_price: 0,
      price_discount: 0,
      price_round: 0,
      price_surcharge: 0,
      price_min_margin: 0,
      price_max_margin: 0,
      active: true,
      currency_id: pricelist?.currency_id ?? 1,
      company_id: pricelist?.company_id ?? false,
    };
  },
  createOverride: (_env, _model, vals) => {
    normalizeAppliedOn(vals);
    return undefined;
  },
  afterCreate: (_env, rec) => checkRule(rec),
  afterWrite: (_env, rec) => checkRule(rec),
};
