// order-to-odoo over real HTTP to both sandboxes with an in-process bridge: an order placed in Clarity becomes a
// confirmed Odoo sale order (customer, addresses, lines, discounts, shipping, taxes, pricelist, chatter) and its
// status and ERP reference go back; returning customers, unknown SKUs and replays, duplicate and out-of-order
// deliveries, a crash between the Odoo create and the binding, and a batch with one order Odoo refuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalesOrder } from '../../src/connectors/clarity/contract.ts';
import type { Job } from '../../src/engine/job.ts';
import { Queue } from '../../src/engine/queue.ts';
import { clarityRecordEvent } from '../../src/connectors/clarity/event-identity.ts';
import { startHarness, type Harness } from './flows-catalog-harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ products: 20 });
});

afterAll(async () => {
  await h?.close();
});

interface SaleOrder {
  id: number;
  name: string;
  state: string;
  client_order_ref: string | false;
  partner_id: [number, string];
  partner_invoice_id: [number, string];
  partner_shipping_id: [number, string];
  pricelist_id: [number, string];
  amount_untaxed: number;
  amount_tax: number;
  amount_total: number;
  order_line: number[];
}
interface SaleLine {
  product_id: [number, string];
  product_uom_qty: number;
  price_unit: number;
  discount: number;
  tax_id: number[];
  is_delivery?: boolean;
  price_subtotal: number;
}

const saleOrders = (ref: string) =>
  h.execute<SaleOrder[]>('sale.order', 'search_read', [[['client_order_ref', '=', ref]]], {
    fields: [
      'name',
      'state',
      'client_order_ref',
      'partner_id',
      'partner_invoice_id',
      'partner_shipping_id',
      'pricelist_id',
      'amount_untaxed',
      'amount_tax',
      'amount_total',
      'order_line',
    ],
  });
const linesOf = (order: SaleOrder) =>
  h.execute<SaleLine[]>('sale.order.line', 'read', [order.order_line], {
    fields: ['product_id', 'product_uom_qty', 'price_unit', 'discount', 'tax_id', 'is_delivery', 'price_subtotal'],
  });
const partner = async (id: number) =>
  (
    await h.execute<Record<string, unknown>[]>('res.partner', 'read', [[id]], {
      fields: ['name', 'email', 'type', 'parent_id', 'street', 'city', 'zip', 'country_id'],
    })
  )[0]!;

async function place(
  count: number,
  options: Parameters<Harness['clarity']['placeOrders']>[1] = {},
): Promise<SalesOrder[]> {
  return (await h.clarity.placeOrders(count, options)) as unknown as SalesOrder[];
}
const ordered = (order: SalesOrder) => order;
async function deliver(orders: SalesOrder[], type = 'order.created'): Promise<Job[]> {
  const since = await h.lastJobId();
  for (const order of orders) await h.clarityChanged('order', ordered(order), type);
  return h.settle(since);
}
const clarityOrder = (key: string) => h.clarity.store.order(key)!;
const orderJobs = (jobs: Job[]) => jobs.filter((j) => j.flow === 'order-to-odoo');

