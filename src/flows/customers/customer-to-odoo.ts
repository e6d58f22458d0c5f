// customer-to-odoo: a Clarity customer created or changed → its Odoo res.partner, on the lane
// `integration:customer:<lower-case email>`. The partner is found by email first (partner.ts, under the partner lock
// the order flow holds too), so a returning customer never gets a second one; a B2B customer's company becomes the
// parent company partner; billing and shipping addresses become invoice/delivery child contacts. On an existing
// partner only the fields Clarity may write (per the systems of record) are written, and only when they differ.
import type { Customer } from '../../connectors/clarity/contract.ts';
import { laneKey } from '../../core/ids.ts';
import type { JobResult, Route } from '../../engine/handler.ts';
import type { OdooRecord, OdooVersion } from '../../connectors/odoo/index.ts';
import type { BindingWrite } from '../../store/bindings.repo.ts';
import type { StoredEvent } from '../../store/events.repo.ts';
import { defineFlow, type FlowContext } from '../flow.ts';
import { ownershipFor } from '../ownership.ts';
import { recordConflicts } from '../sync/conflicts.ts';
import { groupIndex, planMerge, sameValue } from '../sync/field-merge.ts';
import {
  emailKey,
  ensureAddressContact,
  findOrCreateCompany,
  findOrCreatePartner,
  partnerLockKey,
  type AddressType,
} from './partner.ts';

export const CUSTOMER_TO_ODOO_FLOW = 'customer-to-odoo';
/** A customer's address in one role: Clarity `<email>/<invoice|delivery>/<address Key>` ↔ the Odoo child contact. */
export const ADDRESS_ENTITY = 'customer-address';

export const CUSTOMER_ENTITY = 'customer';

/** The lane of a customer: `integration:customer:<lower-case email>` (the record's own lane when it has no email). */
export function customerRoute(event: StoredEvent, email: unknown): Route {
  const base = { recordKey: `${event.source}:${event.entity}:${event.entityId}`, version: event.version };
  if (typeof email !== 'string' || !email.trim())
    return { ...base, lane: laneKey(event.integrationId, event.entity, event.entityId) };
  return { ...base, lane: laneKey(event.integrationId, CUSTOMER_ENTITY, emailKey(email)) };
}

const addressTypes = (a: NonNullable<Customer['Addresses']>[number]): AddressType[] => {
  const types: AddressType[] = [];
  if (a.IsBilling) types.push('invoice');
  if (a.IsShipping) types.push('delivery');
  return types.length ? types : ['other'];
};

/**
 * The customer's addresses as child contacts of the partner (one per role; an existing one with the same address is
 * reused). Answers how many were made, and which child contact each Clarity address is (its binding, so that an
 * address changed in the ERP updates that very address in the store).
 */
async function syncAddresses(
  ctx: FlowContext,
  customer: Customer,
  partnerId: number,
  version: OdooVersion,
): Promise<{ created: number; bindings: BindingWrite[] }> {
  const { integration } = ctx;
  const addresses = customer.Addresses ?? [];
  const bindings: BindingWrite[] = [];
  if (!addresses.length) return { created: 0, bindings };
  const mapping = await integration.mapping('address.clarity-to-odoo');
  const contacts = addresses.map((a) => ({
    FirstName: customer.FirstName,
    LastName: customer.LastName,
    Company: customer.Company ?? null,
    Phone: customer.Phone ?? null,
    Address: a.Address,
  }));
  const lookups = await mapping.resolve(contacts, integration.resolver, { version });
  let created = 0;
  for (const [i, address] of addresses.entries()) {
    for (const type of addressTypes(address)) {
      const { values } = await mapping.apply(contacts[i], {
        version,
        lookups,
        context: { parentId: partnerId, addressType: type },
      });
      const ref = await ensureAddressContact(integration.odoo.client, partnerId, type, values);
      if (ref.created) created++;
      bindings.push({
        integrationId: integration.id,
        entity: ADDRESS_ENTITY,
        clarityKey: `${emailKey(customer.Email)}/${type}/${address.Key}`,
        odooId: ref.id,
        claritySnapshot: { Key: address.Key },
      });
    }
  }
  return { created, bindings };
}

