// A product's price on a pricelist, computed as Odoo 17 computes it (product.pricelist.item `_is_applicable_for`,
// `_compute_price`, `_compute_base_price`) for one unit today. Odoo serves no public method for this over RPC
// (`_get_product_price` is private), so the rules are read once and applied here: fixed price, discount, or formula
// (discount, rounding, surcharge, margins) on the sales price, the cost or another pricelist, in the pricelist's
// currency. Units of measure are not converted: the price is per the product's own unit.
import { BusinessError } from '../../../core/errors.ts';
import type { OdooClient, OdooRecord } from '../client.ts';
import { m2oId, m2oName } from '../commands.ts';
import { escapeLike } from '../batched-lookup.ts';
import { CONNECTOR } from '../errors.ts';

const RULE_FIELDS = [
  'applied_on',
  'categ_id',
  'product_tmpl_id',
  'product_id',
  'min_quantity',
  'date_start',
  'date_end',
  'base',
  'base_pricelist_id',
  'compute_price',
  'fixed_price',
  'percent_price',
  'price_discount',
  'price_round',
  'price_surcharge',
  'price_min_margin',
  'price_max_margin',
];

/** A product as the price computation needs it (a template, or a variant with its template). */
export interface PricedProduct {
  templateId: number;
  /** The variant, when the template has exactly one or the price is asked for a variant. */
  variantId?: number;
  /** Whether the template has exactly one variant (a variant rule then applies to the template too). */
  singleVariant?: boolean;
  categoryId?: number;
  listPrice: number;
  cost?: number;
}

interface Rule {
  id: number;
  appliedOn: string;
  categoryId: number | undefined;
  categoryPath: string;
  templateId: number | undefined;
  variantId: number | undefined;
  minQuantity: number;
  start: string | undefined;
  end: string | undefined;
  base: string;
  basePricelistId: number | undefined;
  computePrice: string;
  fixedPrice: number;
  percentPrice: number;
  discount: number;
  round: number;
  surcharge: number;
  minMargin: number;
  maxMargin: number;
}

interface LoadedPricelist {
  id: number;
  name: string;
  currencyId: number | undefined;
  /** In Odoo's `_order`: applied_on, min_quantity desc, category desc, id desc. */
  rules: Rule[];
}