describe('order-to-odoo', () => {
  it('creates and confirms the sale order with customer, addresses, lines, shipping and taxes, and writes status and reference back', async () => {
    const [order] = await place(1, { seed: 11, currencies: ['EUR'] });
    // placed yesterday (an order that reaches Odoo late, after an outage): Odoo must still show the store's date
    order!.CreatedDate = new Date(Date.now() - 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const jobs = orderJobs(await deliver([order!]));
    expect(jobs.map((j) => [j.lane, j.state, j.outcome])).toEqual([
      [`main:order:${order!.CustomKey}`, 'done', 'applied'],
    ]);

    const [so, ...others] = await saleOrders(order!.CustomKey);
    expect(others).toEqual([]);
    expect(so!.state).toBe('sale');
    // the pricelist `bridge odoo prepare` made in the order's currency, in the integration's company
    expect(so!.pricelist_id[1]).toBe('EUR (EUR)');
    const customer = await partner(so!.partner_id[0]);
    expect(String(customer.email).toLowerCase()).toBe(order!.UserEmail!.toLowerCase());
    const shipping = await partner(so!.partner_shipping_id[0]);
    expect(shipping).toMatchObject({
      type: 'delivery',
      street: order!.ShippingContact.Address.Street1,
      city: order!.ShippingContact.Address.City,
    });
    expect((shipping.parent_id as [number, string])[0]).toBe(customer.id);
    const invoice = await partner(so!.partner_invoice_id[0]);
    expect(invoice).toMatchObject({ type: 'invoice' });

    const lines = await linesOf(so!);
    const goods = lines.filter((l) => !l.is_delivery);
    expect(goods).toHaveLength(order!.SalesItems.length);
    for (const item of order!.SalesItems) {
      const line = goods.find((l) => l.product_id[1].includes(item.Sku))!;
      expect(line).toBeDefined();
      expect(line.product_uom_qty).toBe(item.Quantity);
      expect(line.price_unit).toBeCloseTo(item.UnitSoldPrice, 2);
      expect(line.discount).toBeCloseTo((item.Discount / (item.UnitSoldPrice * item.Quantity)) * 100, 2);
    }
    // the rate the store charged (its country's VAT), not the products' default 15%, on every line and the shipping
    const rate =
      (100 * order!.Totals.Tax) / (order!.Totals.SubTotal - order!.Totals.Discounts + order!.Totals.Shipping);
    const taxes = await h.execute<{ id: number; amount: number }[]>('account.tax', 'search_read', [[]], {
      fields: ['amount'],
    });
    const storeTax = taxes.find((t) => Math.abs(t.amount - rate) < 0.01)!;
    expect(storeTax.amount).not.toBe(15);
    for (const line of lines) expect(line.tax_id).toEqual([storeTax.id]);
    const delivery = lines.filter((l) => l.is_delivery);
    expect(delivery.map((l) => l.price_unit)).toEqual(order!.Totals.Shipping > 0 ? [order!.Totals.Shipping] : []);
    // Clarity's totals exclude tax: Odoo's untaxed amount is the same money
    expect(so!.amount_untaxed).toBeCloseTo(
      order!.Totals.SubTotal - order!.Totals.Discounts + order!.Totals.Shipping,
      1,
    );
    // totals match: Odoo's total is the store's, to the cent
    expect(so!.amount_tax).toBe(order!.Totals.Tax);
    expect(so!.amount_total).toBe(order!.Totals.Total);
    // the order date is the store's, not the confirmation time
    const [dated] = await h.execute<{ date_order: string }[]>('sale.order', 'read', [[so!.id]], {
      fields: ['date_order'],
    });
    expect(dated!.date_order).toBe(order!.CreatedDate.replace('T', ' ').slice(0, 19));

    const notes = await h.execute<{ body: string }[]>(
      'mail.message',
      'search_read',
      [
        [
          ['model', '=', 'sale.order'],
          ['res_id', '=', so!.id],
        ],
      ],
      { fields: ['body'] },
    );
    expect(notes.map((n) => n.body).join('\n')).toContain(`Payment method: ${order!.PaymentMethodKey}`);

    expect(clarityOrder(order!.CustomKey)).toMatchObject({ StatusKey: 'Confirmed', ErpReference: so!.name });
    const binding = await h.bridge.services.repos.bindings.byClarityKey('main', 'order', order!.CustomKey);
    expect(binding?.odooId).toBe(so!.id);
  });

  it('finds the same partner for a returning customer', async () => {
    const [first] = await place(1, { seed: 21 });
    await deliver([first!]);
    // the same shopper orders again (same email, same address)
    const again = structuredClone(first!);
    again.CustomKey = `${first!.CustomKey}-R`;
    again.ID = first!.ID; // not written back: the test checks Odoo only
    const before = await h.execute<number>('res.partner', 'search_count', [[['email', '=ilike', first!.UserEmail!]]]);
    const jobs = orderJobs(await deliver([again]));
    expect(jobs[0]?.state).toBe('done');
    const [a] = await saleOrders(first!.CustomKey);
    const [b] = await saleOrders(again.CustomKey);
    expect(b!.partner_id[0]).toBe(a!.partner_id[0]);
    expect(b!.partner_shipping_id[0]).toBe(a!.partner_shipping_id[0]);
    expect(await h.execute<number>('res.partner', 'search_count', [[['email', '=ilike', first!.UserEmail!]]])).toBe(
      before,
    );
  });

  it('puts a B2B customer under its company partner', async () => {
    const [order] = await place(1, { seed: 25 });
    order!.BillingContact.Company = 'Acme Widgets Ltd';
    await deliver([order!]);
    const [so] = await saleOrders(order!.CustomKey);
    const customer = await partner(so!.partner_id[0]);
    const [company] = await h.execute<{ name: string; is_company: boolean }[]>(
      'res.partner',
      'read',
      [[(customer.parent_id as [number, string])[0]]],
      { fields: ['name', 'is_company'] },
    );
    expect(company).toMatchObject({ name: 'Acme Widgets Ltd', is_company: true });
  });

  it('holds an order with an unknown SKU in review naming the SKU, and a replay completes it once the product exists', async () => {
    const [order] = await place(1, { seed: 31, unknownSkuRate: 1 });
    const unknown = order!.SalesItems.find((i) => i.Sku.startsWith('SKU-X'))!.Sku;
    const [job] = orderJobs(await deliver([order!]));
    expect(job!.state).toBe('review');
    expect(job!.reason).toContain(unknown);
    expect(await saleOrders(order!.CustomKey)).toEqual([]);
    expect(clarityOrder(order!.CustomKey).StatusKey).toBe('OnHold');
    // the store's echo of the hold is held too, and supersedes the first: one review item per order
    const [echo] = orderJobs(await deliver([clarityOrder(order!.CustomKey) as unknown as SalesOrder], 'order.updated'));
    expect(echo!.state).toBe('review');
    expect(await h.bridge.engine.repos.jobs.get(job!.id)).toMatchObject({
      state: 'discarded',
      reason: expect.stringContaining(`superseded by job ${echo!.id}`),
    });
    expect(await h.bridge.engine.repos.jobs.list({ lane: job!.lane, states: ['review'] })).toHaveLength(1);

    await h.execute('product.product', 'create', [
      { name: 'Mystery Box', default_code: unknown, list_price: 49, type: 'product' },
    ]);
    const since = await h.lastJobId();
    await new Queue(h.bridge.engine.repos, h.bridge.services.clock, h.bridge.config.engine).replay([echo!.id]);
    await h.settle(since);
    expect((await h.bridge.engine.repos.jobs.get(echo!.id))!.state).toBe('done');
    const [so, ...others] = await saleOrders(order!.CustomKey);
    expect(others).toEqual([]);
    expect(so!.state).toBe('sale');
    expect(clarityOrder(order!.CustomKey)).toMatchObject({ StatusKey: 'Confirmed', ErpReference: so!.name });
  });

  it('does not create an order held in review that the customer cancelled meanwhile, when it is replayed', async () => {
    const [order] = await place(1, { seed: 35, unknownSkuRate: 1 });
    const unknown = order!.SalesItems.find((i) => i.Sku.startsWith('SKU-X'))!.Sku;
    const [job] = orderJobs(await deliver([order!]));
    expect(job!.state).toBe('review');
    await h.bridge.integrations.get('main')!.clarity.orders.patch(order!.ID, { StatusKey: 'Cancelled' });
    await h.execute('product.product', 'create', [
      { name: 'Mystery Box', default_code: unknown, list_price: 49, type: 'product' },
    ]);
    const since = await h.lastJobId();
    await new Queue(h.bridge.engine.repos, h.bridge.services.clock, h.bridge.config.engine).replay([job!.id]);
    await h.settle(since);
    expect(await h.bridge.engine.repos.jobs.get(job!.id)).toMatchObject({ state: 'done', outcome: 'noop' });
    expect(await saleOrders(order!.CustomKey)).toEqual([]);
  });

  it('makes one sale order from duplicate and out-of-order deliveries (order.updated before order.created)', async () => {
    const [order] = await place(1, { seed: 41 });
    const updated = {
      ...order!,
      UpdatedDate: new Date(Date.parse(order!.UpdatedDate) + 1000).toISOString(),
      Notes: 'leave at the door',
    };
    const jobs = orderJobs(await deliver([updated, order!, updated, order!], 'order.updated'));
    expect(jobs.filter((j) => j.state !== 'done')).toEqual([]);
    expect(await saleOrders(order!.CustomKey)).toHaveLength(1);
    // and once more, as the store's order.created arriving late
    await deliver([order!], 'order.created');
    expect(await saleOrders(order!.CustomKey)).toHaveLength(1);
  });

  it('adopts the sale order a crashed attempt created (same client_order_ref) instead of creating another', async () => {
    const [order] = await place(1, { seed: 51 });
    const partnerId = await h.execute<number>('res.partner', 'create', [
      { name: 'Crash Test', email: order!.UserEmail },
    ]);
    const productId = (
      await h.execute<number[]>('product.product', 'search', [[['default_code', '=', order!.SalesItems[0]!.Sku]]])
    )[0]!;
    const soId = await h.execute<number>('sale.order', 'create', [
      {
        partner_id: partnerId,
        client_order_ref: order!.CustomKey,
        order_line: [[0, 0, { product_id: productId, product_uom_qty: 1 }]],
      },
    ]);
    const [job] = orderJobs(await deliver([order!]));
    expect(job!.state).toBe('done');
    const found = await saleOrders(order!.CustomKey);
    expect(found.map((o) => [o.id, o.state])).toEqual([[soId, 'sale']]);
    expect(clarityOrder(order!.CustomKey).ErpReference).toBe(found[0]!.name);
  });

  it('creates a batch of 20 in one create and one confirm; the one order Odoo refuses alone goes to review', async () => {
    const orders = await place(20, { seed: 61 });
    // order 7 names a product deleted in Odoo after the bridge's lookup cache learnt its id: Odoo refuses any batch holding it
    const bad = orders[6]!;
    const gone = await h.execute<number>('product.product', 'create', [
      { name: 'Discontinued', default_code: 'SKU-GONE', list_price: 5 },
    ]);
    await h.bridge.integrations.get('main')!.odoo.lookups.productBySku('SKU-GONE');
    await h.execute('product.product', 'unlink', [[gone]]);
    bad.SalesItems = [{ ...bad.SalesItems[0]!, Sku: 'SKU-GONE' }];
    const creates = () => h.calls('odoo sale.order.create');
    const confirms = () => h.calls('odoo sale.order.action_confirm');
    const [c0, k0] = [creates(), confirms()];
    // delivered together (one inbox transaction), as a burst of webhooks is: they reach the worker as one batch
    const since = await h.lastJobId();
    await h.bridge.engine.inbox.recordEvents(
      orders.map((record) =>
        clarityRecordEvent({ integrationId: 'main', entity: 'order', type: 'order.created', record }),
      ),
    );
    const jobs = orderJobs(await h.settle(since));
    const failed = jobs.filter((j) => j.state !== 'done');
    expect(failed.map((j) => j.lane)).toEqual([`main:order:${bad.CustomKey}`]);
    expect(['review', 'dead']).toContain(failed[0]!.state);
    for (const order of orders) expect(await saleOrders(order.CustomKey)).toHaveLength(order === bad ? 0 : 1);
    // one create for the batch, then the splits that isolate the bad order (log2(20) ≈ 5 levels, 2 calls each)
    expect(creates() - c0).toBeLessThanOrEqual(1 + 2 * 5);
    expect(confirms() - k0).toBe(1);
  });
});
