// Finding or creating the Odoo res.partner of a customer, shared by the customer flows and the order flow so that
// both find the same partner and never make two: the lock `<integration>:partner:<lower-case email>` is held over
// the look-up and the create; the look-up goes external id (`__bridge__.<integration>_partner_<email>`), then email.
import type { WithLock } from '../../engine/locks.ts';
import {
  bindExternalId,
  escapeLike,
  externalIdName,
  m2oId,
  resolveExternalId,
  type OdooClient,
  type OdooRecord,
} from '../../connectors/odoo/index.ts';

/** What the partner helpers need of an integration (an IntegrationRuntime fits). */
export interface PartnerScope {
  id: string;
  odoo: { client: OdooClient };
}

export type AddressType = 'invoice' | 'delivery' | 'other';

/** The normalized key of an email (trimmed, lower case): lanes, locks and external ids use it. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** The lock every find-or-create of this customer's partner holds. */
export function partnerLockKey(integrationId: string, email: string): string {
  return `${integrationId}:partner:${emailKey(email)}`;
}

/** The lock of a company partner's find-or-create (by lower-case name). */
export function companyLockKey(integrationId: string, name: string): string {
  return `${integrationId}:company:${name.trim().toLowerCase()}`;
}

export const PARTNER_FIELDS = [
  'name',
  'email',
  'phone',
  'vat',
  'is_company',
  'parent_id',
  'type',
  'active',
  'write_date',
];

/**
 * The customer's own partner by email: a contact (not an invoice/delivery address that repeats the email), a person
 * before a company, the oldest first.
 */
export async function findPartnerByEmail(client: OdooClient, email: string): Promise<OdooRecord | undefined> {
  const found = await client.searchRead('res.partner', {
    domain: [
      ['email', '=ilike', escapeLike(emailKey(email))],
      ['type', '=', 'contact'],
    ],
    fields: PARTNER_FIELDS,
    order: 'id asc',
    limit: 10,
  });
  return found.find((p) => !p.is_company) ?? found[0];
}

export interface FindOrCreatePartnerInput {
  email: string;
  /**
   * The new partner's values, asked for only when none exists: Odoo field values as the mapping engine gives them
   * (already named for the server's version), e.g. `(await mapping.apply(customer, {...})).values`.
   */
  values: () => Promise<Record<string, unknown>>;
}

export interface PartnerRef {
  id: number;
  /** False when an existing partner was found (by external id or email). */
  created: boolean;
}

/**
 * The partner of this email, created when there is none. Idempotent across crashes: a partner created whose answer
 * was lost is found again by email (and by its external id) on the retry.
 */
export async function findOrCreatePartner(
  scope: PartnerScope,
  withLock: WithLock,
  input: FindOrCreatePartnerInput,
): Promise<PartnerRef> {
  const { client } = scope.odoo;
  const xmlId = externalIdName(scope.id, 'partner', emailKey(input.email));
  return withLock(partnerLockKey(scope.id, input.email), async () => {
    const bound = await resolveExternalId(client, xmlId, 'res.partner');
    if (bound) return { id: bound, created: false };
    const existing = await findPartnerByEmail(client, input.email);
    if (existing) {
      await bindExternalId(client, xmlId, 'res.partner', existing.id);
      return { id: existing.id, created: false };
    }
    const id = await client.create('res.partner', await input.values(), { raw: true });
    await bindExternalId(client, xmlId, 'res.partner', id);
    return { id, created: true };
  });
}

/** A company partner by name, created when there is none (B2B customers belong to one). */
export async function findOrCreateCompany(
  scope: PartnerScope,
  withLock: WithLock,
  input: { name: string; values: () => Promise<Record<string, unknown>> },
): Promise<PartnerRef> {
  const { client } = scope.odoo;
  return withLock(companyLockKey(scope.id, input.name), async () => {
    const [existing] = await client.searchRead('res.partner', {
      domain: [
        ['is_company', '=', true],
        ['name', '=ilike', escapeLike(input.name.trim())],
      ],
      fields: ['id'],
      order: 'id asc',
      limit: 1,
    });
    if (existing) return { id: existing.id, created: false };
    return { id: await client.create('res.partner', await input.values(), { raw: true }), created: true };
  });
}

const ADDRESS_KEYS = ['street', 'street2', 'city', 'zip', 'country_id', 'state_id'] as const;

const norm = (value: unknown): string => {
  const id = m2oId(value);
  if (id !== undefined) return String(id);
  return value === false || value === null || value === undefined ? '' : String(value).trim().toLowerCase();
};

/**
 * A child contact of `parentId` of this type with this address: the existing one when street, city, zip and
 * country match (so a returning customer's address is not added again), else a new one. Call it under the
 * partner's lock.
 */
export async function ensureAddressContact(
  client: OdooClient,
  parentId: number,
  type: AddressType,
  values: Record<string, unknown>,
): Promise<PartnerRef> {
  const children = await client.searchRead('res.partner', {
    domain: [
      ['parent_id', '=', parentId],
      ['type', '=', type],
    ],
    fields: ['id', ...ADDRESS_KEYS],
  });
  const same = children.find((child) => ADDRESS_KEYS.every((key) => norm(child[key]) === norm(values[key])));
  if (same) return { id: same.id, created: false };
  const id = await client.create('res.partner', { ...values, parent_id: parentId, type }, { raw: true });
  return { id, created: true };
}
