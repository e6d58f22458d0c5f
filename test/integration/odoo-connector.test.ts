// The Odoo connector over real HTTP against the Odoo sandbox, for each version 16–19 and each transport
// (JSON-RPC everywhere, JSON-2 on 19): calls, the version map, lookups, external ids and every operation the flows need.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BusinessError } from '../../src/core/errors.ts';
import { startOdooSandbox, type OdooSandbox } from '../../src/sandbox/odoo/index.ts';
import {
  OdooClient,
  OdooLookups,
  activateCurrency,
  createPricelist,
  enablePricelists,
  findCurrency,
  pricelistsEnabled,
  bindExternalId,
  cancelSaleOrder,
  createReturn,
  createSaleOrder,
  createSaleOrders,
  confirmSaleOrders,
  externalIdName,
  externalIdsOf,
  findExternalId,
  findSaleOrderByClientRef,
  findSaleOrdersByClientRef,
  invoiceAndPay,
  m2oId,
  movesOfPickings,
  onHand,
  pickingsOfSaleOrder,
  readSaleOrders,
  setOnHand,
  setTrackingReference,
  validatePicking,
  x2many,
  type OdooVersion,
  type TransportKind,
} from '../../src/connectors/odoo/index.ts';

const COMBOS: { version: OdooVersion; transport: TransportKind }[] = [
  { version: 16, transport: 'jsonrpc' },
  { version: 17, transport: 'jsonrpc' },
  { version: 18, transport: 'jsonrpc' },
  { version: 19, transport: 'jsonrpc' },
  { version: 19, transport: 'json2' },
];

let seq = 0;
const unique = (prefix: string) => `${prefix}-${process.pid}-${++seq}`;

