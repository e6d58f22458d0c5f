// customer-to-clarity: an Odoo partner created or changed in the ERP (a B2B account, a changed address) → the Clarity
// customer with that email, on the lane `integration:customer:<lower-case email>`. An address contact's change is the
// change of its parent. A customer Clarity does not have yet is created whole; on an existing one only the fields
// Odoo may write (per the systems of record; by default the company and the tax number, since Clarity owns the
// customer's contact details and addresses) are written, and only when they differ. Addresses Odoo may write
// (`address: both`) are merged into the customer's address book (address-merge.ts), never replace it.
import { idempotencyKey } from '../../connectors/clarity/client.ts';
import type { CustomerAddress, CustomerInput } from '../../connectors/clarity/contract.ts';
import { contentHash } from '../../core/ids.ts';
import { m2oId, type OdooRecord } from '../../connectors/odoo/index.ts';
import type { JobResult } from '../../engine/handler.ts';
import { defineFlow, type FlowContext } from '../flow.ts';
import { ownershipFor } from '../ownership.ts';
import { recordConflicts } from '../sync/conflicts.ts';
import { groupIndex, planMerge, sameValue } from '../sync/field-merge.ts';
import { ADDRESS_ENTITY, CUSTOMER_ENTITY, customerRoute } from './customer-to-odoo.ts';
import { mergeAddresses } from './address-merge.ts';
import { emailKey } from './partner.ts';

export const CUSTOMER_TO_CLARITY_FLOW = 'customer-to-clarity';
const PARTNER_READ = [
  'name',
  'email',
  'phone',
  'mobile',
  'vat',
  'is_company',
  'parent_id',
  'type',
  'child_ids',
  'active',
  'write_date',
];
const ADDRESS_READ = ['type', 'street', 'street2', 'city', 'zip', 'country_id', 'state_id'];
const ADDRESS_TYPES = new Set(['invoice', 'delivery', 'other']);

interface CustomerJobData {
  partnerId: number;
}

/** The partner whose customer a changed partner belongs to: an address contact's parent, else itself. */
async function customerPartner(ctx: FlowContext, partnerId: number): Promise<OdooRecord | undefined> {
  const { client } = ctx.integration.odoo;
  const [partner] = await client.read('res.partner', [partnerId], PARTNER_READ);
  if (!partner) return undefined;
  const parentId = m2oId(partner.parent_id);
  if (ADDRESS_TYPES.has(String(partner.type)) && parentId !== undefined)
    return (await client.read('res.partner', [parentId], PARTNER_READ))[0];
  return partner;
}

