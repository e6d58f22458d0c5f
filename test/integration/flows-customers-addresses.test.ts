// With addresses written by both sides (`systems-of-record: {address: both}`; the customer's name, email and phone
// stay the store's), an address changed in the ERP reaches the store's address book without removing any other,
// and the store's echo of it adds no address in Odoo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClarityClient } from '../../src/connectors/clarity/client.ts';
import { startHarness, type Harness } from './flows-catalog-harness.ts';
import { STORE_KINDS } from '../support/stores.ts';

describe.each(STORE_KINDS)('addresses on %s', (store) => {
  let h: Harness;
  let clarity: ClarityClient;

  beforeAll(async () => {
    h = await startHarness({
      store,
      products: 3,
      integration: { flows: { 'systems-of-record': { address: 'both' } } },
    });
    clarity = h.bridge.integrations.get('main')!.clarity;
  });

  afterAll(async () => {
    await h?.close();
  });

  it('sends an address changed in Odoo to the store, without adding it again in Odoo', async () => {
    const { record } = await clarity.customers.create(
      {
        Email: 'mary@somerville.example',
        FirstName: 'Mary',
        LastName: 'Somerville',
        Addresses: [
          {
            Key: 'ship',
            IsBilling: false,
            IsShipping: true,
            Address: { Street1: '3 Chelsea Walk', City: 'London', PostalCode: 'SW3 5AA', CountryCode: 'GB' },
          },
          {
            Key: 'bill',
            IsBilling: true,
            IsShipping: false,
            Address: { Street1: '1 Burlington House', City: 'London', PostalCode: 'W1J 0BD', CountryCode: 'GB' },
          },
        ],
      },
      { idempotencyKey: 'test-mary' },
    );
    let since = await h.lastJobId();
    await h.clarityChanged('customer', record, 'customer.created');
    await h.settle(since);
    const [partner] = await h.execute<{ id: number }[]>(
      'res.partner',
      'search_read',
      [
        [
          ['email', '=ilike', 'mary@somerville.example'],
          ['type', '=', 'contact'],
        ],
      ],
      { fields: ['id'] },
    );
    const [delivery] = await h.execute<number[]>('res.partner', 'search', [
      [
        ['parent_id', '=', partner!.id],
        ['type', '=', 'delivery'],
      ],
    ]);

    // the customer moves; the ERP is told first (and someone retypes her name there, which the store owns)
    await h.execute('res.partner', 'write', [[delivery], { street: '10 Park Crescent', zip: 'W1B 1PQ' }]);
    await h.execute('res.partner', 'write', [[partner!.id], { name: 'M. Somerville' }]);
    since = await h.lastJobId();
    await h.odooChanged('res.partner', delivery!);
    await h.settle(since);
    const customer = h.clarity.store.customer('mary@somerville.example')!;
    // her shipping address changed in place; her billing address and her name are as the store had them
    expect(customer.Addresses?.map((a) => [a.Key, a.Address.Street1, a.Address.PostalCode])).toEqual([
      ['ship', '10 Park Crescent', 'W1B 1PQ'],
      ['bill', '1 Burlington House', 'W1J 0BD'],
    ]);
    expect([customer.FirstName, customer.LastName]).toEqual(['Mary', 'Somerville']);

    // the store's change event comes back: Odoo gets the store's name back and keeps one delivery address
    since = await h.lastJobId();
    await h.clarityChanged('customer', (await clarity.customers.findByEmail('mary@somerville.example'))!);
    const back = await h.settle(since);
    expect(back.map((j) => [j.flow, j.outcome])).toEqual([['customer-to-odoo', 'applied']]);
    const [named] = await h.execute<{ name: string }[]>('res.partner', 'read', [[partner!.id], ['name']]);
    expect(named!.name).toBe('Mary Somerville');
    expect(
      await h.execute('res.partner', 'search_count', [
        [
          ['parent_id', '=', partner!.id],
          ['type', '=', 'delivery'],
        ],
      ]),
    ).toBe(1);

    // Odoo's change event for that write is only the bridge's own write coming back
    since = await h.lastJobId();
    await h.odooChanged('res.partner', partner!.id);
    const echoes = await h.settle(since);
    expect(echoes.map((j) => [j.flow, j.outcome])).toEqual([['customer-to-clarity', 'echo']]);
  });
});
