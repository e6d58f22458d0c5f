// Which tax rate a store charged on an order, from its totals alone (the v1 contract gives the order's tax, not each
// line's). A mapping rule asks with `storeTaxKey(Totals, part)`, a lookup key holding what the store taxed and the
// tax it charged; the connector answers with the Odoo taxes whose rate turns exactly that base into exactly that tax
// (`matchRate`), shipping and other charges taxed like the goods when that reproduces the tax, else the goods alone.
// Odoo's own rates are the candidates because, on a small order, several rates round to the same cents.
import { roundHalfAway } from './functions.ts';

export interface OrderTotals {
  SubTotal?: number | null;
  Discounts?: number | null;
  Shipping?: number | null;
  Handling?: number | null;
  Fees?: number | null;
  Tax?: number | null;
}

export type TaxedPart = 'goods' | 'shipping';

/** What the store taxed and charged: the tax, the goods (after discounts), the charges (shipping and the like). */
export interface StoreTax {
  tax: number;
  goods: number;
  charges: number;
  part: TaxedPart;
}

const n = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const cents = (value: number): number => roundHalfAway(value, 2);

/** The lookup key of the question "which taxes did the store charge on this part of this order". */
export function storeTaxKey(totals: OrderTotals | null | undefined, part: TaxedPart): string | undefined {
  if (!totals) return undefined;
  const goods = cents(n(totals.SubTotal) - n(totals.Discounts));
  const charges = cents(n(totals.Shipping) + n(totals.Handling) + n(totals.Fees));
  return `${cents(n(totals.Tax))}|${goods}|${charges}|${part}`;
}

export function parseStoreTaxKey(key: string): StoreTax | undefined {
  const [tax, goods, charges, part] = key.split('|');
  const numbers = [tax, goods, charges].map(Number);
  if (numbers.some((v) => !Number.isFinite(v)) || (part !== 'goods' && part !== 'shipping')) return undefined;
  return { tax: numbers[0]!, goods: numbers[1]!, charges: numbers[2]!, part };
}

/**
 * Whether `rate` on `base` gives the store's `tax` to the cent, however the store rounds an exact half cent (up as
 * Odoo does, to even as .NET does by default, or down through binary floats: 19% of 5623.50 is 1068.465).
 */
const reproduces = (base: number, rate: number, tax: number): boolean =>
  base > 0 && Math.abs((base * rate) / 100 - tax) <= 0.005 + 1e-6;

/** Decimals of a rate: simpler rates are tried first (20 before 18.18). */
const decimalsOf = (rate: number): number => (String(rate).split('.')[1] ?? '').length;

/**
 * The rate among `rates` (percent) the store charged on `part`: 0 when it charged no tax; else, simplest rate
 * first, one that reproduces the tax on goods and charges together (both taxed), or on the goods alone (then the
 * charges' rate is 0). Undefined when none does.
 */
export function matchRate(question: StoreTax, rates: readonly number[]): number | undefined {
  const { tax, goods, charges, part } = question;
  if (tax === 0) return 0;
  const candidates = [...rates].sort((a, b) => decimalsOf(a) - decimalsOf(b));
  for (const rate of candidates) {
    if (reproduces(goods + charges, rate, tax)) return rate;
    if (reproduces(goods, rate, tax)) return part === 'goods' ? rate : 0;
  }
  return undefined;
}

/**
 * The rate a person would name for the store's tax (for messages and `bridge odoo prepare`): the one with the fewest
 * decimals that reproduces the tax, taking only as many decimals as the amount can tell apart (on 157.31 a second
 * decimal of the rate moves the tax by less than two cents, so 18.92% is noise, while 8.25% on 1,000 is not).
 */
export function likelyRate(question: Omit<StoreTax, 'part'>): number | undefined {
  const { tax, goods, charges } = question;
  if (tax === 0) return 0;
  for (let decimals = 0; decimals <= 3; decimals++) {
    for (const base of [goods + charges, goods]) {
      // a rate decimal must move the tax by 5 cents at least to be told from the rounding (8.25% needs 500 taxed)
      if (base <= 0 || decimals > Math.floor(Math.log10(base / 5))) continue;
      const rate = roundHalfAway((tax / base) * 100, decimals);
      if (reproduces(base, rate, tax)) return rate;
    }
  }
  return undefined;
}
