// Currency conversion for `currency:` rules: rates from a configured table or from Odoo (lookup kind `currency_rate`),
// results rounded to the target currency's minor unit (ISO 4217, via Intl: JPY 0, EUR 2, KWD 3).
import { roundHalfAway } from './functions.ts';

const decimalsCache = new Map<string, number>();

/** Minor-unit digits of an ISO 4217 currency (2 when the runtime does not know the code). */
export function currencyDecimals(code: string): number {
  let decimals = decimalsCache.get(code);
  if (decimals === undefined) {
    try {
      decimals =
        new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      decimals = 2;
    }
    decimalsCache.set(code, decimals);
  }
  return decimals;
}

/** The key of a rate in a table or the `currency_rate` lookup: units of TO per unit of FROM. */
export function rateKey(from: string, to: string): string {
  return `${from}/${to}`;
}

/** A rate from a table holding `FROM/TO` or its inverse `TO/FROM`; undefined when neither is there. */
export function rateFrom(
  table: ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>> | undefined,
  from: string,
  to: string,
): number | undefined {
  if (!table) return undefined;
  const get = (key: string): unknown =>
    table instanceof Map ? table.get(key) : (table as Record<string, unknown>)[key];
  const direct = get(rateKey(from, to));
  if (typeof direct === 'number' && direct > 0) return direct;
  const inverse = get(rateKey(to, from));
  if (typeof inverse === 'number' && inverse > 0) return 1 / inverse;
  return undefined;
}

export function convertAmount(amount: number, rate: number, to: string, decimals?: number): number {
  return roundHalfAway(amount * rate, decimals ?? currencyDecimals(to));
}
