// Systems of record per field group (the `group:` of mapping rules). Defaults from issue 7: Odoo owns SKU, price,
// stock, tax and financial fields; Clarity owns the description, SEO and the customer's contact details: `contact`
// (name, email, phone) and `address`. Set `address: both` to let addresses changed in the ERP reach the store too
// (merged into the customer's address book, the later change winning). From issue 11: Odoo owns `weight`, because
// shipping weights are logistics (the warehouse weighs products, and Odoo's carriers and pickings rate by them);
// Clarity owns `category`, because the store's categories are merchandising (its menus and landing pages), while an
// Odoo product category sets accounts and costing, which the storefront must not decide. A product new to the store
// still gets Odoo's category as a start. A field in no group (name, active, ...) may be written by both, and then
// the later change wins; but a value the bridge never wrote is the other side's own and is kept (field-merge.ts).
//
// Configured per integration under `integrations[].flows.systems-of-record` (all flows) and
// `integrations[].flows.<flow>.ownership` (one flow), e.g. `{ price: odoo, description: clarity, name: both }`.
import type { IntegrationConfig } from '../config/load.ts';
import { ValidationError } from '../core/errors.ts';

export type Side = 'odoo' | 'clarity';
export type Owner = Side | 'both';

export const DEFAULT_OWNERSHIP: Readonly<Record<string, Owner>> = {
  sku: 'odoo',
  price: 'odoo',
  stock: 'odoo',
  tax: 'odoo',
  financial: 'odoo',
  weight: 'odoo',
  description: 'clarity',
  category: 'clarity',
  seo: 'clarity',
  contact: 'clarity',
  address: 'clarity',
};

export const SYSTEMS_OF_RECORD_KEY = 'systems-of-record';

export interface Ownership {
  /** Who owns a field group (`both` for a field in no group, or a group the config leaves to both). */
  owner(group: string | undefined): Owner;
  /** Groups the `target` side must not receive from the other (the target owns them). */
  skipGroupsWriting(target: Side): string[];
}

function parseOwners(value: unknown, where: string): Record<string, Owner> {
  if (value === undefined) return {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError(`${where} must map field groups to odoo, clarity or both`, [
      { field: where, reason: 'expected e.g. { price: odoo, description: clarity }' },
    ]);
  }
  const out: Record<string, Owner> = {};
  for (const [group, owner] of Object.entries(value)) {
    if (owner !== 'odoo' && owner !== 'clarity' && owner !== 'both') {
      throw new ValidationError(`${where}.${group} is "${String(owner)}"; use odoo, clarity or both`, [
        { field: `${where}.${group}`, reason: 'expected odoo, clarity or both' },
      ]);
    }
    out[group] = owner;
  }
  return out;
}

/** The ownership rules a flow follows for an integration. */
export function ownershipFor(settings: IntegrationConfig, flow: string): Ownership {
  const owners: Record<string, Owner> = {
    ...DEFAULT_OWNERSHIP,
    ...parseOwners(
      settings.flows[SYSTEMS_OF_RECORD_KEY],
      `integrations[${settings.id}].flows.${SYSTEMS_OF_RECORD_KEY}`,
    ),
    ...parseOwners(settings.flows[flow]?.ownership, `integrations[${settings.id}].flows.${flow}.ownership`),
  };
  return {
    owner: (group) => (group === undefined ? 'both' : (owners[group] ?? 'both')),
    skipGroupsWriting: (target) => {
      const other: Side = target === 'odoo' ? 'clarity' : 'odoo';
      // groups the target owns are never overwritten by the other side
      return Object.entries(owners)
        .filter(([, owner]) => owner === target && owner !== other)
        .map(([group]) => group);
    },
  };
}
