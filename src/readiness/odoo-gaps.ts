// What an Odoo lacks for a store's orders, each gap with how to fix it and, when the bridge can fix it itself, the
// action `bridge odoo prepare` takes: the integration's company, the currencies and their pricelists, the tax
// rates the store charges, the tax rounding, the shipping methods. A fresh Odoo with demo data has one active
// currency, no pricelist, one 15% tax and two companies: every one of those shows here before an order is refused.
import { AuthError } from '../core/errors.ts';
import {
  discountDigits,
  escapeLike,
  findCurrency,
  pricelistsEnabled,
  taxRounding,
  type OdooConnector,
} from '../connectors/odoo/index.ts';
import type { OrderOptions } from '../flows/orders/order-options.ts';
import type { StoreNeeds } from './store-needs.ts';

/** Enough for any discount amount on a line below a hundred million to land on the store's cent. */
const DISCOUNT_DIGITS = 6;

export type PrepareAction =
  | { kind: 'activate-currency'; currency: string; currencyId: number }
  | { kind: 'enable-pricelists' }
  | { kind: 'create-pricelist'; currency: string; currencyId: number }
  | { kind: 'create-tax'; rate: number }
  | { kind: 'round-globally' }
  | { kind: 'discount-digits'; digits: number };

export interface Gap {
  area: 'company' | 'currency' | 'pricelist' | 'tax' | 'rounding' | 'discount' | 'carrier' | 'shipping';
  /** What is missing or wrong, in words. */
  problem: string;
  /** How a person fixes it (in Odoo, or in the configuration). */
  fix: string;
  /** False for what orders survive (they go on anyway, possibly in a less precise way). */
  blocking: boolean;
  /** What `bridge odoo prepare` does about it, when it can. */
  action?: PrepareAction;
}

export function describeAction(action: PrepareAction): string {
  switch (action.kind) {
    case 'activate-currency':
      return `activate the currency ${action.currency}`;
    case 'enable-pricelists':
      return 'turn on Pricelists (each company gets a default pricelist in its currency)';
    case 'create-pricelist':
      return `create the pricelist "${action.currency}" in ${action.currency} for the company`;
    case 'create-tax':
      return `create the sales tax "${action.rate}%" (percent, prices excluded) in its tax group "Tax ${action.rate}%"`;
    case 'round-globally':
      return "round taxes once per order (the company's Rounding Method: Round Globally), as the store does";
    case 'discount-digits':
      return `keep line discounts to ${action.digits} decimals (Decimal Accuracy "Discount")`;
  }
}

