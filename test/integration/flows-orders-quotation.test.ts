// order-to-odoo with `confirm: false`: the order is left as a quotation in Odoo, and Clarity keeps showing Pending
// (with the quotation's name as ERP reference).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SalesOrder } from '../../src/connectors/clarity/contract.ts';
import { startHarness, type Harness } from './flows-catalog-harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ products: 5, integration: { flows: { 'order-to-odoo': { confirm: false } } } });
});

afterAll(async () => {
  await h?.close();
});

it('leaves the order as a quotation and the Clarity order Pending', async () => {
  const [order] = (await h.clarity.placeOrders(1, { seed: 7 })) as unknown as SalesOrder[];
  const since = await h.lastJobId();
  await h.clarityChanged('order', order!, 'order.created');
  const jobs = (await h.settle(since)).filter((j) => j.flow === 'order-to-odoo');
  expect(jobs.map((j) => [j.state, j.outcome])).toEqual([['done', 'applied']]);
  const orders = await h.execute<{ name: string; state: string }[]>(
    'sale.order',
    'search_read',
    [[['client_order_ref', '=', order!.CustomKey]]],
    { fields: ['name', 'state'] },
  );
  expect(orders.map((o) => o.state)).toEqual(['draft']);
  expect(h.clarity.store.order(order!.CustomKey)).toMatchObject({
    StatusKey: 'Pending',
    ErpReference: orders[0]!.name,
  });
  expect(h.calls('odoo sale.order.action_confirm')).toBe(0);
});
