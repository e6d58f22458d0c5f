// Line amounts and taxes as Odoo 17 computes them (fixture 11: 3 × 320 and 2 × 140 at 10% off with 15% tax →
// 1212.0 untaxed, 181.8 tax, 1393.8 total; the discounted line's tax is 37.800000000000004, i.e. the tax of
// the undiscounted amount times the discount factor). Totals round per line to the currency's 2 decimals.
import type { Env } from './env.ts';

export interface LineAmounts {
  subtotal: number;
  tax: number;
  total: number;
}

export const round2 = (value: number): number => Math.round((value + Number.EPSILON * Math.sign(value)) * 100) / 100;

export function lineAmounts(
  env: Env,
  priceUnit: number,
  quantity: number,
  discount: number,
  taxIds: readonly number[],
): LineAmounts {
  const taxes = env.model('account.tax');
  const gross = priceUnit * quantity;
  const factor = 1 - discount / 100;
  let included = 0;
  let excluded = 0;
  let fixed = 0;
  for (const id of taxIds) {
    const tax = taxes.get(id);
    if (!tax) continue;
    const amount = Number(tax.amount ?? 0);
    if (tax.amount_type === 'fixed') fixed += amount * quantity;
    else if (tax.price_include) included += amount / 100;
    else excluded += amount / 100;
  }
  if (included > 0) {
    const total = gross * factor;
    const subtotal = total / (1 + included);
    const tax = total - subtotal + subtotal * excluded + fixed;
    return { subtotal: round2(subtotal), tax, total: round2(subtotal) + tax };
  }
  const subtotal = round2(gross * factor);
  const tax = gross * excluded * factor + fixed;
  return { subtotal, tax, total: subtotal + tax };
}

/** Document totals from its lines, rounding each line's tax first (Odoo's default round_per_line). */
export function documentTotals(lines: readonly LineAmounts[]): { untaxed: number; tax: number; total: number } {
  const untaxed = round2(lines.reduce((sum, line) => sum + line.subtotal, 0));
  const tax = round2(lines.reduce((sum, line) => sum + round2(line.tax), 0));
  return { untaxed, tax, total: round2(untaxed + tax) };
}
