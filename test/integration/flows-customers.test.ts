// Customers both ways over real HTTP: a Clarity customer → an Odoo partner (company parent, billing/shipping child
// contacts, VAT), a returning customer finding the same partner, the shared find-or-create holding under
// concurrency, Odoo → Clarity for customers made in the ERP, ownership of contact details, echoes suppressed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClarityClient } from '../../src/connectors/clarity/client.ts';
import type { Customer, CustomerInput } from '../../src/connectors/clarity/contract.ts';
import { findOrCreatePartner } from '../../src/flows/customers/partner.ts';
import { startHarness, type Harness } from './flows-catalog-harness.ts';
import { STORE_KINDS } from '../support/stores.ts';

describe.each(STORE_KINDS)('customers both ways on %s', (store) => {
  let h: Harness;
  let clarity: ClarityClient;

  beforeAll(async () => {
    h = await startHarness({ store, products: 5 });
    clarity = h.bridge.integrations.get('main')!.clarity;
  });

  afterAll(async () => {
    await h?.close();
  });

  type Partner = {
    id: number;
    name: string;
    email: string | false;
    type: string;
    parent_id: [number, string] | false;
    vat: string | false;
    street: string | false;
    city: string | false;
    phone: string | false;
    is_company: boolean;
  };
  const FIELDS = ['name', 'email', 'type', 'parent_id', 'vat', 'street', 'city', 'phone', 'is_company'];
  const partners = (domain: unknown[]) =>
    h.execute<Partner[]>('res.partner', 'search_read', [domain], { fields: FIELDS });

  const ADDRESS = {
    Street1: '12 Harbour Road',
    Street2: 'Unit 4',
    City: 'Portsmouth',
    RegionCode: null,
    PostalCode: 'PO1 3AX',
    CountryCode: 'GB',
  };

  async function newCustomer(input: Partial<CustomerInput> & { Email: string }): Promise<Customer> {
    const { record } = await clarity.customers.create(
      { FirstName: 'Ada', LastName: 'Lovelace', ...input },
      { idempotencyKey: `test-${input.Email}` },
    );
    return record;
  }

  describe('customers Clarity → Odoo', () => {
    it('creates the partner under its company, with billing and shipping addresses as child contacts and the VAT number', async () => {
      const customer = await newCustomer({
        Email: 'ada@analytical.example',
        Company: 'Analytical Engines Ltd',
        Phone: '+44 20 7946 0000',
        TaxExemptionNo: 'GB123456789',
        Addresses: [
          { Key: 'bill', IsBilling: true, IsShipping: false, Address: ADDRESS },
          {
            Key: 'ship',
            IsBilling: false,
            IsShipping: true,
            Address: { ...ADDRESS, Street1: '1 Dock Lane', Street2: null },
          },
        ],
      });
      const since = await h.lastJobId();
      await h.clarityChanged('customer', customer, 'customer.created');
      const jobs = await h.settle(since);
      expect(jobs.map((j) => [j.flow, j.lane, j.outcome])).toEqual([
        ['customer-to-odoo', 'main:customer:ada@analytical.example', 'applied'],
      ]);
      const [partner, ...others] = await partners([
        ['email', '=ilike', 'ada@analytical.example'],
        ['type', '=', 'contact'],
      ]);
      expect(others).toEqual([]);
      expect(partner).toMatchObject({
        name: 'Ada Lovelace',
        phone: '+44 20 7946 0000',
        vat: 'GB123456789',
        is_company: false,
      });
      const [company] = await partners([['id', '=', (partner!.parent_id as [number, string])[0]]]);
      expect(company).toMatchObject({ name: 'Analytical Engines Ltd', is_company: true });
      const children = await partners([['parent_id', '=', partner!.id]]);
      expect(children.map((c) => [c.type, c.street, c.city]).sort()).toEqual([
        ['delivery', '1 Dock Lane', 'Portsmouth'],
        ['invoice', '12 Harbour Road', 'Portsmouth'],
      ]);
    });

    it('finds the same partner for a returning customer (no duplicate partner, no duplicate address)', async () => {
      // a partner made in Odoo before the store knew the customer
      const existingId = await h.execute<number>('res.partner', 'create', [
        { name: 'Grace Hopper', email: 'Grace@Navy.example' },
      ]);
      const customer = await newCustomer({
        Email: 'grace@navy.example',
        FirstName: 'Grace',
        LastName: 'Hopper',
        Addresses: [{ Key: 'a', IsBilling: true, IsShipping: false, Address: ADDRESS }],
      });
      let since = await h.lastJobId();
      await h.clarityChanged('customer', customer, 'customer.created');
      await h.settle(since);
      const updated = await clarity.customers.update(customer.ID, { Phone: '+1 555 0100' });
      since = await h.lastJobId();
      await h.clarityChanged('customer', updated);
      await h.settle(since);
      const found = await partners([
        ['email', '=ilike', 'grace@navy.example'],
        ['type', '=', 'contact'],
      ]);
      expect(found.map((p) => p.id)).toEqual([existingId]);
      expect(found[0]!.phone).toBe('+1 555 0100');
      expect(
        (
          await partners([
            ['parent_id', '=', existingId],
            ['type', '=', 'invoice'],
          ])
        ).length,
      ).toBe(1);
    });

    it('makes one partner when several jobs find-or-create the same email at once (the shared partner lock)', async () => {
      const integration = h.bridge.integrations.get('main')!;
      const refs = await Promise.all(
        Array.from({ length: 6 }, () =>
          findOrCreatePartner(integration, h.bridge.services.withLock, {
            email: ' Race@Example.com ',
            values: async () => ({ name: 'Race Condition', email: 'race@example.com' }),
          }),
        ),
      );
      expect(new Set(refs.map((r) => r.id)).size).toBe(1);
      expect(refs.filter((r) => r.created)).toHaveLength(1);
      expect(await partners([['email', '=ilike', 'race@example.com']])).toHaveLength(1);
    });
  });

  describe('customers Odoo → Clarity', () => {
    it('creates a customer made in the ERP in Clarity, and the echo of it is not written back', async () => {
      const companyId = await h.execute<number>('res.partner', 'create', [
        { name: 'Babbage & Co', is_company: true, vat: 'GB999' },
      ]);
      const id = await h.execute<number>('res.partner', 'create', [
        { name: 'Charles Babbage', email: 'charles@babbage.example', parent_id: companyId, phone: '+44 1' },
      ]);
      let since = await h.lastJobId();
      await h.odooChanged('res.partner', id);
      await h.odooChanged('res.partner', companyId);
      const jobs = await h.settle(since);
      expect(jobs.map((j) => [j.flow, j.outcome])).toEqual([['customer-to-clarity', 'applied']]);
      const customer = h.clarity.store.customer('charles@babbage.example')!;
      expect(customer).toMatchObject({
        FirstName: 'Charles',
        LastName: 'Babbage',
        Company: 'Babbage & Co',
        TaxExemptionNo: 'GB999',
        Phone: '+44 1',
      });

      // the store's customer.created for it comes back: nothing is written to Odoo
      const writes = () =>
        h.calls('odoo res.partner.write') +
        h.calls('odoo res.partner.create') +
        h.calls('clarity PUT /api/v1/customers/{ID}');
      const before = writes();
      since = await h.lastJobId();
      await h.clarityChanged(
        'customer',
        (await clarity.customers.findByEmail('charles@babbage.example'))!,
        'customer.created',
      );
      const echoes = await h.settle(since);
      expect(echoes.map((j) => [j.flow, j.outcome])).toEqual([['customer-to-odoo', 'echo']]);
      expect(writes()).toBe(before);
    });

    it('writes an ERP change of an Odoo-owned field (the tax number) but not of a Clarity-owned one (the phone)', async () => {
      const id = (await partners([['email', '=ilike', 'charles@babbage.example']]))[0]!.id;
      const company = (await partners([['name', '=', 'Babbage & Co']]))[0]!.id;
      await h.execute('res.partner', 'write', [[company], { vat: 'GB1000' }]);
      await h.execute('res.partner', 'write', [[id], { phone: '+44 2' }]);
      const since = await h.lastJobId();
      await h.odooChanged('res.partner', id);
      await h.settle(since);
      expect(h.clarity.store.customer('charles@babbage.example')).toMatchObject({
        TaxExemptionNo: 'GB1000',
        Phone: '+44 1',
      });
    });
  });
});
