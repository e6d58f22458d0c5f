// Change detection against the Odoo sandbox: the write_date poller (every version), the automation webhooks that
// `bridge odoo setup-webhooks` installs and the receiver that turns their POSTs into hints (17+), and `bridge odoo check`.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeEvent } from '../../src/core/event.ts';
import { isOlderVersion, normalizeStamp, recordVersion } from '../../src/core/ids.ts';
import { Secret } from '../../src/core/secret.ts';
import { startOdooSandbox, type OdooSandbox } from '../../src/sandbox/odoo/index.ts';
import {
  OdooClient,
  OdooLookups,
  checkOdoo,
  compareWithHint,
  createOdooPoller,
  createOdooWebhookReceiver,
  createSaleOrder,
  isOdooHint,
  memoryCheckpoint,
  odooWebhookHttpHandler,
  odooWebhookPath,
  pickingsOfSaleOrder,
  setOnHand,
  setupOdooWebhooks,
  validatePicking,
  x2many,
  type OdooVersion,
  type TransportKind,
} from '../../src/connectors/odoo/index.ts';

const COMBOS: { version: OdooVersion; transport: TransportKind }[] = [
  { version: 16, transport: 'jsonrpc' },
  { version: 17, transport: 'jsonrpc' },
  { version: 18, transport: 'jsonrpc' },
  { version: 19, transport: 'json2' },
];