export const customerToOdoo = defineFlow({
  name: CUSTOMER_TO_ODOO_FLOW,
  description: 'Clarity customers → Odoo partners (found by email first; company, contacts, addresses, VAT)',
  connectors: ['odoo', 'clarity'],
  on: ['clarity:customer.created', 'clarity:customer.updated'],
  polls: { clarity: ['customers'] },
  route: (event) => customerRoute(event, (event.payload as Partial<Customer> | undefined)?.Email),
  async run(ctx: FlowContext): Promise<JobResult> {
    const { integration, services } = ctx;
    const { client } = integration.odoo;
    const customer = await ctx.step('read Clarity customer', () =>
      integration.clarity.customers.get(Number(ctx.event?.entityId)),
    );
    if (!customer.Email?.trim()) {
      ctx.note('skipped', {
        note: `Clarity customer ${customer.ID} has no email; the bridge matches customers by email`,
      });
      return { outcome: 'noop' };
    }
    const key = emailKey(customer.Email);
    const ownership = ownershipFor(integration.settings, CUSTOMER_TO_ODOO_FLOW);
    const version = (await client.connect()).version;
    const binding = await services.repos.bindings.byClarityKey(integration.id, CUSTOMER_ENTITY, key);
    const mapping = await integration.mapping('customer.clarity-to-odoo');
    const lookups = await mapping.resolve([customer], integration.resolver, { version });

    const companyId = customer.Company?.trim()
      ? (
          await ctx.step('find or create company', async () => {
            const companies = await integration.mapping('company.clarity-to-odoo');
            return findOrCreateCompany(integration, services.withLock, {
              name: customer.Company!,
              values: async () => (await companies.apply(customer, { version })).values,
            });
          })
        ).id
      : undefined;
    const context = companyId === undefined ? {} : { companyId };

    const partner = await ctx.step('find or create partner', () =>
      findOrCreatePartner(integration, services.withLock, {
        email: customer.Email,
        values: async () => {
          const { values } = await mapping.apply(customer, { version, lookups, context });
          delete values.child_ids; // the addresses are made below, one by one, so that none is made twice
          return values;
        },
      }),
    );

    let changes: Record<string, unknown> = {};
    let odooSnapshot: Record<string, unknown> = { ...binding?.odooSnapshot };
    await services.withLock(partnerLockKey(integration.id, customer.Email), async () => {
      const { values: mapped } = await mapping.apply(customer, {
        version,
        lookups,
        context,
        mode: partner.created ? 'create' : 'update',
        skipGroups: partner.created ? [] : ownership.skipGroupsWriting('odoo'),
      });
      delete mapped.child_ids;
      if (partner.id === companyId) {
        // the customer is the company partner itself (a B2B account made in the ERP): no parent of its own
        delete mapped.parent_id;
        delete mapped.company_name;
        delete mapped.company_type;
      }
      const [current] = await client.read<OdooRecord>(
        'res.partner',
        [partner.id],
        [...Object.keys(mapped), 'write_date'],
        { raw: true },
      );
      const plan = planMerge({
        mapped,
        current: current ?? {},
        snapshot: binding?.odooSnapshot,
        source: 'clarity',
        ownership,
        groupOf: groupIndex(mapping.fieldGroups()),
        sourceStamp: customer.UpdatedDate,
        targetStamp: String(current?.write_date ?? ''),
      });
      await recordConflicts(
        services.repos,
        {
          integrationId: integration.id,
          entity: CUSTOMER_ENTITY,
          key,
          direction: 'clarity→odoo',
          conflicts: plan.conflicts,
          note: (n, d) => ctx.note(n, d),
        },
        services.clock.now(),
      );
      changes = plan.changes;
      odooSnapshot = { ...odooSnapshot, ...plan.snapshot };
      if (Object.keys(changes).length)
        await ctx.step('write Odoo partner', () => client.write('res.partner', [partner.id], changes, { raw: true }), {
          request: changes,
        });
    });
    const addresses = await ctx.step('addresses as child contacts', () =>
      services.withLock(partnerLockKey(integration.id, customer.Email), () =>
        syncAddresses(ctx, customer, partner.id, version),
      ),
    );

    const wrote = partner.created || addresses.created > 0 || Object.keys(changes).length > 0;
    const snapshot = binding?.claritySnapshot;
    const echo =
      !wrote &&
      !!snapshot &&
      Object.keys(snapshot).every((f) => sameValue((customer as unknown as Record<string, unknown>)[f], snapshot[f]));
    return {
      outcome: wrote ? 'applied' : echo ? 'echo' : 'noop',
      effects: async (tx) => {
        await services.repos.bindings.upsert(
          { integrationId: integration.id, entity: CUSTOMER_ENTITY, clarityKey: key, odooId: partner.id, odooSnapshot },
          services.clock.now(),
          tx,
        );
        for (const binding of addresses.bindings)
          await services.repos.bindings.upsert(binding, services.clock.now(), tx);
      },
    };
  },
});
