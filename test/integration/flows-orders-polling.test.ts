// The order flows fed by the pollers their `polls` declare (webhooks off): an order placed in Clarity is found by
// the Clarity order poller, created and confirmed in Odoo; its delivery validated in Odoo is found by the
// stock.picking poller and shipped back; an order cancelled in Odoo is found by the sale.order poller.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { validatePicking } from '../../src/connectors/odoo/index.ts';
import { waitUntil } from '../support/stores.ts';
import { startHarness, type Harness } from './flows-catalog-harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ products: 5, pollEveryMs: 150 });
});

afterAll(async () => {
  await h?.close();
});

it('takes an order from placement to Shipped through the pollers alone', async () => {
  const [order] = await h.clarity.placeOrders(1, { seed: 3 });
  const key = order!.CustomKey;
  const saleId = await waitUntil(
    async () =>
      (
        await h.execute<number[]>('sale.order', 'search', [
          [
            ['client_order_ref', '=', key],
            ['state', '=', 'sale'],
          ],
        ])
      )[0],
    10_000,
    'the sale order',
  );
  await waitUntil(() => h.clarity.store.order(key)!.StatusKey === 'Confirmed', 10_000, 'Confirmed in Clarity');
  const [picking] = await h.execute<number[]>('stock.picking', 'search', [[['sale_id', '=', saleId]]]);
  await validatePicking(h.bridge.integrations.get('main')!.odoo.client, picking!);
  await waitUntil(() => h.clarity.store.order(key)!.StatusKey === 'Shipped', 10_000, 'Shipped in Clarity');
  expect(h.clarity.store.shipments(order!.ID).map((s) => s.CustomKey)).toEqual([`odoo-picking-${picking}`]);
  expect(await h.execute<number>('sale.order', 'search_count', [[['client_order_ref', '=', key]]])).toBe(1);
});

it('shows an order cancelled in Odoo as Cancelled in Clarity', async () => {
  const [order] = await h.clarity.placeOrders(1, { seed: 4 });
  const key = order!.CustomKey;
  const saleId = await waitUntil(
    async () =>
      (
        await h.execute<number[]>('sale.order', 'search', [
          [
            ['client_order_ref', '=', key],
            ['state', '=', 'sale'],
          ],
        ])
      )[0],
    10_000,
    'the sale order',
  );
  await waitUntil(() => h.clarity.store.order(key)!.StatusKey === 'Confirmed', 10_000, 'Confirmed in Clarity');
  await h.execute('sale.order', 'action_cancel', [[saleId]], { context: { disable_cancel_warning: true } });
  await waitUntil(() => h.clarity.store.order(key)!.StatusKey === 'Cancelled', 10_000, 'Cancelled in Clarity');
});
