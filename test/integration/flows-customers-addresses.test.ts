// On the default systems of record (addresses written by both sides), an address changed in the ERP reaches the
// store, and the store's echo of it adds no address in Odoo.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ClarityClient } from '../../src/connectors/clarity/client.ts';
import { startHarness, type Harness } from './flows-catalog-harness.ts';

let h: Harness;
let clarity: ClarityClient;

beforeAll(async () => {
  h = await startHarness({ products: 3 });
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
      Addresses: [{ Key: 'ship', IsBilling: false, IsShipping: true, Address: { Street1: '3 Chelsea Walk', City: 'London', PostalCode: 'SW3 5AA', CountryCode: 'GB' } }],
    },
    { idempotencyKey: 'test-mary' },
  );
  let since = await h.lastJobId();
  await h.clarityChanged('customer', record, 'customer.created');
  await h.settle(since);
  const [partner] = await h.execute<{ id: number }[]>('res.partner', 'search_read', [[['email', '=ilike', 'mary@somerville.example'], ['type', '=', 'contact']]], { fields: ['id'] });
  const [delivery] = await h.execute<number[]>('res.partner', 'search', [[['parent_id', '=', partner!.id], ['type', '=', 'delivery']]]);

  // the customer moves; the ERP is told first
  await h.execute('res.partner', 'write', [[delivery], { street: '10 Park Crescent', zip: 'W1B 1PQ' }]);
  since = await h.lastJobId();
  await h.odooChanged('res.partner', delivery!);
  await h.settle(since);
  const customer = h.clarity.store.customer('mary@somerville.example')!;
  expect(customer.Addresses?.filter((a) => a.IsShipping).map((a) => a.Address.Street1)).toEqual(['10 Park Crescent']);

  // the store's change event for it comes back: Odoo keeps one delivery address
  since = await h.lastJobId();
  await h.clarityChanged('customer', (await clarity.customers.findByEmail('mary@somerville.example'))!);
  const echoes = await h.settle(since);
  expect(echoes.map((j) => [j.flow, j.outcome])).toEqual([['customer-to-odoo', 'echo']]);
  expect(await h.execute('res.partner', 'search_count', [[['parent_id', '=', partner!.id], ['type', '=', 'delivery']]])).toBe(1);
});
