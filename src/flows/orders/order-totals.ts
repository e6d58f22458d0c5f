// Totals match, or a person hears of it: a sale order whose total differs from the store's by more than the
// currency's rounding is never confirmed silently. The check names both totals, both taxes and the difference.
import type { SalesOrder } from '../../connectors/clarity/contract.ts';
import type { SaleOrderSummary } from '../../connectors/odoo/index.ts';
import { BusinessError } from '../../core/errors.ts';

const money = (value: number): string => value.toFixed(2);
const num = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/** The store's total: as it says, else its parts added up; undefined when it gives neither. */
export function storeTotal(order: SalesOrder): number | undefined {
  const t = order.Totals;
  if (!t) return undefined;
  if (typeof t.Total === 'number') return t.Total;
  const parts = [t.SubTotal, t.Shipping, t.Handling, t.Fees, t.Tax];
  if (parts.every((p) => typeof p !== 'number')) return undefined;
  return num(t.SubTotal) - num(t.Discounts) + num(t.Shipping) + num(t.Handling) + num(t.Fees) + num(t.Tax);
}

/** A BusinessError when the Odoo order's total differs from the store's by more than `rounding`. */
export function totalsMismatch(
  order: SalesOrder,
  summary: SaleOrderSummary,
  rounding: number,
): BusinessError | undefined {
  const expected = storeTotal(order);
  if (expected === undefined) return undefined;
  const difference = Math.round((summary.amount_total - expected) * 1e6) / 1e6;
  if (Math.abs(difference) <= rounding + 1e-9) return undefined;
  const currency = order.CurrencyKey ?? '';
  const storeTax = typeof order.Totals?.Tax === 'number' ? order.Totals.Tax : undefined;
  const taxes = storeTax === undefined ? '' : ` (tax: Odoo ${money(summary.amount_tax)}, store ${money(storeTax)})`;
  return new BusinessError(
    `order ${order.CustomKey}: Odoo's total ${money(summary.amount_total)} ${currency} differs from the store's ${money(expected)} by ${money(difference)}${taxes}; ${summary.name} stays a quotation. Check its taxes and shipping in Odoo (\`bridge odoo check\` lists what is missing), then replay: the bridge rebuilds the quotation and compares again`,
    {
      details: {
        saleOrder: summary.name,
        storeTotal: expected,
        odooTotal: summary.amount_total,
        difference,
        storeTax,
        odooTax: summary.amount_tax,
        currency,
      },
    },
  );
}
