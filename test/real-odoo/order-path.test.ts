// Acceptance on a real Odoo (issue 11): the bridge as its own process, a configuration with only connection
// settings, the Clarity sandbox as the shop, and a real Odoo 17, 18 or 19 with demo data as a new user has it
// (pricelists off, one currency, the demo's 15% tax, several companies). Run it on a fresh copy of the database
// (../shared/real-odoo/README.md): the first steps check what a plain Odoo does before `bridge odoo prepare`.
//
//   REAL_ODOO_URL=http://127.0.0.1:8069 REAL_ODOO_DB=sandbox17 REAL_ODOO_API_KEY=$(cat ~/real-odoo/odoo17.apikey) \
//     npm run test:real-odoo
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Order } from '../../src/sandbox/clarity/model.ts';
import {
  movesOfPickings,
  pickingsOfSaleOrder,
  setOnHand,
  setTrackingReference,
  validatePicking,
  OdooLookups,
  type PickingSummary,
} from '../../src/connectors/odoo/index.ts';
import { clarityClientFromSettings } from '../../src/connectors/clarity/client.ts';
import { Secret } from '../../src/core/secret.ts';
import { waitUntil } from '../support/stores.ts';
import { describeReal } from './support/real-odoo.ts';
import { startWorld, type World } from './support/world.ts';

interface SaleOrder {
  id: number;
  name: string;
  state: string;
  company_id: [number, string];
  currency_id: [number, string];
  pricelist_id: [number, string] | false;
  partner_id: [number, string];
  amount_tax: number;
  amount_total: number;
  date_order: string;
  picking_ids: number[];
  order_line: number[];
}

interface JobRow {
  id: number;
  flow: string;
  state: string;
  lane: string;
  reason: string | null;
  lastError: { message?: string } | null;
}

