// res.config.settings, the settings page, for the switch a bridge asks about: Pricelists, off on a fresh Odoo;
// turning it on gives each company a default pricelist in its currency (product's _activate_or_create_pricelists).
// (The tax rounding method is a field of res.company, written there.)
import type { Env } from '../env.ts';
import { f } from '../field-schemas.ts';
import type { ModelSpec } from '../model-spec.ts';

/** Whether the Pricelists setting is on (the group product.group_product_pricelist, for the whole database). */
export function pricelistsEnabled(env: Env): boolean {
  return env.flags.has('product.group_product_pricelist');
}

export const resConfigSettings: ModelSpec = {
  name: 'res.config.settings',
  description: 'Config Settings',
  fields: () => ({
    group_product_pricelist: f.bool('Pricelists'),
    company_id: f.m2o('res.company', 'Company', true),
  }),
  companyRule: false,
  defaults: (env) => ({
    group_product_pricelist: pricelistsEnabled(env),
    company_id: env.companyId,
  }),
  methods: {
    execute: (env, model, ids) => {
      for (const id of ids) {
        const settings = model.browse(id);
        if (settings.group_product_pricelist && !pricelistsEnabled(env)) {
          env.flags.add('product.group_product_pricelist');
          const pricelists = env.model('product.pricelist');
          for (const company of env.model('res.company').records.values()) {
            const currency = env.model('res.currency').get(company.currency_id as number);
            pricelists.create({
              name: `Default ${String(currency?.name ?? '')} pricelist`,
              currency_id: company.currency_id,
              company_id: company.id,
              sequence: 10,
            });
          }
        } else if (settings.group_product_pricelist === false) {
          env.flags.delete('product.group_product_pricelist');
          const pricelists = env.model('product.pricelist');
          for (const pricelist of pricelists.records.values()) pricelists.writeOne(pricelist, { active: false });
        }
      }
      return true;
    },
  },
};
