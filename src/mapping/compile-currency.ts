// Currency conversion: {amount, from, to, rates: <table>|odoo, decimals?}, rounded to the target currency.
import { ConversionFailure } from './convert.ts';
import { convertAmount, currencyDecimals, rateFrom, rateKey } from './currency.ts';
import { EMPTY, fatalAt, type Env, type Evaluator, type ValueCtx } from './compile-context.ts';
import { resolveKey } from './compile-lookup.ts';
import { roundHalfAway } from './functions.ts';
import { LookupPlaceholder, describe } from './validate.ts';

export function compileCurrency(raw: unknown, env: Env, ctx: ValueCtx): Evaluator {
  const fatal = fatalAt(env, ctx);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    fatal('currency: expected {amount, from, to, rates}');
    return () => undefined;
  }
  const spec = raw as Record<string, unknown>;
  const amount = env.compiler.value(spec.amount, env, ctx);
  const from = env.compiler.value(spec.from, env, ctx);
  const to = env.compiler.value(spec.to, env, ctx);
  const rates = spec.rates ?? 'odoo';
  const table = rates === 'odoo' ? undefined : typeof rates === 'string' ? env.tables[rates] : undefined;
  if (rates !== 'odoo' && !table) fatal(`currency: rates must be odoo or the name of a table under tables:`);
  if (rates === 'odoo') env.program.kinds.add('currency_rate');
  const decimals = spec.decimals;
  if (decimals !== undefined && !Number.isInteger(decimals)) fatal('currency: decimals must be a whole number');
  return (scope, st) => {
    const a = amount(scope, st);
    if (EMPTY(a)) return undefined;
    const n = typeof a === 'string' ? Number(a) : a;
    if (typeof n !== 'number' || !Number.isFinite(n))
      throw new ConversionFailure(`amount ${describe(a)} is not a number`);
    const source = from(scope, st);
    const targetCurrency = to(scope, st);
    if (typeof targetCurrency !== 'string' || targetCurrency === '')
      throw new ConversionFailure('no target currency code');
    const places = (decimals as number | undefined) ?? currencyDecimals(targetCurrency);
    if (EMPTY(source) || source === targetCurrency) return roundHalfAway(n, places);
    if (typeof source !== 'string') throw new ConversionFailure(`currency code ${describe(source)} is not text`);
    let rate: number | undefined;
    if (table) rate = rateFrom(table, source, targetCurrency);
    else {
      const resolved = resolveKey(st, 'currency_rate', rateKey(source, targetCurrency), false);
      if (resolved instanceof LookupPlaceholder || st.collect) return resolved;
      rate = typeof resolved === 'number' ? resolved : undefined;
      if (rate === undefined) return undefined; // the unknown key is reported as a BusinessError
    }
    if (rate === undefined)
      throw new ConversionFailure(`no rate from ${source} to ${targetCurrency} in the table ${String(rates)}`);
    return convertAmount(n, rate, targetCurrency, places);
  };
}
