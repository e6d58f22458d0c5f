// Countries, states, currencies and their rates.
import { f } from '../field-schemas.ts';
import type { ModelSpec, Raw } from '../model-spec.ts';
import type { Env } from '../env.ts';

export const resCountry: ModelSpec = {
  name: 'res.country',
  description: 'Country',
  order: 'name',
  fields: () => ({
    name: f.char('Country Name', true),
    code: f.char('Country Code'),
    currency_id: f.m2o('res.currency', 'Currency'),
    phone_code: f.int('Country Calling Code'),
    state_ids: f.o2m('res.country.state', 'States'),
    address_format: f.text('Layout in Reports'),
    vat_label: f.char('Vat Label'),
    state_required: f.bool('State Required'),
    zip_required: f.bool('Zip Required'),
  }),
  inverses: { state_ids: 'country_id' },
  indexes: ['code'],
};

export const resCountryState: ModelSpec = {
  name: 'res.country.state',
  description: 'Country state',
  order: 'code',
  required: ['country_id', 'name', 'code'],
  indexes: ['country_id'],
  displayName: (rec, env) => {
    const country = env.model('res.country').get(rec.country_id as number);
    return `${String(rec.name)} (${String(country?.code ?? '')})`;
  },
};

/** The latest rate of a currency (1 for the company currency). */
export function currencyRate(env: Env, currency: Raw): number {
  const rates = env.model('res.currency.rate');
  let best: Raw | undefined;
  for (const id of rates.idsWhere('currency_id', currency.id)) {
    const rate = rates.browse(id);
    if (!best || String(rate.name) > String(best.name)) best = rate;
  }
  return best ? Number(best.rate) : 1;
}

export const resCurrency: ModelSpec = {
  name: 'res.currency',
  description: 'Currency',
  order: 'active desc, name',
  required: ['name', 'symbol'],
  inverses: { rate_ids: 'currency_id' },
  defaults: () => ({ active: true, rounding: 0.01, decimal_places: 2, position: 'after' }),
  computed: () => ({
    rate: { get: (rec, env) => currencyRate(env, rec) },
    inverse_rate: { get: (rec, env) => 1 / currencyRate(env, rec) },
    is_current_company_currency: { get: (rec) => rec.id === 1 },
  }),
};

export const resCurrencyRate: ModelSpec = {
  name: 'res.currency.rate',
  description: 'Currency Rate',
  order: 'name desc',
  fields: () => ({
    name: f.date('Date'),
    rate: f.float('Technical Rate'),
    inverse_company_rate: f.float('Inverse Rate'),
    currency_id: f.m2o('res.currency', 'Currency', true),
    company_id: f.m2o('res.company', 'Company'),
  }),
  indexes: ['currency_id'],
  computed: () => ({ inverse_company_rate: { get: (rec) => (Number(rec.rate) ? 1 / Number(rec.rate) : 0) } }),
};
