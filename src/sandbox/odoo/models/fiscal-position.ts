// Fiscal positions (account.fiscal.position), which the bridge looks up by name (src/flows/lookup-resolver.ts), and
// how Odoo applies them to an order: the first auto-applied one whose conditions the delivery address meets, and its
// tax mapping on the lines' default taxes. Odoo 17 and 18's demo data has none; 19's auto-applies "Domestic" (the
// company's country) and "Foreign Trade" (15% → 0% Exports), which the sandbox seeds at 19.
import type { Env } from '../env.ts';
import { f } from '../field-schemas.ts';
import type { ModelSpec, Raw } from '../model-spec.ts';

export const accountFiscalPosition: ModelSpec = {
  name: 'account.fiscal.position',
  description: 'Fiscal Position',
  order: 'sequence',
  fields: (version) => ({
    name: f.char('Fiscal Position', true),
    active: f.bool('Active'),
    sequence: f.int('Sequence'),
    company_id: f.m2o('res.company', 'Company', true),
    auto_apply: f.bool('Detect Automatically'),
    vat_required: f.bool('VAT required'),
    country_id: f.m2o('res.country', 'Country'),
    zip_from: f.char('Zip Range From'),
    zip_to: f.char('Zip Range To'),
    // 19 names the taxes that apply under the position; each replaces its original_tax_ids (account.tax)
    ...(version >= 19 ? { tax_ids: f.m2m('account.tax', 'Taxes') } : {}),
  }),
  defaults: (env) => ({
    active: true,
    sequence: 10,
    auto_apply: false,
    vat_required: false,
    company_id: env.companyId,
  }),
};

/** Does the delivery address meet the position's conditions (`_get_fpos_validation_functions`)? */
function matches(position: Raw, delivery: Raw): boolean {
  if (position.vat_required && !delivery.vat) return false;
  if (position.zip_from && position.zip_to) {
    const zip = typeof delivery.zip === 'string' ? delivery.zip : '';
    if (!zip || zip < String(position.zip_from) || zip > String(position.zip_to)) return false;
  }
  return !position.country_id || position.country_id === delivery.country_id;
}

/**
 * The fiscal position Odoo gives an order of `companyId` (`_get_fiscal_position`): the partner's own, else none for a
 * partner without a country, else the company's first auto-applied one (by sequence) the delivery address meets.
 */
export function detectFiscalPosition(
  env: Env,
  companyId: number,
  partnerId: unknown,
  deliveryId: unknown,
): number | false {
  const partners = env.model('res.partner');
  const partner = typeof partnerId === 'number' ? partners.get(partnerId) : undefined;
  if (!partner) return false;
  const delivery = (typeof deliveryId === 'number' ? partners.get(deliveryId) : undefined) ?? partner;
  const own = delivery.property_account_position_id || partner.property_account_position_id;
  if (typeof own === 'number') return own;
  if (typeof partner.country_id !== 'number') return false;
  const found = [...env.model('account.fiscal.position').records.values()]
    .filter((p) => p.active !== false && p.auto_apply === true && p.company_id === companyId)
    .sort((a, b) => Number(a.sequence ?? Infinity) - Number(b.sequence ?? Infinity) || a.id - b.id)
    .find((position) => matches(position, delivery));
  return found?.id ?? false;
}

/**
 * The taxes a line gets under a fiscal position (`map_tax`). On 19 a position lists the taxes that apply under it:
 * each one replaces the taxes it names in original_tax_ids, and a position with none removes every tax. Up to 18 the
 * mapping lives in account.fiscal.position.tax, which the sandbox does not hold: the taxes stay as they are.
 */
export function mapTaxes(env: Env, positionId: unknown, taxIds: readonly number[]): number[] {
  const position = typeof positionId === 'number' ? env.model('account.fiscal.position').get(positionId) : undefined;
  if (!position || env.version < 19) return [...taxIds];
  const applying = (position.tax_ids as number[] | undefined) ?? [];
  if (!applying.length) return [];
  const taxes = env.model('account.tax');
  const mapped = taxIds.flatMap((id) => {
    const replacements = applying.filter((dest) =>
      ((taxes.get(dest)?.original_tax_ids as number[] | undefined) ?? []).includes(id),
    );
    return replacements.length ? replacements : [id];
  });
  return [...new Set(mapped)];
}
