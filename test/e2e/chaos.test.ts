// Chaos (sizes from CHAOS_SQLITE_ORDERS / CHAOS_POSTGRES_ORDERS, default 1,000 and 300): orders through a bridge that is killed with SIGKILL at three seeded points and restarted, while the Odoo
// sandbox fails 10% of calls (5xx, dropped connections, serialization failures) and the Clarity store answers 429 to
// 10% and delivers webhooks twice and out of order. At the end every order is in Odoo exactly once, shipped back in
// Clarity exactly once, with no duplicate partner and nothing left in dead or review.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OdooClient } from '../../src/connectors/odoo/client.ts';
import { OdooLookups } from '../../src/connectors/odoo/lookups.ts';
import { setOnHand } from '../../src/connectors/odoo/operations/stock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { Secret } from '../../src/core/secret.ts';
import { DemoWarehouse } from '../../src/sandbox/demo/warehouse.ts';
import { seededRandom } from '../../src/sandbox/seed-catalog.ts';
import { runBridge } from '../support/cli.ts';
import { odooRpc } from '../support/odoo-rpc.ts';
import { prepareSandboxOdoo } from '../support/prepare-odoo.ts';
import { freePort, jsonLine, startProcess, type RunningProcess } from '../support/processes.ts';
import { testStoreUrl, waitUntil, type StoreKind } from '../support/stores.ts';

const running: RunningProcess<unknown>[] = [];
afterAll(async () => {
  await Promise.all(running.map((p) => p.kill()));
});

