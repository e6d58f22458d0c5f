// All eight steps of the order & fulfillment use case over real HTTP between three processes: the Clarity sandbox,
// the Odoo sandbox and the bridge (`bridge start`), wired by the operator commands `bridge clarity subscribe` and
// `bridge odoo setup-webhooks`. The test then plays the warehouse in Odoo and checks both sides.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OdooClient } from '../../src/connectors/odoo/client.ts';
import { validatePicking } from '../../src/connectors/odoo/operations/pickings.ts';
import { Secret } from '../../src/core/secret.ts';
import { runBridge } from '../support/cli.ts';
import { odooRpc } from '../support/odoo-rpc.ts';
import { prepareSandboxOdoo } from '../support/prepare-odoo.ts';
import { freePort, jsonLine, startProcess, type RunningProcess } from '../support/processes.ts';
import { waitUntil } from '../support/stores.ts';

interface ClarityOrder {
  ID: number;
  CustomKey: string;
  StatusKey: string;
  ErpReference: string | null;
  UserEmail: string;
  CurrencyKey: string;
  Totals: { SubTotal: number; Shipping: number; Discounts: number; Tax: number; Total: number };
  ShippingContact: {
    FirstName: string;
    LastName: string;
    Address: { Street1: string; City: string; PostalCode: string; CountryCode: string };
  };
  SalesItems: { Sku: string; Quantity: number; UnitSoldPrice: number; Discount: number }[];
}

const dir = mkdtempSync(join(tmpdir(), 'bridge-e2e-'));
const env = {
  BRIDGE_MASTER_KEY: 'e2e-master-key-0123456789abcdef',
  ODOO_WEBHOOK_TOKEN: 'e2e-odoo-token-42',
  LOG_LEVEL: 'info',
};
let odoo: RunningProcess<{ url: string }>;
let clarity: RunningProcess<{ url: string }>;
let bridge: RunningProcess<{ url: string }>;
let config: string;

beforeAll(async () => {
  [odoo, clarity] = await Promise.all([
    startProcess(['sandbox', 'odoo', '--port', '0', '--json'], { ready: jsonLine<{ url: string }> }),
    startProcess(['sandbox', 'clarity', '--port', '0', '--json', '--webhook-time-scale', '100'], {
      ready: jsonLine<{ url: string }>,
    }),
  ]);
  await prepareSandboxOdoo(odoo.info.url);
  const port = await freePort();
  config = join(dir, 'bridge.config.yaml');
  writeFileSync(
    config,
    [
      `store: { url: "sqlite:${join(dir, 'bridge.db')}" }`,
      `server: { host: 127.0.0.1, port: ${port}, publicUrl: "http://127.0.0.1:${port}" }`,
      'engine: { backoffBaseMs: 200, backoffMaxMs: 2000 }',
      'integrations:',
      '  - id: main',
      `    odoo: { url: "${odoo.info.url}", db: sandbox, login: admin, company: "My Company (San Francisco)", apiKey: sandbox-api-key, webhookToken: { env: ODOO_WEBHOOK_TOKEN }, pollIntervalMs: 2000 }`,
      `    clarity: { url: "${clarity.info.url}", clientId: sandbox-client, clientSecret: sandbox-secret }`,
    ].join('\n'),
  );
  bridge = await startProcess(['--config', config, 'start'], {
    env,
    ready: (line) => (line.includes('bridge started') ? { url: `http://127.0.0.1:${port}` } : undefined),
  });
  const subscribed = await runBridge(['--config', config, 'clarity', 'subscribe'], { env });
  expect(subscribed.code, subscribed.stderr).toBe(0);
  const hooks = await runBridge(['--config', config, 'odoo', 'setup-webhooks'], { env });
  expect(hooks.code, hooks.stderr).toBe(0);
}, 90_000);

afterAll(async () => {
  await bridge?.stop();
  await Promise.all([odoo?.stop(), clarity?.stop()]);
});