export const customerToClarity = defineFlow({
  name: CUSTOMER_TO_CLARITY_FLOW,
  description: 'Odoo partners created or changed in the ERP → Clarity customers, per field ownership',
  connectors: ['odoo', 'clarity'],
  on: ['odoo:res.partner.changed'],
  polls: { odoo: [{ model: 'res.partner', fields: ['email', 'type', 'parent_id'] }] },
  async route(event, services) {
    const payload = (event.payload ?? {}) as OdooRecord;
    let email = payload.email;
    let partnerId = Number(event.entityId);
    const parentId = m2oId(payload.parent_id);
    if (ADDRESS_TYPES.has(String(payload.type)) && parentId !== undefined) {
      const [parent] = await services
        .integration(event.integrationId)
        .odoo.client.read('res.partner', [parentId], ['email']);
      email = parent?.email;
      partnerId = parentId;
    }
    // a partner without an email is not a storefront customer (companies, vendors, addresses of them)
    if (typeof email !== 'string' || !email.trim()) return null;
    return { ...customerRoute(event, email), payload: { partnerId } satisfies CustomerJobData };
  },
  async run(ctx: FlowContext): Promise<JobResult> {
    const { integration, services } = ctx;
    const { client } = integration.odoo;
    const data = ctx.data as CustomerJobData | undefined;
    const partner = await ctx.step('read Odoo partner', () =>
      customerPartner(ctx, data?.partnerId ?? Number(ctx.event?.entityId)),
    );
    if (!partner || typeof partner.email !== 'string' || !partner.email.trim()) {
      ctx.note('skipped', { note: 'the partner no longer exists or has no email' });
      return { outcome: 'noop' };
    }
    const key = emailKey(partner.email);
    const version = (await client.connect()).version;
    const children = await client.read(
      'res.partner',
      Array.isArray(partner.child_ids) ? (partner.child_ids as number[]) : [],
      ADDRESS_READ,
    );
    const record = { ...partner, child_ids: children };
    const mapping = await integration.mapping('customer.odoo-to-clarity');
    const lookups = await mapping.resolve([record], integration.resolver, { version });
    const ownership = ownershipFor(integration.settings, CUSTOMER_TO_CLARITY_FLOW);
    const binding = await services.repos.bindings.byClarityKey(integration.id, CUSTOMER_ENTITY, key);
    const existing = await ctx.step('find Clarity customer', () => integration.clarity.customers.findByEmail(key));
    const upsert =
      (claritySnapshot: Record<string, unknown>) => (tx: Parameters<NonNullable<JobResult['effects']>>[0]) =>
        services.repos.bindings.upsert(
          {
            integrationId: integration.id,
            entity: CUSTOMER_ENTITY,
            clarityKey: key,
            odooId: partner.id,
            claritySnapshot,
          },
          services.clock.now(),
          tx,
        );

    if (!existing) {
      const { values } = await mapping.apply(record, { version, lookups });
      const body = values as unknown as CustomerInput;
      await ctx.step(
        'create Clarity customer',
        () =>
          integration.clarity.customers.create(body, {
            idempotencyKey: idempotencyKey('customer', integration.id, key, contentHash(body).slice(0, 12)),
          }),
        { request: body },
      );
      return { outcome: 'applied', effects: upsert(values) };
    }
    const { values: mapped } = await mapping.apply(record, {
      version,
      lookups,
      mode: 'update',
      skipGroups: ownership.skipGroupsWriting('clarity'),
    });
    // the address book is merged, never replaced: Odoo's addresses update the ones they were made from, or join
    if (Array.isArray(mapped.Addresses)) {
      const fromOdoo = mapped.Addresses as CustomerAddress[];
      const madeFrom = new Map<string, string>();
      for (const child of children) {
        const made = await services.repos.bindings.byOdooId(integration.id, ADDRESS_ENTITY, child.id);
        if (typeof made?.claritySnapshot?.Key === 'string') madeFrom.set(`odoo-${child.id}`, made.claritySnapshot.Key);
      }
      mapped.Addresses = mergeAddresses(existing.Addresses ?? [], fromOdoo, (odooKey) => madeFrom.get(odooKey));
    }
    const plan = planMerge({
      mapped,
      current: existing as unknown as Record<string, unknown>,
      snapshot: binding?.claritySnapshot,
      source: 'odoo',
      ownership,
      groupOf: groupIndex(mapping.fieldGroups()),
      sourceStamp: String(partner.write_date ?? ''),
      targetStamp: existing.UpdatedDate,
      // the address book above is the store's, with Odoo's addresses merged in
      merged: ['Addresses'],
    });
    await recordConflicts(
      services.repos,
      {
        integrationId: integration.id,
        entity: CUSTOMER_ENTITY,
        key,
        direction: 'odoo→clarity',
        conflicts: plan.conflicts,
        note: (n, d) => ctx.note(n, d),
      },
      services.clock.now(),
    );
    const snapshot = { ...binding?.claritySnapshot, ...plan.snapshot };
    if (Object.keys(plan.changes).length) {
      await ctx.step(
        'write Clarity customer',
        () => integration.clarity.customers.update(existing.ID, plan.changes as Partial<CustomerInput>),
        { request: plan.changes },
      );
      return { outcome: 'applied', effects: upsert(snapshot) };
    }
    // nothing to write: the bridge's own write to Odoo coming back, when Odoo holds what the bridge wrote there
    const written = binding?.odooSnapshot;
    const echo =
      !!written &&
      Object.keys(written)
        .filter((f) => f in partner)
        .every((f) => sameValue(partner[f], written[f]));
    return { outcome: echo ? 'echo' : 'noop', effects: upsert(snapshot) };
  },
});