describe.each([
  ['sqlite', Number(process.env.CHAOS_SQLITE_ORDERS ?? 1000)],
  ['postgres', Number(process.env.CHAOS_POSTGRES_ORDERS ?? 300)],
] as [StoreKind, number][])('chaos on %s with %i orders', (kind, count) => {
  it('ends with every order in Odoo once and shipped back once, nothing dead or in review', async () => {
    const dir = mkdtempSync(join(tmpdir(), `bridge-chaos-${kind}-`));
    const store = await testStoreUrl(kind);
    const env = {
      BRIDGE_MASTER_KEY: 'chaos-master-key-0123456789abcdef',
      ODOO_WEBHOOK_TOKEN: 'chaos-odoo-token-0123456789',
      LOG_LEVEL: 'info',
    };
    const [odoo, clarity] = await Promise.all([
      startProcess(['sandbox', 'odoo', '--port', '0', '--json'], { ready: jsonLine<{ url: string }> }),
      startProcess(['sandbox', 'clarity', '--port', '0', '--json', '--webhook-time-scale', '200'], {
        ready: jsonLine<{ url: string }>,
      }),
    ]);
    running.push(odoo, clarity);
    await prepareSandboxOdoo(odoo.info.url);
    const port = await freePort();
    const config = join(dir, 'bridge.config.yaml');
    writeFileSync(
      config,
      [
        `store: { url: "${store.url}" }`,
        `server: { host: 127.0.0.1, port: ${port}, publicUrl: "http://127.0.0.1:${port}" }`,
        'engine: { backoffBaseMs: 50, backoffMaxMs: 1000, leaseMs: 3000, attempts: 30 }',
        'integrations:',
        '  - id: main',
        `    odoo: { url: "${odoo.info.url}", db: sandbox, login: admin, company: "My Company (San Francisco)", apiKey: sandbox-api-key, webhookToken: { env: ODOO_WEBHOOK_TOKEN }, timeoutMs: 3000, pollIntervalMs: 2000, pollOverlapMs: 5000 }`,
        `    clarity: { url: "${clarity.info.url}", clientId: sandbox-client, clientSecret: sandbox-secret, timeoutMs: 3000, pollIntervalMs: 5000 }`,
        // A create whose answer was lost is looked for again after this (longer than any injected slowness).
        '    flows: { order-to-odoo: { unknownOutcomeRetryMs: 6000 } }',
      ].join('\n'),
    );
    const startBridge = async () => {
      const bridge = await startProcess(['--config', config, 'start'], {
        env,
        ready: (line) => (line.includes('bridge started') ? {} : undefined),
      });
      running.push(bridge);
      return bridge;
    };
    let bridge = await startBridge();
    const subscribed = await runBridge(['--config', config, 'clarity', 'subscribe'], { env });
    expect(subscribed.code, subscribed.stderr).toBe(0);
    const hooks = await runBridge(['--config', config, 'odoo', 'setup-webhooks'], { env });
    expect(hooks.code, hooks.stderr).toBe(0);

    // A well-stocked warehouse, so that every order ships whole (no backorder waits for goods that never come).
    const stocker = new OdooClient({
      url: odoo.info.url,
      db: 'sandbox',
      login: 'admin',
      company: 'My Company (San Francisco)',
      apiKey: new Secret('sandbox-api-key'),
    });
    const stockLocation = await new OdooLookups(stocker).warehouseStockLocation('WH');
    for (const product of await stocker.searchRead('product.product', {
      domain: [['default_code', '!=', false]],
      fields: ['id'],
    })) {
      await setOnHand(stocker, { productId: product.id, locationId: stockLocation, quantity: 100_000 });
    }
    await stocker.close();

    // Faults on from here: 10% of Odoo calls fail, 10% of Clarity calls are answered 429, webhooks come twice and reordered.
    await fetch(`${odoo.info.url}/sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ errorRate: 0.04, dropRate: 0.03, serializationFailureRate: 0.03 }),
    });
    await fetch(`${clarity.info.url}/sandbox/switches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rateLimitRate: 0.1, retryAfterSec: 1, duplicateRate: 0.6, reorder: true }),
    });

    const warehouse = new DemoWarehouse({
      client: new OdooClient({
        url: odoo.info.url,
        db: 'sandbox',
        login: 'admin',
        company: 'My Company (San Francisco)',
        apiKey: new Secret('sandbox-api-key'),
        timeoutMs: 3000,
      }),
      delayMs: 200,
      logger: silentLogger(),
    });
    await warehouse.start();
    const placed = (await (
      await fetch(`${clarity.info.url}/sandbox/orders/place`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ count, ratePerSec: count / 20 }),
      })
    ).json()) as { Orders: { CustomKey: string }[] };
    const numbers = new Set(placed.Orders.map((o) => o.CustomKey));
    const shipped = async () =>
      (
        (await (await fetch(`${clarity.info.url}/sandbox/store/orders`)).json()) as {
          CustomKey: string;
          StatusKey: string;
        }[]
      ).filter((o) => numbers.has(o.CustomKey) && o.StatusKey === 'Shipped').length;

    // Three kills at seeded points between 20% and 80% of the orders shipped back.
    const random = seededRandom(kind === 'sqlite' ? 20261125 : 11252026);
    const points = [random(), random(), random()].map((r) => Math.floor(count * (0.2 + r * 0.6))).sort((a, b) => a - b);
    for (const point of points) {
      await waitUntil(async () => (await shipped()) >= point, 240_000, `${point} orders shipped`);
      await bridge.kill();
      const atKill = await shipped();
      expect(atKill).toBeGreaterThanOrEqual(count * 0.2);
      expect(atKill).toBeLessThan(count * 0.8);
      bridge = await startBridge();
    }
    await waitUntil(async () => (await shipped()) === count, 300_000, 'every order shipped back');
    warehouse.stop();

    const odooFaults = (await (await fetch(`${odoo.info.url}/sandbox/counters`)).json()) as Record<string, number>;
    const clarityCounters = (await (await fetch(`${clarity.info.url}/sandbox/counters`)).json()) as Record<
      string,
      number
    >;
    expect(
      (odooFaults.injected_5xx ?? 0) +
        (odooFaults.injected_drops ?? 0) +
        (odooFaults.injected_serialization_failures ?? 0),
    ).toBeGreaterThan(0);
    expect(
      Object.entries(clarityCounters)
        .filter(([k]) => /429|rate/i.test(k))
        .reduce((n, [, v]) => n + v, 0),
    ).toBeGreaterThan(0);

    await fetch(`${odoo.info.url}/sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ errorRate: 0, dropRate: 0, serializationFailureRate: 0 }),
    });
    const execute = odooRpc(odoo.info.url);
    const sales = await execute<{ client_order_ref: string }[]>(
      'sale.order',
      'search_read',
      [[['client_order_ref', 'in', [...numbers]]]],
      { fields: ['client_order_ref'] },
    );
    expect(sales).toHaveLength(count);
    expect(new Set(sales.map((s) => s.client_order_ref)).size).toBe(count);
    const partners = await execute<{ email: string | false }[]>(
      'res.partner',
      'search_read',
      [
        [
          ['email', '!=', false],
          ['type', '=', 'contact'],
        ],
      ],
      { fields: ['email'] },
    );
    const emails = partners.map((p) => String(p.email).toLowerCase());
    expect(emails.length).toBe(new Set(emails).size);
    const shipments = (await (await fetch(`${clarity.info.url}/sandbox/store/shipments`)).json()) as {
      OrderKey: string;
    }[];
    expect(shipments.filter((s) => numbers.has(s.OrderKey))).toHaveLength(count);
    const parked = await runBridge(['--config', config, 'jobs', 'list', '--state', 'dead,review', '--json'], { env });
    expect(JSON.parse(parked.stdout)).toEqual([]);

    await bridge.stop();
    await Promise.all([odoo.stop(), clarity.stop()]);
    await store.drop();
  }, 600_000);
});
