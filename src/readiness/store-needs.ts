// What a store's orders need of an Odoo: the currencies they are in, the carriers they ship with, and the tax rates
// the store charges. `bridge odoo check` and `bridge odoo prepare` read them off the store's recent orders; the demo
// and the tests take them from the storefront they run.
import type { ClarityClient } from '../connectors/clarity/client.ts';
import type { SalesOrder } from '../connectors/clarity/contract.ts';
import { likelyRate, matchRate, parseStoreTaxKey, storeTaxKey, type StoreTax } from '../mapping/store-tax-rate.ts';

export interface StoreNeeds {
  /** How many orders the needs were read from (0: from the configuration or a storefront's data). */
  orders: number;
  /** Currency → orders in it. */
  currencies: Map<string, number>;
  /** The store's carriers (ShippingMethodKey) → orders. */
  carriers: Map<string, number>;
  /** Tax rate (percent) the store charged → orders, with an example order number. */
  taxRates: Map<number, { orders: number; example: string }>;
  /** Orders whose tax no single rate explains (items of several rates: map their TaxCode). */
  mixedTaxOrders: string[];
  /** Orders with a discount on an item (an amount, which Odoo turns into a percentage). */
  discountedOrders: number;
}

export function emptyNeeds(): StoreNeeds {
  return {
    orders: 0,
    currencies: new Map(),
    carriers: new Map(),
    taxRates: new Map(),
    mixedTaxOrders: [],
    discountedOrders: 0,
  };
}

const count = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);

export function needsOfOrders(orders: readonly SalesOrder[]): StoreNeeds {
  const needs = emptyNeeds();
  const taxed: { order: SalesOrder; question: StoreTax; rate: number }[] = [];
  const likely = new Map<number, number>();
  for (const order of orders) {
    needs.orders++;
    if (order.CurrencyKey) count(needs.currencies, order.CurrencyKey.trim().toUpperCase());
    if (order.ShippingMethodKey) count(needs.carriers, order.ShippingMethodKey);
    if (order.SalesItems?.some((item) => Number(item.Discount) > 0)) needs.discountedOrders++;
    const key = storeTaxKey(order.Totals, 'goods');
    const question = key ? parseStoreTaxKey(key) : undefined;
    if (!question || question.tax === 0) continue;
    const rate = likelyRate(question);
    if (rate === undefined) needs.mixedTaxOrders.push(order.CustomKey);
    else {
      count(likely, rate);
      taxed.push({ order, question, rate });
    }
  }
  // A small order's cents fit several rates (8.3% and 8.25% on 10.00): each order goes to the most common rate
  // that explains it, so only rates the store really charges remain.
  const byUse = [...likely.entries()].sort((a, b) => b[1] - a[1]).map(([rate]) => rate);
  for (const { order, question, rate } of taxed) {
    const chosen = byUse.find((r) => matchRate(question, [r]) === r) ?? rate;
    const seen = needs.taxRates.get(chosen);
    needs.taxRates.set(chosen, { orders: (seen?.orders ?? 0) + 1, example: seen?.example ?? order.CustomKey });
  }
  return needs;
}

/** The needs of the store's most recent orders (at most `limit`, the newest changed last). */
export async function recentStoreNeeds(clarity: ClarityClient, limit = 200): Promise<StoreNeeds> {
  const pageSize = 100;
  const first = await clarity.orders.list({ page: 1, pageSize });
  const lastPage = Math.max(1, first.TotalPages);
  const pages = Math.ceil(limit / pageSize);
  const orders: SalesOrder[] = [];
  for (let page = Math.max(1, lastPage - pages + 1); page <= lastPage; page++) {
    orders.push(...(page === 1 ? first.Results : (await clarity.orders.list({ page, pageSize })).Results));
  }
  return needsOfOrders(orders.slice(-limit));
}