describe('order & fulfillment automation, end to end', () => {
  it('takes a storefront order into Odoo, confirms it, and ships it back to the store with tracking', async () => {
    const execute = odooRpc(odoo.info.url);
    const clarityJson = async <T>(path: string, init?: RequestInit) =>
      (await (await fetch(`${clarity.info.url}${path}`, init)).json()) as T;

    // 0–1. Customers place orders; the store posts order.created to the bridge.
    const placed = await clarityJson<{ Orders: ClarityOrder[] }>('/sandbox/orders/place', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ count: 3 }),
    });
    const numbers = placed.Orders.map((o) => o.CustomKey);

    // 2–4. Each becomes one confirmed sale order with a delivery picking; the store shows Confirmed + the Odoo name.
    const confirmed = await waitUntil(
      async () => {
        const orders = (await clarityJson<ClarityOrder[]>('/sandbox/store/orders')).filter((o) =>
          numbers.includes(o.CustomKey),
        );
        return orders.every((o) => o.StatusKey === 'Confirmed' && o.ErpReference) && orders;
      },
      60_000,
      'orders confirmed in Clarity',
    );
    for (const order of confirmed) {
      const [sale] = await execute<Record<string, unknown>[]>(
        'sale.order',
        'search_read',
        [[['client_order_ref', '=', order.CustomKey]]],
        {
          fields: [
            'name',
            'state',
            'partner_id',
            'partner_shipping_id',
            'order_line',
            'amount_untaxed',
            'amount_tax',
            'amount_total',
            'picking_ids',
            'pricelist_id',
          ],
        },
      );
      expect(
        await execute<unknown[]>('sale.order', 'search_count', [[['client_order_ref', '=', order.CustomKey]]]),
      ).toBe(1);
      expect(sale).toMatchObject({ name: order.ErpReference, state: 'sale' });
      const [partner] = await execute<{ email: string }[]>(
        'res.partner',
        'read',
        [[(sale!.partner_id as [number, string])[0]]],
        { fields: ['email'] },
      );
      expect(partner!.email.toLowerCase()).toBe(order.UserEmail.toLowerCase());
      const [shipTo] = await execute<{ street: string; city: string; zip: string }[]>(
        'res.partner',
        'read',
        [[(sale!.partner_shipping_id as [number, string])[0]]],
        { fields: ['street', 'city', 'zip'] },
      );
      expect(shipTo).toMatchObject({
        street: order.ShippingContact.Address.Street1,
        city: order.ShippingContact.Address.City,
        zip: order.ShippingContact.Address.PostalCode,
      });
      const lines = await execute<{ product_id: [number, string]; product_uom_qty: number; price_unit: number }[]>(
        'sale.order.line',
        'read',
        [sale!.order_line],
        { fields: ['product_id', 'product_uom_qty', 'price_unit'] },
      );
      expect(lines.length).toBe(order.SalesItems.length + (order.Totals.Shipping > 0 ? 1 : 0));
      // Money: Odoo's untaxed amount is the store's subtotal less discounts plus shipping, and it computes tax on it.
      expect(Number(sale!.amount_untaxed)).toBeCloseTo(
        order.Totals.SubTotal - order.Totals.Discounts + order.Totals.Shipping,
        2,
      );
      expect(Number(sale!.amount_total)).toBeCloseTo(Number(sale!.amount_untaxed) + Number(sale!.amount_tax), 2);
      expect((sale!.pricelist_id as [number, string])[1]).toContain(order.CurrencyKey);
      expect((sale!.picking_ids as number[]).length).toBe(1);
    }

    // 5. The warehouse ships each delivery in Odoo with a tracking number.
    const warehouse = new OdooClient({
      url: odoo.info.url,
      db: 'sandbox',
      login: 'admin',
      company: 'My Company (San Francisco)',
      apiKey: new Secret('sandbox-api-key'),
    });
    const sales = await execute<{ id: number; client_order_ref: string; picking_ids: number[] }[]>(
      'sale.order',
      'search_read',
      [[['client_order_ref', 'in', numbers]]],
      { fields: ['client_order_ref', 'picking_ids'] },
    );
    const tracking = new Map<string, string>();
    for (const sale of sales) {
      const pickingId = sale.picking_ids[0]!;
      const ref = `1Z-E2E-${sale.id}`;
      tracking.set(sale.client_order_ref, ref);
      await execute('stock.picking', 'write', [[pickingId], { carrier_tracking_ref: ref }]);
      // As a person in Odoo would: validate, answering the dialogs Odoo may show (the SMS question here).
      const result = await validatePicking(warehouse, pickingId);
      expect(result.backorderIds).toEqual([]);
    }

    // 6–7. The bridge sees the pickings done and posts shipments; the store shows Shipped with the tracking numbers.
    await waitUntil(
      async () => {
        const orders = (await clarityJson<ClarityOrder[]>('/sandbox/store/orders')).filter((o) =>
          numbers.includes(o.CustomKey),
        );
        return orders.every((o) => o.StatusKey === 'Shipped');
      },
      60_000,
      'orders shipped in Clarity',
    );
    const shipments = (
      await clarityJson<{ OrderKey: string; TrackingNumber: string; Items: { Sku: string; Quantity: number }[] }[]>(
        '/sandbox/store/shipments',
      )
    ).filter((s) => numbers.includes(s.OrderKey));
    expect(shipments).toHaveLength(3);
    for (const shipment of shipments) {
      expect(shipment.TrackingNumber).toBe(tracking.get(shipment.OrderKey));
      const order = confirmed.find((o) => o.CustomKey === shipment.OrderKey)!;
      expect(shipment.Items.map((i) => [i.Sku, i.Quantity]).sort()).toEqual(
        order.SalesItems.map((i) => [i.Sku, i.Quantity]).sort(),
      );
    }

    await warehouse.close();

    // The trace of an order is there for an operator.
    const trace = await runBridge(['--config', config, 'orders', 'trace', numbers[0]!], { env });
    expect(trace.code, trace.stderr).toBe(0);
    expect(trace.stdout).toContain(numbers[0]!);
    expect(trace.stdout).toContain('order-to-odoo');
    expect(trace.stdout).toContain('fulfillment-to-clarity');
  }, 180_000);
});
