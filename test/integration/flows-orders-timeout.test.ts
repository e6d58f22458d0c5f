// Exactly once when Odoo times out after it did create the order: the bridge's call gives up, Odoo finishes the
// create anyway, and the retry (which waits for Odoo to have finished) finds the order instead of making another.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SalesOrder } from '../../src/connectors/clarity/contract.ts';
import { startHarness, type Harness } from './flows-catalog-harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    products: 5,
    integration: { odoo: { timeoutMs: 300 }, flows: { 'order-to-odoo': { unknownOutcomeRetryMs: 1_200 } } },
  });
});

afterAll(async () => {
  await h?.close();
});

it('makes one sale order when the create answer is lost but Odoo made it', async () => {
  const [order] = (await h.clarity.placeOrders(1, { seed: 9 })) as unknown as SalesOrder[];
  h.odoo.setFaults({ slowMethods: { 'sale.order.create': 700 } });
  const since = await h.lastJobId();
  await h.clarityChanged('order', order!, 'order.created');
  const jobs = (await h.settle(since)).filter((j) => j.flow === 'order-to-odoo');
  h.odoo.setFaults({ slowMethods: {} });
  expect(jobs.map((j) => [j.state, j.outcome, j.attempts])).toEqual([['done', 'applied', 2]]);
  const attempts = await h.bridge.engine.repos.jobs.attempts(jobs[0]!.id);
  expect(JSON.stringify(attempts[0]!.error)).toContain('timed out');
  const orders = await h.execute<{ name: string; state: string }[]>(
    'sale.order',
    'search_read',
    [[['client_order_ref', '=', order!.CustomKey]]],
    { fields: ['name', 'state'] },
  );
  expect(orders.map((o) => o.state)).toEqual(['sale']);
  expect(h.clarity.store.order(order!.CustomKey)).toMatchObject({
    StatusKey: 'Confirmed',
    ErpReference: orders[0]!.name,
  });
});