async function until<T>(probe: () => T | undefined, ms = 3_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(COMBOS)('Odoo $version over $transport: change detection', ({ version, transport }) => {
  let sandbox: OdooSandbox;
  let client: OdooClient;

  beforeAll(async () => {
    sandbox = await startOdooSandbox({ version, port: 0, products: 10 });
    client = new OdooClient({
      url: sandbox.url,
      db: sandbox.db,
      login: sandbox.login,
      company: sandbox.company,
      apiKey: sandbox.apiKey,
      transport,
    });
  });
  afterAll(async () => {
    await client?.close();
    await sandbox?.close();
  });

  it('polls changes by write_date: each change once, its cursor in the checkpoint, the overlap deduplicated', async () => {
    const tag = `poll-${version}-${transport}`;
    const checkpoint = memoryCheckpoint();
    const events: BridgeEvent[] = [];
    const poller = createOdooPoller({
      client,
      integrationId: 'main',
      model: 'res.partner',
      fields: ['name', 'email'],
      domain: [['name', '=like', `${tag}%`]],
      checkpoint,
      onEvent: (e) => void events.push(e),
      startAt: '2000-01-01 00:00:00',
      pageSize: 2,
    });
    const ids = await client.create('res.partner', [{ name: `${tag} a` }, { name: `${tag} b` }, { name: `${tag} c` }]);
    expect((await poller.pollOnce()).emitted).toBe(3);
    expect(events.map((e) => Number(e.entityId)).sort()).toEqual([...ids].sort());
    expect(events[0]).toMatchObject({
      integrationId: 'main',
      source: 'odoo',
      type: 'res.partner.changed',
      entity: 'res.partner',
    });
    expect(events[0]!.version).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[0-9a-f]{12}$/);
    expect(JSON.parse(checkpoint.values.get(poller.checkpointKey)!).writeDate).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/,
    );

    const again = await poller.pollOnce();
    expect(again).toMatchObject({ emitted: 0 });
    expect(again.duplicates).toBeGreaterThanOrEqual(3);

    await client.write('res.partner', [ids[1]!], { email: 'changed@example.com' });
    const changed = await poller.pollOnce();
    expect(changed.emitted).toBe(1);
    const last = events[events.length - 1]!;
    expect(last.entityId).toBe(String(ids[1]));
    expect(last.payload).toMatchObject({ email: 'changed@example.com' });

    // a new poller from the same checkpoint (a restart) emits nothing old
    const restarted = createOdooPoller({
      client,
      integrationId: 'main',
      model: 'res.partner',
      fields: ['name', 'email'],
      domain: [['name', '=like', `${tag}%`]],
      checkpoint,
      onEvent: (e) => void events.push(e),
    });
    expect((await restarted.pollOnce()).emitted).toBe(0);
  });

  it('bridge odoo check: version, transport and access to the models the flows use', async () => {
    const report = await checkOdoo(client);
    expect(report.version).toBe(version);
    expect(report.transport).toBe(transport);
    expect(report.access.map((a) => a.model)).toEqual(
      expect.arrayContaining(['sale.order', 'stock.picking', 'stock.quant', 'ir.model.data']),
    );
    // the sandbox answers neither check_access_rights nor has_access (nor lists modules): the report says so
    // instead of claiming access; against a real Odoo every needed operation reads true
    const saleOrder = report.access.find((a) => a.model === 'sale.order')!;
    if (saleOrder.operations.read === 'unknown') {
      expect(report.problems.some((p) => p.includes('read (unknown)') && p.includes('sale.order'))).toBe(true);
    } else {
      expect(report.access.filter((a) => !a.optional).every((a) => a.ok)).toBe(true);
    }
    if (report.modules.length) expect(report.modules.filter((m) => m.required).every((m) => m.installed)).toBe(true);
    else expect(report.problems.some((p) => p.startsWith('cannot list modules'))).toBe(true);
  });

  it('webhooks: setup creates the rule (17+; 16 refuses), Odoo posts when a picking is done, the hint is checked against the read', async () => {
    if (version < 17) {
      await expect(setupOdooWebhooks(client, { url: 'http://127.0.0.1:1/webhooks/odoo/main/x' })).rejects.toThrow(
        /came with 17/,
      );
      return;
    }
    const token = `tok-${version}-a81f3c9e55d24b7e`;
    const events: BridgeEvent[] = [];
    const receiver = createOdooWebhookReceiver({
      integrationId: 'main',
      token: new Secret(token),
      onEvent: (e) => void events.push(e),
    });
    const server: Server = createServer(odooWebhookHttpHandler(receiver, '/webhooks/odoo/main'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${odooWebhookPath('main', token)}`;
      const first = await setupOdooWebhooks(client, { url });
      expect(first.rules.every((r) => r.created)).toBe(true);
      const second = await setupOdooWebhooks(client, { url });
      expect(second.rules.map((r) => [r.actionId, r.automationId, r.created])).toEqual(
        first.rules.map((r) => [r.actionId, r.automationId, false]),
      );

      const lookups = new OdooLookups(client);
      const [product] = await client.searchRead('product.product', {
        domain: [['type', '=', 'product']],
        fields: ['name'],
        limit: 1,
      });
      await setOnHand(client, {
        productId: product!.id,
        locationId: await lookups.warehouseStockLocation('WH'),
        quantity: 10,
      });
      const customer = await client.create('res.partner', { name: 'Webhook customer' });
      const orderId = await createSaleOrder(
        client,
        { partner_id: customer, order_line: [x2many.create({ product_id: product!.id, product_uom_qty: 1 })] },
        { confirm: true },
      );
      const [picking] = await pickingsOfSaleOrder(client, orderId);
      const [assigned] = await client.read('stock.picking', [picking!.id], ['write_date']);
      await validatePicking(client, picking!.id);

      const hintEvent = await until(() =>
        events.find((e) => e.entity === 'stock.picking' && e.entityId === String(picking!.id)),
      );
      expect(isOdooHint(hintEvent.payload)).toBe(true);
      if (!isOdooHint(hintEvent.payload)) return;
      expect(hintEvent.payload.values.state).toBe('done');
      const [record] = await client.read(
        'stock.picking',
        [picking!.id],
        ['state', 'name', 'origin', 'carrier_tracking_ref', 'sale_id', 'write_date'],
      );
      expect(compareWithHint(hintEvent.payload, record!)).toEqual({ committed: true });
      // As a real Odoo does (fixture 25), the hint carries the write_date the picking had before its validation
      // (its state is computed from the moves); its version is a lower bound, never newer than the poller's.
      expect(hintEvent.payload.values.write_date).toBe(assigned!.write_date);
      expect(hintEvent.version.startsWith(normalizeStamp(String(assigned!.write_date)))).toBe(true);
      expect(isOlderVersion(recordVersion(String(record!.write_date), record), hintEvent.version)).toBe(false);
    } finally {
      server.close();
    }
  });
});
