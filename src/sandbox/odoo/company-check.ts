// Odoo's `_check_company`: a record may not point at records of another company (those of no company are shared).
// A real Odoo answers an order in one company with a pricelist of the other with exactly this UserError.
import type { Env } from './env.ts';
import type { Raw } from './model-spec.ts';
import type { Model } from './model.ts';
import { userError } from './odoo-errors.ts';

/** Checks `fields` (many2one or many2many to company-owned records) of `rec` against the record's company. */
export function checkCompany(env: Env, model: Model, rec: Raw, fields: readonly string[]): void {
  const companyId = model.getValue(rec, 'company_id');
  if (typeof companyId !== 'number') return;
  const lines: string[] = [];
  for (const name of fields) {
    const def = model.fields[name];
    const comodel = def?.relation ? env.models.get(def.relation) : undefined;
    if (!comodel) continue;
    const value = model.getValue(rec, name);
    const ids = Array.isArray(value) ? (value as number[]) : typeof value === 'number' ? [value] : [];
    const foreign = ids
      .map((id) => comodel.get(id))
      .filter((co): co is Raw => !!co && typeof co.company_id === 'number' && co.company_id !== companyId);
    if (!foreign.length) continue;
    const company = env.model('res.company').get(companyId);
    const values = foreign.map((co) => `'${comodel.displayName(co)}'`).join(', ');
    lines.push(
      `- '${model.displayName(rec)}' belongs to company '${String(company?.name ?? companyId)}' and '${def!.string}' (${name}: ${values}) belongs to another company.`,
    );
  }
  if (lines.length) throw userError(['Incompatible companies on records:', ...lines.slice(0, 5)].join('\n'));
}
