// `bridge odoo prepare`: does what a gap's action says, in an order that works on a fresh Odoo (a currency is
// active before a pricelist is made in it, pricelists are on before one is made), then checks again.
import {
  activateCurrency,
  createPricelist,
  createSaleTax,
  enablePricelists,
  setDiscountDigits,
  setTaxRounding,
  type OdooConnector,
} from '../connectors/odoo/index.ts';
import type { OrderOptions } from '../flows/orders/order-options.ts';
import { describeAction, odooGaps, type Gap, type PrepareAction } from './odoo-gaps.ts';
import type { StoreNeeds } from './store-needs.ts';

const ORDER: PrepareAction['kind'][] = [
  'activate-currency',
  'enable-pricelists',
  'create-pricelist',
  'create-tax',
  'round-globally',
  'discount-digits',
];

export interface PrepareResult {
  /** What was done (or, on a dry run, would be), in words. */
  done: string[];
  /** What remains for a person, once the actions ran (on a dry run: every gap without an action). */
  remaining: Gap[];
}

export function plannedActions(gaps: readonly Gap[]): PrepareAction[] {
  const actions = gaps.flatMap((g) => (g.action ? [g.action] : []));
  return actions.sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
}

export async function prepareOdoo(
  odoo: OdooConnector,
  needs: StoreNeeds,
  options: OrderOptions,
  run: { dryRun?: boolean; onAction?: (text: string) => void } = {},
): Promise<PrepareResult> {
  const gaps = await odooGaps(odoo, needs, options);
  const actions = plannedActions(gaps);
  const done: string[] = [];
  for (const action of actions) {
    const text = describeAction(action);
    if (!run.dryRun) await apply(odoo, action);
    done.push(text);
    run.onAction?.(text);
  }
  if (run.dryRun) return { done, remaining: gaps.filter((g) => !g.action) };
  odoo.lookups.clear();
  return { done, remaining: await odooGaps(odoo, needs, options) };
}

async function apply(odoo: OdooConnector, action: PrepareAction): Promise<void> {
  const { client } = odoo;
  switch (action.kind) {
    case 'activate-currency':
      return activateCurrency(client, action.currencyId);
    case 'enable-pricelists':
      return enablePricelists(client);
    case 'create-pricelist':
      await createPricelist(client, action.currency, action.currencyId);
      return;
    case 'create-tax':
      await createSaleTax(client, action.rate);
      return;
    case 'round-globally':
      return setTaxRounding(client, 'round_globally');
    case 'discount-digits':
      return setDiscountDigits(client, action.digits);
  }
}
