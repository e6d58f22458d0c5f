// What the sandbox storefront's orders need of an Odoo (its currencies, the tax rate of each country it sells to,
// its carriers), so the demo, the tests and the benches prepare the Odoo sandbox the way `bridge odoo prepare`
// prepares a real one from a store's recent orders. A fresh sandbox, like a fresh Odoo, takes none of it.
import { emptyNeeds, type StoreNeeds } from '../../readiness/index.ts';
import { CARRIERS, COUNTRIES } from '../clarity/storefront-data.ts';

export function storefrontNeeds(currencies: readonly string[] = ['USD', 'EUR', 'GBP']): StoreNeeds {
  const needs = emptyNeeds();
  for (const currency of currencies) needs.currencies.set(currency, 1);
  for (const country of COUNTRIES) {
    if (!currencies.includes(country.currency)) continue;
    const rate = Math.round(country.taxRate * 100 * 1e4) / 1e4;
    needs.taxRates.set(rate, { orders: 1, example: `an order from ${country.code}` });
  }
  for (const carrier of CARRIERS) needs.carriers.set(carrier.key, 1);
  needs.discountedOrders = 1; // a quarter of its lines carry a discount
  return needs;
}
