// The one Odoo company an integration works in. Odoo's demo database has two, and a call without a company
// context reads both companies' records: a lookup could then take the other company's pricelist, and Odoo refuses
// the order ("Incompatible companies on records"). So the client resolves the company once, at connect, and every
// call runs with `allowed_company_ids: [id]`, which scopes Odoo's multi-company record rules (and the company of
// what it creates) to it.
import { AuthError } from '../../core/errors.ts';
import { CONNECTOR } from './errors.ts';

export interface OdooCompany {
  id: number;
  name: string;
  /** The company's currency (what an order without a pricelist is in). */
  currencyId: number;
  currency: string;
}

/** Reads what it needs with the transport directly (no company context yet). */
export type RawCall = (
  model: string,
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown>,
) => Promise<unknown>;

type Many2one = [number, string] | false;

/**
 * The company the bridge's user works in: the configured one (by id, or by name ignoring case), else the user's
 * only company. A user with several companies and none configured is refused with the list, as is a configured
 * company the user cannot act in (an AuthError: the connector pauses and says what to set).
 */
export async function resolveCompany(
  call: RawCall,
  uid: number,
  wanted: string | number | undefined,
): Promise<OdooCompany> {
  const [user] = (await call('res.users', 'read', [[uid]], { fields: ['company_ids'] })) as { company_ids: number[] }[];
  const ids = user?.company_ids ?? [];
  const rows = (await call('res.company', 'read', [ids], { fields: ['name', 'currency_id'] })) as {
    id: number;
    name: string;
    currency_id: Many2one;
  }[];
  const companies = rows.map((r) => ({
    id: r.id,
    name: r.name,
    currencyId: r.currency_id ? r.currency_id[0] : 0,
    currency: r.currency_id ? r.currency_id[1] : '',
  }));
  const list = companies.map((c) => `"${c.name}" (id ${c.id})`).join(', ');
  if (wanted === undefined) {
    if (companies.length === 1) return companies[0]!;
    throw new AuthError(
      `the bridge's Odoo user can act in ${companies.length} companies: ${list}; set odoo.company to the one this integration works in`,
      { connector: CONNECTOR, details: { companies: companies.map(({ id, name }) => ({ id, name })) } },
    );
  }
  const match = companies.find((c) =>
    typeof wanted === 'number' ? c.id === wanted : c.name.trim().toLowerCase() === wanted.trim().toLowerCase(),
  );
  if (match) return match;
  throw new AuthError(
    `odoo.company is ${JSON.stringify(wanted)}, but the bridge's Odoo user can act only in ${list}; set odoo.company to one of them, or give the user that company (Settings > Users > Allowed Companies)`,
    { connector: CONNECTOR, details: { companies: companies.map(({ id, name }) => ({ id, name })) } },
  );
}