describeReal('the whole order path on a real Odoo', (odoo) => {
  let w: World;
  let lookups: OdooLookups;
  const placed: Order[] = [];
  const latencies: { picking: string; tracking: boolean; ms: number }[] = [];

  const jobs = async (args: string[] = []): Promise<JobRow[]> => {
    const result = await w.cli(['jobs', 'list', '--json', '--limit', '1000', ...args]);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as JobRow[];
  };
  const saleOrderOf = async (number: string): Promise<SaleOrder[]> =>
    (await w.erp.searchRead('sale.order', {
      domain: [['client_order_ref', '=', number]],
      fields: [
        'name',
        'state',
        'company_id',
        'currency_id',
        'pricelist_id',
        'partner_id',
        'amount_tax',
        'amount_total',
        'date_order',
        'picking_ids',
        'order_line',
      ],
    })) as unknown as SaleOrder[];
  /**
   * Waits until every order of `numbers` shows one of `statuses` in the store; on a timeout, says where each order
   * stands in the store and in the bridge (its latest order job and why it waits).
   */
  const ordersShow = async (numbers: string[], statuses: string[], timeoutMs = 180_000): Promise<Order[]> => {
    try {
      return await waitUntil(
        () => {
          const orders = numbers.map((n) => w.clarity.store.order(n)!);
          return orders.every((o) => statuses.includes(o.StatusKey)) && orders;
        },
        timeoutMs,
        `every order ${statuses.join(' or ')} in the store`,
      );
    } catch (error) {
      const all = await jobs(['--flow', 'order-to-odoo']);
      const where = numbers.map((n) => {
        const job = all.find((j) => j.lane === `main:order:${n}`);
        return `${n}: ${w.clarity.store.order(n)?.StatusKey}, job ${job?.id} ${job?.state} ${job?.lastError?.message ?? ''}`;
      });
      throw new Error(`${(error as Error).message}\n${where.join('\n')}`);
    }
  };
  /** Waits until every order of `numbers` has settled in the bridge (confirmed in the store, or held in review). */
  const settled = (numbers: string[]) => ordersShow(numbers, ['Confirmed', 'OnHold']);
  /** What the operator sees when an order waits: its order-to-odoo job in review, with the message. */
  const reviewOf = async (number: string) =>
    (await jobs(['--state', 'review', '--flow', 'order-to-odoo'])).find((j) => j.lane === `main:order:${number}`);
  const expectInOdooAsInTheStore = async (order: Order) => {
    const sales = await saleOrderOf(order.CustomKey);
    expect(sales, `order ${order.CustomKey} once in Odoo`).toHaveLength(1);
    const so = sales[0]!;
    expect(so.state).toBe('sale');
    expect(so.company_id[1]).toBe(odoo.company);
    expect(so.currency_id[1]).toBe(order.CurrencyKey);
    expect(
      Math.abs(so.amount_total - order.Totals.Total),
      `${order.CustomKey}: ${so.amount_total} vs ${order.Totals.Total}`,
    ).toBeLessThanOrEqual(0.01);
    expect(Math.abs(so.amount_tax - order.Totals.Tax)).toBeLessThanOrEqual(0.01);
    expect(so.date_order).toBe(order.CreatedDate.replace('T', ' ').slice(0, 19));
    expect(w.clarity.store.order(order.CustomKey)).toMatchObject({ StatusKey: 'Confirmed', ErpReference: so.name });
    return so;
  };

  beforeAll(async () => {
    w = await startWorld(odoo);
    lookups = new OdooLookups(w.erp, { watchIntervalMs: 0 });
  }, 180_000);

  afterAll(async () => {
    if (latencies.length) {
      const ms = latencies.map((l) => l.ms).sort((a, b) => a - b);
      console.log(
        `picking validated → shipment in the store, ${ms.length} pickings on ${odoo.url}: p50 ${ms[Math.floor(ms.length / 2)]} ms, max ${ms[ms.length - 1]} ms`,
        JSON.stringify(latencies),
      );
    }
    await w?.close();
  });

  it("publishes Odoo's products for sale (and only those) with a full product sync", async () => {
    const sync = await w.cli(['sync', 'products', '--full'], 600_000);
    expect(sync.code, sync.stderr).toBe(0);
    const notForSale = await w.erp.searchRead('product.product', {
      domain: [
        ['sale_ok', '=', false],
        ['default_code', '!=', false],
      ],
      fields: ['default_code'],
    });
    expect(notForSale.length).toBeGreaterThan(0);
    const published = new Set(w.clarity.store.products().map((p) => p.CustomKey));
    expect(published.size).toBeGreaterThan(10);
    for (const product of notForSale) expect(published.has(String(product.default_code))).toBe(false);

    const subscribed = await w.cli(['clarity', 'subscribe']);
    expect(subscribed.code, subscribed.stderr).toBe(0);
    const hooks = await w.cli(['odoo', 'setup-webhooks']);
    expect(hooks.code, hooks.stderr).toBe(0);
  });

  it('holds what a plain Odoo cannot take, saying what to enable; check lists it, prepare makes it, replays send it', async () => {
    // enough orders for the store to have sold in each of its seven countries (and so at each of its tax rates)
    const first: Order[] = [];
    for (let seed = 11; new Set(first.map((o) => o.ShippingContact.Address.CountryCode)).size < 7; seed++) {
      expect(first.length, 'orders placed to cover the seven countries').toBeLessThan(100);
      first.push(...(await w.clarity.placeOrders(12, { currencies: ['USD', 'EUR', 'GBP'], seed })));
    }
    placed.push(...first);
    await settled(first.map((o) => o.CustomKey));
    const eur = first.find((o) => o.CurrencyKey === 'EUR')!;
    const held = await reviewOf(eur.CustomKey);
    expect(held, 'this database was prepared by an earlier run: use a fresh copy of it').toBeDefined();
    expect(held!.lastError?.message).toContain(`Odoo cannot take orders in EUR for ${odoo.company}`);
    expect(held!.lastError?.message).toContain('activate the currency EUR');
    expect(await saleOrderOf(eur.CustomKey)).toEqual([]);

    const check = await w.cli(['odoo', 'check']);
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/the store sells in EUR, which is not active in Odoo/);
    expect(check.stdout).toMatch(/has no pricelist in GBP/);
    expect(check.stdout).toMatch(/has no \d+(\.\d+)?% sales tax/);

    const prepare = await w.cli(['odoo', 'prepare']);
    expect(prepare.code, prepare.stdout + prepare.stderr).toBe(0);
    expect(prepare.stdout).toContain('activate the currency EUR');
    expect(prepare.stdout).toContain('turn on Pricelists');

    const replay = await w.cli(['jobs', 'replay', '--state', 'review']);
    expect(replay.code, replay.stderr).toBe(0);
    await ordersShow(
      first.map((o) => o.CustomKey),
      ['Confirmed'],
    );
    for (const order of first) await expectInOdooAsInTheStore(w.clarity.store.order(order.CustomKey)!);
  });

  it('takes orders in several currencies and countries with the taxes the store charged, B2B and returning customers', async () => {
    const more = await w.clarity.placeOrders(30, { currencies: ['USD', 'EUR', 'GBP'], seed: 23 });
    placed.push(...more);
    await settled(more.map((o) => o.CustomKey));
    const orders = more.map((o) => w.clarity.store.order(o.CustomKey)!);
    const held = orders.filter((o) => o.StatusKey !== 'Confirmed');
    expect(
      await Promise.all(held.map(async (o) => `${o.CustomKey}: ${(await reviewOf(o.CustomKey))?.lastError?.message}`)),
    ).toEqual([]);
    const countries = new Set(orders.map((o) => o.ShippingContact.Address.CountryCode));
    expect(countries.size).toBeGreaterThanOrEqual(4);
    const partners = new Map<string, number>();
    for (const order of orders) {
      const so = await expectInOdooAsInTheStore(order);
      const email = order.UserEmail!.toLowerCase();
      if (partners.has(email)) expect(so.partner_id[0], `returning customer ${email}`).toBe(partners.get(email));
      partners.set(email, so.partner_id[0]);
    }
    expect(partners.size).toBeLessThan(orders.length); // some customers came back
    // a customer who buys for their company (their own contact names it; a gift's billing contact may name another's)
    const b2b = orders.find((o) => o.ShippingContact.Company && o.BillingContact.Company === o.ShippingContact.Company);
    expect(b2b).toBeDefined();
    const [so] = await saleOrderOf(b2b!.CustomKey);
    const [customer] = await w.erp.read('res.partner', [so!.partner_id[0]], ['parent_id']);
    expect(customer!.parent_id).toEqual([expect.any(Number), b2b!.BillingContact.Company]);
  });

  it('ships back within seconds of validation, with and without a tracking number, and a partial shipment with its backorder', async () => {
    const stock = await lookups.warehouseStockLocation(
      String((await w.erp.searchRead('stock.warehouse', { fields: ['code'], limit: 1 }))[0]!.code),
    );
    // ten confirmed orders with goods to deliver (an order of services only has no delivery)
    const toShip: { order: Order; so: SaleOrder; picking: PickingSummary }[] = [];
    for (const order of placed) {
      const [so] = await saleOrderOf(order.CustomKey);
      const [picking] = so
        ? (await pickingsOfSaleOrder(w.erp, so.id)).filter((p) => p.picking_type_code === 'outgoing')
        : [];
      if (so?.state === 'sale' && picking) toShip.push({ order, so, picking });
      if (toShip.length === 10) break;
    }
    for (const [i, { order, so, picking }] of toShip.entries()) {
      const moves = await movesOfPickings(w.erp, [picking!.id]);
      // stock for what it ships (a consumable needs none: Odoo refuses a count of it)
      const storable = await w.erp.read(
        'product.product',
        moves.map((m) => (m.product_id as [number, string])[0]),
        ['type'],
      );
      for (const product of storable.filter((p) => p.type === 'product')) {
        await setOnHand(w.erp, { productId: product.id, locationId: stock, quantity: 500 });
      }
      await w.erp.call('stock.picking', 'action_assign', [[picking!.id]]);
      const partial = i === 0 && moves.some((m) => m.product_uom_qty > 1);
      const tracking = i % 2 === 0 ? `1Z${order.CustomKey.replace(/\W/g, '')}` : undefined;
      if (tracking) await setTrackingReference(w.erp, picking!.id, tracking);
      const first = moves.find((m) => m.product_uom_qty > 1);
      const started = Date.now();
      await validatePicking(w.erp, picking!.id, partial && first ? { quantities: { [first.id]: 1 } } : {});
      await waitUntil(
        () => w.clarity.store.shipments(order.ID).length > 0,
        60_000,
        `a shipment of ${order.CustomKey} in the store`,
      );
      latencies.push({ picking: picking!.name, tracking: !!tracking, ms: Date.now() - started });
      await waitUntil(
        () => w.clarity.store.order(order.ID)!.StatusKey === (partial ? 'PartiallyShipped' : 'Shipped'),
        30_000,
        `${order.CustomKey} ${partial ? 'PartiallyShipped' : 'Shipped'} in the store`,
      );
      if (tracking) expect(w.clarity.store.shipments(order.ID)[0]!.TrackingNumber).toBe(tracking);
      if (partial) {
        const [backorder] = (await pickingsOfSaleOrder(w.erp, so!.id)).filter(
          (p) => p.picking_type_code === 'outgoing' && p.state !== 'done',
        );
        await w.erp.call('stock.picking', 'action_assign', [[backorder!.id]]);
        await validatePicking(w.erp, backorder!.id);
        await waitUntil(
          () =>
            w.clarity.store.order(order.ID)!.StatusKey === 'Shipped' &&
            w.clarity.store.shipments(order.ID).length === 2,
          60_000,
          'the backorder shipped too',
        );
      }
    }
    expect(await jobs(['--state', 'dead'])).toEqual([]);
  });

  it('cancels an order in Odoo when the store cancels it, and shows an Odoo cancellation in the store', async () => {
    const [storeSide, odooSide] = await w.clarity.placeOrders(2, { currencies: ['USD'], seed: 31 });
    placed.push(storeSide!, odooSide!);
    await settled([storeSide!.CustomKey, odooSide!.CustomKey]);
    w.clarity.editOrder(storeSide!.ID, (o) => void (o.StatusKey = 'Cancelled'));
    await waitUntil(
      async () => (await saleOrderOf(storeSide!.CustomKey))[0]?.state === 'cancel',
      60_000,
      'the Odoo order cancelled',
    );
    const [so] = await saleOrderOf(odooSide!.CustomKey);
    await w.erp.call('sale.order', 'action_cancel', [[so!.id]], {}, { context: { disable_cancel_warning: true } });
    await waitUntil(
      () => w.clarity.store.order(odooSide!.CustomKey)!.StatusKey === 'Cancelled',
      60_000,
      'the store order cancelled',
    );
  });

  it("brings Odoo's price and stock changes to the store", async () => {
    // a product the store sells on its own (not a variant of another)
    const sold = w.clarity.store
      .products()
      .find((p) => p.Active && !p.Variants?.length && !p.CustomKey.startsWith('odoo-'))!;
    const [product] = await w.erp.searchRead('product.product', {
      domain: [['default_code', '=', sold.CustomKey]],
      fields: ['default_code', 'list_price', 'product_tmpl_id'],
      limit: 1,
    });
    const sku = String(product!.default_code);
    const price = Math.round((Number(product!.list_price) + 7.5) * 100) / 100;
    await w.erp.write('product.template', [(product!.product_tmpl_id as [number, string])[0]], { list_price: price });
    await waitUntil(
      () => w.clarity.store.product(sku)?.Price === price,
      60_000,
      `the new price of ${sku} in the store`,
    );
    const stock = await lookups.warehouseStockLocation(
      String((await w.erp.searchRead('stock.warehouse', { fields: ['code'], limit: 1 }))[0]!.code),
    );
    await setOnHand(w.erp, { productId: product!.id, locationId: stock, quantity: 321 });
    await waitUntil(() => w.clarity.store.stockOf(sku) === 321, 60_000, `the new stock level of ${sku} in the store`);
  });

  it('makes a customer created in the store a partner in Odoo', async () => {
    const shop = clarityClientFromSettings({
      url: w.clarity.url,
      clientId: w.clarity.clientId,
      clientSecret: new Secret(w.clarity.clientSecret),
    });
    const email = `${w.prefix.toLowerCase()}new.customer@example.com`;
    await shop.customers.create(
      { CustomKey: `${w.prefix}CUST`, Email: email, FirstName: 'Nora', LastName: 'Novak' },
      { idempotencyKey: `${w.prefix}customer` },
    );
    await shop.close();
    const partner = await waitUntil(
      async () =>
        (await w.erp.searchRead('res.partner', { domain: [['email', '=ilike', email]], fields: ['name'] }))[0],
      60_000,
      'the partner in Odoo',
    );
    expect(partner.name).toBe('Nora Novak');
  });

  it('leaves nothing dead', async () => {
    expect((await jobs(['--state', 'dead'])).map((j) => [j.flow, j.lastError?.message])).toEqual([]);
  });
});