/** Odoo's `float_round` with a rounding step (half away from zero). */
function roundTo(value: number, step: number): number {
  const scaled = value / step;
  return Math.sign(scaled) * Math.round(Math.abs(scaled) + 1e-9) * step;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

function toRule(r: OdooRecord): Rule {
  return {
    id: r.id,
    appliedOn: String(r.applied_on ?? '3_global'),
    categoryId: m2oId(r.categ_id),
    categoryPath: m2oName(r.categ_id) ?? '',
    templateId: m2oId(r.product_tmpl_id),
    variantId: m2oId(r.product_id),
    minQuantity: num(r.min_quantity),
    start: text(r.date_start),
    end: text(r.date_end),
    base: String(r.base ?? 'list_price'),
    basePricelistId: m2oId(r.base_pricelist_id),
    computePrice: String(r.compute_price ?? 'fixed'),
    fixedPrice: num(r.fixed_price),
    percentPrice: num(r.percent_price),
    discount: num(r.price_discount),
    round: num(r.price_round),
    surcharge: num(r.price_surcharge),
    minMargin: num(r.price_min_margin),
    maxMargin: num(r.price_max_margin),
  };
}

function ruleOrder(a: Rule, b: Rule): number {
  return (
    a.appliedOn.localeCompare(b.appliedOn) ||
    b.minQuantity - a.minQuantity ||
    b.categoryPath.localeCompare(a.categoryPath) ||
    b.id - a.id
  );
}

/** Prices on one pricelist (and the pricelists its rules are based on), loaded once, computed for many products. */
export class PricelistPrices {
  private constructor(
    private readonly main: LoadedPricelist,
    private readonly others: ReadonlyMap<number, LoadedPricelist>,
    /** category id → its id and its ancestors' ids */
    private readonly ancestry: ReadonlyMap<number, readonly number[]>,
    /** currency id → rate against the company currency (Odoo's `rate`) */
    private readonly rates: ReadonlyMap<number, number>,
    private readonly companyCurrencyId: number | undefined,
    private readonly signature: string,
    /** The pricelist's id and write date when it was loaded. */
    private readonly stamp: string,
  ) {}

  /**
   * Loads the pricelist named `name` (case-insensitive), its rules, and what they are based on. Given the prices
   * loaded before, returns them as they are when the name still finds the same pricelist, unchanged, and no rule was
   * added, changed or removed since (two calls).
   */
  static async load(client: OdooClient, name: string, previous?: PricelistPrices): Promise<PricelistPrices> {
    const [found] = await client.searchRead('product.pricelist', {
      domain: [['name', '=ilike', escapeLike(name)]],
      fields: ['name', 'currency_id', 'write_date'],
      limit: 1,
    });
    if (!found) {
      throw new BusinessError(
        `Odoo has no pricelist named "${name}"; create it (Sales > Products > Pricelists) or fix the flow's salePricelist option`,
        {
          connector: CONNECTOR,
          details: { lookup: 'pricelist', key: name, model: 'product.pricelist' },
        },
      );
    }
    const stamp = `${found.id}@${String(found.write_date)}`;
    if (
      previous?.stamp === stamp &&
      (await PricelistPrices.signature(client, [...previous.others.keys()])) === previous.signature
    )
      return previous;
    const pricelists = new Map<number, LoadedPricelist>();
    const load = async (id: number, record?: OdooRecord): Promise<void> => {
      if (pricelists.has(id)) return;
      const pricelist = record ?? (await client.read('product.pricelist', [id], ['name', 'currency_id']))[0];
      if (!pricelist) return;
      const rules = (
        await client.searchRead('product.pricelist.item', { domain: [['pricelist_id', '=', id]], fields: RULE_FIELDS })
      )
        .map(toRule)
        .sort(ruleOrder);
      pricelists.set(id, { id, name: String(pricelist.name), currencyId: m2oId(pricelist.currency_id), rules });
      // a rule based on another pricelist needs that one's rules too (Odoo forbids a pricelist based on itself)
      for (const rule of rules)
        if (rule.base === 'pricelist' && rule.basePricelistId !== undefined) await load(rule.basePricelistId);
    };
    await load(found.id, found);

    const categoryIds = [
      ...new Set(
        [...pricelists.values()].flatMap((p) =>
          p.rules.map((r) => r.categoryId).filter((x): x is number => x !== undefined),
        ),
      ),
    ];
    const allCategories = categoryIds.length
      ? await client.searchRead('product.category', { domain: [], fields: ['parent_id'] })
      : [];
    const parentOf = new Map(allCategories.map((c) => [c.id, m2oId(c.parent_id)]));
    const ancestry = new Map<number, number[]>();
    for (const c of allCategories) {
      const chain: number[] = [];
      for (let id: number | undefined = c.id; id !== undefined && chain.length < 50; id = parentOf.get(id))
        chain.push(id);
      ancestry.set(c.id, chain);
    }

    const [company] = await client.searchRead('res.company', { domain: [], fields: ['currency_id'], limit: 1 });
    const currencyIds = [
      ...new Set([...pricelists.values()].map((p) => p.currencyId).filter((x): x is number => x !== undefined)),
    ];
    const currencies = currencyIds.length ? await client.read('res.currency', currencyIds, ['rate']) : [];
    const rates = new Map(currencies.map((c) => [c.id, num(c.rate) || 1]));
    const signature = await PricelistPrices.signature(client, [...pricelists.keys()]);
    return new PricelistPrices(
      pricelists.get(found.id)!,
      pricelists,
      ancestry,
      rates,
      m2oId(company?.currency_id),
      signature,
      stamp,
    );
  }

  /** What changes when a rule of these pricelists is added, changed or removed. */
  private static async signature(client: OdooClient, pricelistIds: readonly number[]): Promise<string> {
    const rules = await client.searchRead('product.pricelist.item', {
      domain: [['pricelist_id', 'in', [...pricelistIds]]],
      fields: ['write_date'],
      order: 'id asc',
    });
    return rules.map((r) => `${r.id}@${String(r.write_date)}`).join(',');
  }

  get name(): string {
    return this.main.name;
  }

  /** Whether any rule is based on the cost (the caller then passes each product's `cost`). */
  get needsCost(): boolean {
    return [...this.others.values()].some((p) => p.rules.some((r) => r.base === 'standard_price'));
  }

  /** The unit price of one product on this pricelist at `when` (Odoo's UTC "YYYY-MM-DD HH:MM:SS"), in its currency. */
  priceOf(product: PricedProduct, when: string): number {
    return this.compute(this.main, product, when, 0);
  }

  private compute(pricelist: LoadedPricelist, product: PricedProduct, when: string, depth: number): number {
    const rule = pricelist.rules.find((r) => this.applies(r, product, when));
    const base = (): number => this.basePrice(pricelist, rule, product, when, depth);
    if (!rule) return base();
    if (rule.computePrice === 'fixed') return rule.fixedPrice;
    if (rule.computePrice === 'percentage') {
      const price = base();
      return price - price * (rule.percentPrice / 100);
    }
    const limit = base();
    let price = limit - limit * (rule.discount / 100);
    if (rule.round) price = roundTo(price, rule.round);
    if (rule.surcharge) price += rule.surcharge;
    if (rule.minMargin) price = Math.max(price, limit + rule.minMargin);
    if (rule.maxMargin) price = Math.min(price, limit + rule.maxMargin);
    return price;
  }

  private basePrice(
    pricelist: LoadedPricelist,
    rule: Rule | undefined,
    product: PricedProduct,
    when: string,
    depth: number,
  ): number {
    if (rule?.base === 'pricelist' && rule.basePricelistId !== undefined && depth < 10) {
      const other = this.others.get(rule.basePricelistId);
      if (other)
        return this.convert(this.compute(other, product, when, depth + 1), other.currencyId, pricelist.currencyId);
    }
    const price = rule?.base === 'standard_price' ? (product.cost ?? 0) : product.listPrice;
    return this.convert(price, this.companyCurrencyId, pricelist.currencyId);
  }

  private convert(amount: number, from: number | undefined, to: number | undefined): number {
    if (from === undefined || to === undefined || from === to) return amount;
    return (amount * (this.rates.get(to) ?? 1)) / (this.rates.get(from) ?? 1);
  }

  private applies(rule: Rule, product: PricedProduct, when: string): boolean {
    if (rule.start && rule.start > when) return false;
    if (rule.end && rule.end < when) return false;
    if (rule.minQuantity > 1) return false;
    if (rule.categoryId !== undefined)
      return (
        product.categoryId !== undefined &&
        (this.ancestry.get(product.categoryId) ?? [product.categoryId]).includes(rule.categoryId)
      );
    if (rule.templateId !== undefined && rule.templateId !== product.templateId) return false;
    if (rule.variantId !== undefined) return product.variantId === rule.variantId && (product.singleVariant ?? true);
    return true;
  }
}