describe.each(COMBOS)('Odoo $version over $transport', ({ version, transport }) => {
  let sandbox: OdooSandbox;
  let client: OdooClient;
  let lookups: OdooLookups;
  let customerId: number;
  /** Storable products with stock: [id, sku]. */
  let products: { id: number; sku: string }[];
  let stockLocationId: number;

  beforeAll(async () => {
    sandbox = await startOdooSandbox({ version, port: 0, products: 40 });
    client = new OdooClient({
      url: sandbox.url,
      db: sandbox.db,
      login: sandbox.login,
      company: sandbox.company,
      apiKey: sandbox.apiKey,
      transport: 'auto',
      readRetries: 0,
    });
    if (transport === 'jsonrpc' && version === 19) {
      await client.close();
      client = new OdooClient({
        url: sandbox.url,
        db: sandbox.db,
        login: sandbox.login,
        company: sandbox.company,
        apiKey: sandbox.apiKey,
        transport: 'jsonrpc',
        readRetries: 0,
      });
    }
    lookups = new OdooLookups(client);
    customerId = await client.create('res.partner', {
      name: unique('Customer'),
      email: `${unique('c')}@example.com`,
      phone: '+1 555 0100',
    });
    stockLocationId = await lookups.warehouseStockLocation('WH');
    const storable = await client.searchRead('product.product', {
      domain: [
        ['type', '=', 'product'],
        ['default_code', '!=', false],
      ],
      fields: ['default_code', 'type'],
      limit: 4,
      order: 'id asc',
    });
    products = storable.map((p) => ({ id: p.id, sku: String(p.default_code) }));
    // a fresh Odoo takes USD only: what `bridge odoo prepare` does for a store selling in EUR
    const eur = (await findCurrency(client, 'EUR'))!;
    await activateCurrency(client, eur.id);
    if (!(await pricelistsEnabled(client))) await enablePricelists(client);
    await createPricelist(client, 'EUR', eur.id);
    for (const p of products) await setOnHand(client, { productId: p.id, locationId: stockLocationId, quantity: 100 });
  });

  afterAll(async () => {
    await client?.close();
    await sandbox?.close();
  });

  it('detects the version, picks the transport and resolves the uid once', async () => {
    const connection = await client.connect();
    expect(connection.version).toBe(version);
    expect(connection.transport).toBe(transport);
    expect(connection.uid).toBeGreaterThan(0);
    expect(products).toHaveLength(4);
  });

  it('searchRead, read (a missing id is absent), create one or many, write, unlink', async () => {
    const [a, b] = await client.create('res.partner', [
      { name: unique('A') },
      { name: unique('B'), email: 'b@example.com' },
    ]);
    expect(typeof a).toBe('number');
    await client.write('res.partner', [a!], { city: 'Lyon' });
    const read = await client.read('res.partner', [a!, b!, 99_999_999], ['name', 'city', 'email']);
    expect(read.map((r) => r.id)).toEqual([a, b]);
    expect(read[0]).toMatchObject({ city: 'Lyon' });
    expect(read[1]).toMatchObject({ email: 'b@example.com' });
    const found = await client.searchRead('res.partner', {
      domain: [['email', '=ilike', 'B@EXAMPLE.COM']],
      fields: ['name'],
      limit: 5,
    });
    expect(found.map((r) => r.id)).toContain(b);
    expect(await client.searchCount('res.partner', [['id', 'in', [a!, b!]]])).toBe(2);
    await client.unlink('res.partner', [b!]);
    expect(await client.read('res.partner', [b!], ['name'])).toEqual([]);
  });

  it('walks every record once by (write_date, id), across pages', async () => {
    const all = await client.search('res.partner', []);
    const seen: number[] = [];
    for await (const record of client.iterate('res.partner', { fields: ['name'], pageSize: 7 })) seen.push(record.id);
    expect(seen.sort((x, y) => x - y)).toEqual([...all].sort((x, y) => x - y));
  });

  it('writes and reads concepts in the version’s own fields (product type, line taxes and unit)', async () => {
    const productId = await client.create('product.product', {
      name: unique('Storable'),
      default_code: unique('SKU'),
      type: 'product',
      list_price: 10,
    });
    const [concept] = await client.read('product.product', [productId], ['type', 'default_code']);
    expect(concept!.type).toBe('product');
    const [raw] = await client.read(
      'product.product',
      [productId],
      version >= 18 ? ['type', 'is_storable'] : ['type'],
      { raw: true },
    );
    expect(raw).toMatchObject(version >= 18 ? { type: 'consu', is_storable: true } : { type: 'product' });

    const tax = await lookups.tax({ amount: 15 });
    const orderId = await createSaleOrder(client, {
      partner_id: customerId,
      client_order_ref: unique('CLR'),
      order_line: [
        x2many.create({ product_id: productId, product_uom_qty: 2, price_unit: 100, tax_id: [x2many.set([tax])] }),
      ],
    });
    const [order] = await client.read('sale.order', [orderId], ['order_line', 'amount_untaxed', 'amount_tax']);
    expect(order).toMatchObject({ amount_untaxed: 200, amount_tax: 30 });
    const [line] = await client.read('sale.order.line', order!.order_line as number[], ['tax_id', 'product_uom']);
    expect(line!.tax_id).toEqual([tax]);
    expect(m2oId(line!.product_uom)).toBeGreaterThan(0);
    const [rawLine] = await client.read(
      'sale.order.line',
      order!.order_line as number[],
      [version === 19 ? 'tax_ids' : 'tax_id'],
      { raw: true },
    );
    expect(rawLine![version === 19 ? 'tax_ids' : 'tax_id']).toEqual([tax]);
  });

  it('lookups: country, state, currency, SKU, tax, carrier, pricelist, warehouse; an unknown key names itself', async () => {
    const [us, state, eur, sku, carrier, pricelist] = await Promise.all([
      lookups.country('us'),
      lookups.state('US', 'CA'),
      lookups.currency('EUR'),
      lookups.productBySku(products[0]!.sku.toLowerCase()),
      lookups.carrier('Standard delivery'),
      lookups.pricelist('EUR'),
    ]);
    expect(us).toBeGreaterThan(0);
    const [stateRecord] = await client.read('res.country.state', [state], ['code', 'country_id']);
    expect(stateRecord).toMatchObject({ code: 'CA' });
    expect(m2oId(stateRecord!.country_id)).toBe(us);
    expect(eur).toBeGreaterThan(0);
    expect(sku).toBe(products[0]!.id);
    expect(carrier).toBeGreaterThan(0);
    expect(pricelist).toBeGreaterThan(0);
    await expect(lookups.productBySku('NO-SUCH-SKU_%')).rejects.toThrow(BusinessError);
    await expect(lookups.productBySku('NO-SUCH-SKU_%')).rejects.toThrow(/"NO-SUCH-SKU_%"/);
  });

  it('external ids under __bridge__: bind, find, reverse lookup, idempotent rebind, conflict', async () => {
    const name = externalIdName('main', 'order', unique('1001'));
    const orderId = await createSaleOrder(client, {
      partner_id: customerId,
      order_line: [x2many.create({ product_id: products[0]!.id, product_uom_qty: 1 })],
    });
    const bound = await bindExternalId(client, name, 'sale.order', orderId);
    expect(bound.completeName).toBe(`__bridge__.${name}`);
    expect(await findExternalId(client, name)).toMatchObject({ model: 'sale.order', resId: orderId });
    expect((await externalIdsOf(client, 'sale.order', orderId)).map((x) => x.name)).toEqual([name]);
    expect((await bindExternalId(client, name, 'sale.order', orderId)).id).toBe(bound.id);
    await expect(bindExternalId(client, name, 'sale.order', orderId + 1)).rejects.toThrow(BusinessError);
  });

  it('creates and confirms orders one at a time and as a list in one call; finds them by client_order_ref', async () => {
    const single = await createSaleOrder(
      client,
      {
        partner_id: customerId,
        client_order_ref: unique('ONE'),
        order_line: [x2many.create({ product_id: products[0]!.id, product_uom_qty: 1 })],
      },
      { confirm: true },
    );
    const refs = [unique('B'), unique('B'), unique('B')];
    const ids = await createSaleOrders(
      client,
      refs.map((ref) => ({
        partner_id: customerId,
        client_order_ref: ref,
        order_line: [x2many.create({ product_id: products[1]!.id, product_uom_qty: 1 })],
      })),
    );
    expect(ids).toHaveLength(3);
    await confirmSaleOrders(client, ids);
    const orders = await readSaleOrders(client, [single, ...ids]);
    expect(orders.map((o) => o.state)).toEqual(['sale', 'sale', 'sale', 'sale']);
    expect(orders.every((o) => o.picking_ids.length === 1 && o.locked === false)).toBe(true);
    const byRef = await findSaleOrdersByClientRef(client, [...refs, 'NOPE']);
    expect([...byRef.keys()].sort()).toEqual([...refs].sort());
    expect(byRef.get(refs[1]!)!.id).toBe(ids[1]);
    expect(await findSaleOrderByClientRef(client, unique('MISS'))).toBeUndefined();
    await expect(confirmSaleOrders(client, [single])).rejects.toThrow(BusinessError);
  });

  it('reads pickings and moves, ships part with a backorder (through the SMS question), then the rest', async () => {
    const orderId = await createSaleOrder(
      client,
      {
        partner_id: customerId,
        client_order_ref: unique('SHIP'),
        order_line: [x2many.create({ product_id: products[2]!.id, product_uom_qty: 2 })],
      },
      { confirm: true },
    );
    const [picking] = await pickingsOfSaleOrder(client, orderId);
    expect(picking).toMatchObject({ state: 'assigned', picking_type_code: 'outgoing' });
    const [move] = await movesOfPickings(client, [picking!.id]);
    expect(move).toMatchObject({ product_uom_qty: 2, picked: false });
    if (version >= 17) expect(move!.quantity).toBe(2);
    await setTrackingReference(client, picking!.id, '1Z999');
    const before = (await onHand(client, [products[2]!.id], stockLocationId)).get(products[2]!.id)!;

    const partial = await validatePicking(client, picking!.id, { quantities: { [move!.id]: 1 } });
    // fixture 14: the backorder question, then (first time, partner with a phone) the SMS question
    expect(partial.wizards).toEqual(['stock.backorder.confirmation', 'confirm.stock.sms']);
    expect(partial.backorderIds).toHaveLength(1);
    const pickings = await pickingsOfSaleOrder(client, orderId);
    expect(pickings.map((p) => p.state)).toEqual(['done', 'assigned']);
    expect(pickings[0]!.carrier_tracking_ref).toBe('1Z999');
    expect((await onHand(client, [products[2]!.id], stockLocationId)).get(products[2]!.id)).toBe(before - 1);

    const rest = await validatePicking(client, partial.backorderIds[0]!);
    expect(rest).toEqual({ wizards: [], backorderIds: [] });
    expect((await pickingsOfSaleOrder(client, orderId)).map((p) => p.state)).toEqual(['done', 'done']);
    expect((await onHand(client, [products[2]!.id], stockLocationId)).get(products[2]!.id)).toBe(before - 2);
  });

  it('sets an absolute on-hand quantity (repeating it changes nothing)', async () => {
    const productId = products[3]!.id;
    await setOnHand(client, { productId, locationId: stockLocationId, quantity: 42 });
    expect((await onHand(client, [productId], stockLocationId)).get(productId)).toBe(42);
    await setOnHand(client, { productId, locationId: stockLocationId, quantity: 42 });
    expect((await onHand(client, [productId], stockLocationId)).get(productId)).toBe(42);
    await setOnHand(client, { productId, locationId: stockLocationId, quantity: 7 });
    expect((await onHand(client, [productId], stockLocationId)).get(productId)).toBe(7);
  });

  it('invoices a delivered order, registers the payment, and returns part of the delivery', async () => {
    const orderId = await createSaleOrder(
      client,
      {
        partner_id: customerId,
        client_order_ref: unique('INV'),
        order_line: [
          x2many.create({ product_id: products[0]!.id, product_uom_qty: 3, price_unit: 320 }),
          x2many.create({ product_id: products[1]!.id, product_uom_qty: 2, price_unit: 140, discount: 10 }),
        ],
      },
      { confirm: true },
    );
    const [picking] = await pickingsOfSaleOrder(client, orderId);
    await validatePicking(client, picking!.id);
    const { invoiceIds, paymentId } = await invoiceAndPay(client, orderId);
    expect(paymentId).toBeGreaterThan(0);
    const [invoice] = await client.read('account.move', invoiceIds, [
      'state',
      'payment_state',
      'amount_residual',
      'amount_untaxed',
    ]);
    expect(invoice).toMatchObject({ state: 'posted', payment_state: 'paid', amount_residual: 0, amount_untaxed: 1212 });

    const returnId = await createReturn(client, picking!.id, [{ productId: products[0]!.id, quantity: 1 }]);
    const [returned] = await client.read('stock.picking', [returnId], ['state', 'return_id', 'move_ids']);
    expect(m2oId(returned!.return_id)).toBe(picking!.id);
    const returnMoves = await movesOfPickings(client, [returnId]);
    expect(returnMoves.map((m) => [m2oId(m.product_id), m.product_uom_qty])).toEqual([[products[0]!.id, 1]]);
    await validatePicking(client, returnId);
    const lines = await client.searchRead('sale.order.line', {
      domain: [['order_id', '=', orderId]],
      fields: ['product_id', 'qty_delivered'],
      order: 'id asc',
    });
    expect(lines.map((l) => l.qty_delivered)).toEqual([2, 2]);
  });

  it('cancels a quotation and a confirmed order; a locked order refuses', async () => {
    const draft = await createSaleOrder(client, {
      partner_id: customerId,
      order_line: [x2many.create({ product_id: products[0]!.id, product_uom_qty: 1 })],
    });
    const confirmed = await createSaleOrder(
      client,
      { partner_id: customerId, order_line: [x2many.create({ product_id: products[0]!.id, product_uom_qty: 1 })] },
      { confirm: true },
    );
    await cancelSaleOrder(client, draft);
    await cancelSaleOrder(client, confirmed);
    expect((await readSaleOrders(client, [draft, confirmed])).map((o) => o.state)).toEqual(['cancel', 'cancel']);
    const shipped = await createSaleOrder(
      client,
      { partner_id: customerId, order_line: [x2many.create({ product_id: products[0]!.id, product_uom_qty: 1 })] },
      { confirm: true },
    );
    const [picking] = await pickingsOfSaleOrder(client, shipped);
    await validatePicking(client, picking!.id);
    // a locked order: state `done` on 16 (action_done), the `locked` flag on 17+ (action_lock)
    await client.call('sale.order', version === 16 ? 'action_done' : 'action_lock', [[shipped]]);
    const [locked] = await readSaleOrders(client, [shipped]);
    expect(locked).toMatchObject({ state: 'sale', locked: true });
    await expect(cancelSaleOrder(client, shipped)).rejects.toThrow(BusinessError);
  });
});
