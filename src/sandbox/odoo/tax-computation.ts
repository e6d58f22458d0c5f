// Line amounts and taxes as Odoo 17 computes them (fixture 11: 3 × 320 and 2 × 140 at 10% off with 15% tax →
// 1212.0 untaxed, 181.8 tax, 1393.8 total; the discounted line's tax is 37.800000000000004, i.e. the tax of
// the undiscounted amount times the discount factor). Totals round per line to the currency's 2 decimals, or, under
// the company's round_globally, as each version sums (17 and 18: the taxes; 19: each tax and the untaxed amount).
import type { Env } from './env.ts';
import type { OdooVersion } from './version.ts';

export interface LineAmounts {
  subtotal: number;
  tax: number;
  total: number;
  /** Before any rounding: what Odoo 19 sums over a document under round_globally. */
  raw?: LineRawAmounts;
}

export interface LineRawAmounts {
  subtotal: number;
  /** Each tax's amount, by tax id. */
  taxes: ReadonlyMap<number, number>;
  /** Every tax of the line is included in its price (19 then rounds the document's total rather than its base). */
  allIncluded: boolean;
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
  const applied = taxIds.flatMap((id) => {
    const tax = taxes.get(id);
    if (!tax) return [];
    const amount = Number(tax.amount ?? 0);
    const isFixed = tax.amount_type === 'fixed';
    return [
      { id, rate: isFixed ? 0 : amount / 100, fixed: isFixed ? amount * quantity : 0, included: !!tax.price_include },
    ];
  });
  const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
  const included = sum(applied.filter((t) => t.included).map((t) => t.rate));
  const excluded = sum(applied.filter((t) => !t.included).map((t) => t.rate));
  const fixed = sum(applied.map((t) => t.fixed));
  const rawSubtotal = included > 0 ? (gross * factor) / (1 + included) : gross * factor;
  const raw: LineRawAmounts = {
    subtotal: rawSubtotal,
    taxes: new Map(applied.map((t) => [t.id, rawSubtotal * t.rate + t.fixed])),
    allIncluded: applied.length > 0 && applied.every((t) => t.included),
  };
  if (included > 0) {
    const total = gross * factor;
    const tax = total - rawSubtotal + rawSubtotal * excluded + fixed;
    return { subtotal: round2(rawSubtotal), tax, total: round2(rawSubtotal) + tax, raw };
  }
  const subtotal = round2(gross * factor);
  const tax = gross * excluded * factor + fixed;
  return { subtotal, tax, total: subtotal + tax, raw };
}

export type TaxRounding = 'round_per_line' | 'round_globally';

/** A new company's tax rounding: per line up to 18; 19 made "Round per Tax" (`round_globally`) the default. */
export function defaultTaxRounding(version: OdooVersion): TaxRounding {
  return version >= 19 ? 'round_globally' : 'round_per_line';
}

/**
 * Document totals from its lines: `round_per_line` rounds each line's tax first; `round_globally` rounds the sum of
 * the unrounded taxes once, as a store that computes tax on the order does (17 still adds up the lines' rounded
 * untaxed amounts: 52.475 twice is 104.96; 18 and 19 round per tax and the untaxed amount too, 104.95, as a real
 * 17 and 18 answered; see roundedPerTax).
 */
export function documentTotals(
  lines: readonly LineAmounts[],
  rounding: TaxRounding = 'round_per_line',
  version: OdooVersion = 17,
): { untaxed: number; tax: number; total: number } {
  if (rounding === 'round_globally' && version >= 18) return roundedPerTax(lines);
  const untaxed = round2(lines.reduce((sum, line) => sum + line.subtotal, 0));
  const tax =
    rounding === 'round_globally'
      ? round2(lines.reduce((sum, line) => sum + line.tax, 0))
      : round2(lines.reduce((sum, line) => sum + round2(line.tax), 0));
  return { untaxed, tax, total: round2(untaxed + tax) };
}

/**
 * Odoo 18's and 19's `round_globally` (account.tax `_round_base_lines_tax_details`): each tax's amount is the sum of its
 * unrounded line amounts, rounded once; the untaxed amount is the sum of the unrounded line bases, rounded once
 * (52.47375 + 10 + 138.70375 → 201.18, where the rounded lines add up to 201.17). When every taxed line's taxes are
 * included in its price, 19 rounds the document's unrounded total instead, and the untaxed amount is what remains.
 */
function roundedPerTax(lines: readonly LineAmounts[]): { untaxed: number; tax: number; total: number } {
  const perTax = new Map<number, number>();
  let rawUntaxed = 0;
  let rawTotal = 0;
  let anyExcluded = false;
  for (const line of lines) {
    const raw = line.raw ?? { subtotal: line.subtotal, taxes: new Map<number, number>(), allIncluded: false };
    rawUntaxed += raw.subtotal;
    rawTotal += raw.subtotal;
    for (const [id, amount] of raw.taxes) {
      perTax.set(id, (perTax.get(id) ?? 0) + amount);
      rawTotal += amount;
    }
    if (raw.taxes.size && !raw.allIncluded) anyExcluded = true;
  }
  const tax = round2([...perTax.values()].reduce((sum, amount) => sum + round2(amount), 0));
  const untaxed = anyExcluded || !perTax.size ? round2(rawUntaxed) : round2(round2(rawTotal) - tax);
  return { untaxed, tax, total: round2(untaxed + tax) };
}

/** The tax rounding method of a document's company (the version's default where it has none). */
export function companyRounding(env: Env, companyId: unknown): TaxRounding {
  const method = env.model('res.company').get(companyId as number)?.tax_calculation_rounding_method;
  if (method === 'round_globally' || method === 'round_per_line') return method;
  return defaultTaxRounding(env.version);
}

/**
 * A line's amounts as the line itself shows them (price_tax, price_total): under `round_per_line` Odoo 17–19
 * round the line's tax to the currency (3 × 19.99 at 12.5% off with 15%: 7.87, not 7.8710625); 19 rounds it under
 * `round_globally` too (the line alone goes through `_round_base_lines_tax_details`).
 */
export function shownLineAmounts(amounts: LineAmounts, rounding: TaxRounding, version: OdooVersion = 17): LineAmounts {
  if (rounding !== 'round_per_line' && version < 19) return amounts;
  const tax = round2(amounts.tax);
  return { subtotal: amounts.subtotal, tax, total: round2(amounts.subtotal + tax) };
}