export async function odooGaps(odoo: OdooConnector, needs: StoreNeeds, options: OrderOptions): Promise<Gap[]> {
  const { client, lookups } = odoo;
  let company;
  try {
    company = (await client.connect()).company;
  } catch (error) {
    if (!(error instanceof AuthError) || !error.details.companies) throw error;
    return [{ area: 'company', problem: error.message, fix: 'set odoo.company in the configuration', blocking: true }];
  }
  const gaps: Gap[] = [];

  let pricelistsOn: boolean | undefined;
  for (const code of [...needs.currencies.keys()].sort()) {
    if (code === company.currency) continue; // orders in the company's currency need no pricelist
    const currency = await findCurrency(client, code);
    if (!currency) {
      gaps.push({
        area: 'currency',
        problem: `the store sells in ${code}, a currency Odoo does not have`,
        fix: "check the store's CurrencyKey (an ISO 4217 code)",
        blocking: true,
      });
      continue;
    }
    if (!currency.active) {
      gaps.push({
        area: 'currency',
        problem: `the store sells in ${code}, which is not active in Odoo`,
        fix: `activate ${code} (Accounting > Configuration > Currencies)`,
        blocking: true,
        action: { kind: 'activate-currency', currency: code, currencyId: currency.id },
      });
    }
    if (await lookups.lookup('pricelist').find(code)) continue;
    pricelistsOn ??= await pricelistsEnabled(client);
    if (!pricelistsOn) {
      gaps.push({
        area: 'pricelist',
        problem: `orders in ${code} need a pricelist in ${code}, and pricelists are off`,
        fix: 'turn on Pricelists (Sales > Configuration > Settings)',
        blocking: true,
        action: { kind: 'enable-pricelists' },
      });
      pricelistsOn = true; // once
    }
    gaps.push({
      area: 'pricelist',
      problem: `${company.name} has no pricelist in ${code}`,
      fix: `add a pricelist in ${code} for ${company.name} (Sales > Products > Pricelists)`,
      blocking: true,
      action: { kind: 'create-pricelist', currency: code, currencyId: currency.id },
    });
  }

  if (options.taxes === 'store-rate') {
    const rates = new Set((await lookups.saleTaxRates()).map((t) => t.amount));
    for (const [rate, seen] of [...needs.taxRates].sort((a, b) => a[0] - b[0])) {
      if (rates.has(rate)) continue;
      gaps.push({
        area: 'tax',
        problem: `the store charges ${rate}% tax (${seen.orders} order(s), e.g. ${seen.example}); ${company.name} has no ${rate}% sales tax with prices excluded`,
        fix: `create it (Accounting > Configuration > Taxes), or set flows.order-to-odoo.taxes: fiscal-position to let Odoo's fiscal positions decide`,
        blocking: true,
        action: { kind: 'create-tax', rate },
      });
    }
    if (needs.mixedTaxOrders.length) {
      gaps.push({
        area: 'tax',
        problem: `${needs.mixedTaxOrders.length} order(s) mix tax rates (e.g. ${needs.mixedTaxOrders.slice(0, 3).join(', ')}): no single rate explains their tax`,
        fix: "map the items' TaxCode to Odoo taxes with flows.order-to-odoo.taxCodes",
        blocking: false,
      });
    }
    if (needs.taxRates.size && (await taxRounding(client)) !== 'round_globally') {
      gaps.push({
        area: 'rounding',
        problem: `${company.name} rounds taxes per line; the store rounds once per order, so totals may differ by a cent and such orders wait in review`,
        fix: 'set Rounding Method: Round Globally (Accounting > Configuration > Settings)',
        blocking: false,
        action: { kind: 'round-globally' },
      });
    }
  }

  if (needs.discountedOrders && (await discountDigits(client)) < DISCOUNT_DIGITS) {
    gaps.push({
      area: 'discount',
      problem: `Odoo keeps line discounts to ${await discountDigits(client)} decimals: a discount the store gives as an amount (${needs.discountedOrders} order(s)) becomes a percentage that can land a cent off, and such orders wait in review`,
      fix: `set the Decimal Accuracy "Discount" to ${DISCOUNT_DIGITS} digits (Settings > Technical > Decimal Accuracy)`,
      blocking: false,
      action: { kind: 'discount-digits', digits: DISCOUNT_DIGITS },
    });
  }

  for (const [carrier, orders] of [...needs.carriers].sort()) {
    const name = options.carriers[carrier] ?? carrier;
    if (await lookups.findCarrier(name)) continue;
    gaps.push(
      options.carriers[carrier]
        ? {
            area: 'carrier',
            problem: `flows.order-to-odoo.carriers maps ${carrier} to "${name}", which Odoo has no shipping method named`,
            fix: 'fix the name in the configuration, or create the shipping method (Inventory > Configuration > Shipping Methods)',
            blocking: true,
          }
        : {
            area: 'carrier',
            problem: `no shipping method in Odoo matches the store's carrier ${carrier} (${orders} order(s)): its shipping goes on a generic delivery line`,
            fix: `map it with flows.order-to-odoo.carriers: { ${carrier}: "<an Odoo shipping method>" } to set the order's carrier too`,
            blocking: false,
          },
    );
  }
  if (options.genericShippingProduct) {
    const [product] = await client.search('product.product', [
      ['default_code', '=ilike', escapeLike(options.genericShippingProduct)],
    ]);
    if (!product) {
      gaps.push({
        area: 'shipping',
        problem: `flows.order-to-odoo.genericShippingProduct is "${options.genericShippingProduct}", which no Odoo product has as its Internal Reference`,
        fix: 'fix it in the configuration, or give a service product that Internal Reference',
        blocking: true,
      });
    }
  }
  return gaps;
}
