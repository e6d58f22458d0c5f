// Orders end to end against the Odoo sandbox's cost model (a real Odoo 17 with 2 workers, time-scalable):
// orders/s batched (a burst of 2,000 orders) and single (200 orders, batching off, one Odoo call at a time), the
// sandbox's own capacity (a bare client creating and confirming batches of 50), and, at a steady rate after the
// burst (its catalog and customer echoes still draining), the latencies webhook → confirmed and picking done →
// shipment posted to Clarity. Options: --orders N, --single N, --steady N (orders), --rate R (orders/s),
// --pickings N, --time-scale X (default 2, so the whole bench ends within 5 minutes).
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { createBridge, type Bridge } from '../src/bridge.ts';
import { parseConfig } from '../src/config/load.ts';
import { subscribeWebhooks } from '../src/connectors/clarity/subscribe.ts';
import { setupOdooWebhooks } from '../src/connectors/odoo/setup-webhooks.ts';
import { odooWebhookPath } from '../src/connectors/odoo/webhook.ts';
import { OdooClient } from '../src/connectors/odoo/client.ts';
import { validatePicking } from '../src/connectors/odoo/operations/pickings.ts';
import { Secret } from '../src/core/secret.ts';
import { silentLogger } from '../src/core/logger.ts';
import type { FlowDefinition } from '../src/flows/flow.ts';
import { FLOWS } from '../src/flows/registry.ts';
import { odooRpc } from '../test/support/odoo-rpc.ts';
import { prepareSandboxOdoo } from '../test/support/prepare-odoo.ts';
import { jsonLine, startProcess, type RunningProcess } from '../test/support/processes.ts';
import { makeTestStore } from '../test/support/stores.ts';
import type { BenchContext } from './main.ts';

const MASTER_KEY = 'bench-master-key-0123456789abcdef';
const TOKEN = 'bench-odoo-token';

interface Sandboxes {
  odoo: RunningProcess<{ url: string }>;
  clarity: RunningProcess<{ url: string }>;
}

async function sandboxes(timeScale: number): Promise<Sandboxes> {
  const [odoo, clarity] = await Promise.all([
    startProcess(['sandbox', 'odoo', '--port', '0', '--json', '--cost-model', '--time-scale', String(timeScale)], {
      ready: jsonLine<{ url: string }>,
    }),
    startProcess(['sandbox', 'clarity', '--port', '0', '--json'], { ready: jsonLine<{ url: string }> }),
  ]);
  await prepareSandboxOdoo(odoo.info.url);
  return { odoo, clarity };
}

/** A bare client: create 50 orders in one call and confirm them in one call, one batch at a time. */
async function capacity(odooUrl: string, orders: number): Promise<number> {
  const execute = odooRpc(odooUrl);
  const [partner] = await execute<{ id: number }[]>('res.partner', 'search_read', [[['customer_rank', '>=', 0]]], {
    fields: ['id'],
    limit: 1,
  });
  const products = await execute<{ id: number }[]>(
    'product.product',
    'search_read',
    [[['default_code', '!=', false]]],
    { fields: ['id'], limit: 10 },
  );
  const started = performance.now();
  for (let done = 0; done < orders; done += 50) {
    const values = Array.from({ length: 50 }, (_, i) => ({
      partner_id: partner!.id,
      client_order_ref: `CAP-${done + i}`,
      order_line: [0, 1].map((k) => [
        0,
        0,
        { product_id: products[(i + k) % products.length]!.id, product_uom_qty: 1 + k },
      ]),
    }));
    const ids = await execute<number[]>('sale.order', 'create', [values]);
    await execute('sale.order', 'action_confirm', [ids]);
  }
  return orders / ((performance.now() - started) / 1000);
}

const placeOrders = (clarityUrl: string, body: { count: number; ratePerSec?: number }) =>
  fetch(`${clarityUrl}/sandbox/orders/place`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const doneOrders = async (bridge: Bridge): Promise<number> =>
  Number(
    (
      await sql<{
        n: number;
      }>`select count(*) as n from jobs where flow = 'order-to-odoo' and state = 'done' and outcome = 'applied'`.execute(
        bridge.engine.store.db,
      )
    ).rows[0]!.n,
  );

async function waitForOrders(bridge: Bridge, count: number): Promise<void> {
  while ((await doneOrders(bridge)) < count) await new Promise((r) => setTimeout(r, 250));
}

async function runOrders(
  ctx: BenchContext,
  s: Sandboxes,
  flows: readonly FlowDefinition[],
  count: number,
  odooConcurrency: number,
): Promise<{ rate: number; bridge: Bridge; cleanup: () => Promise<void> }> {
  const t = await makeTestStore('sqlite');
  process.env.BRIDGE_MASTER_KEY = MASTER_KEY;
  const config = parseConfig({
    server: { host: '127.0.0.1', port: 0 },
    engine: { backoffBaseMs: 200, backoffMaxMs: 5000 },
    integrations: [
      {
        id: 'main',
        odoo: {
          url: s.odoo.info.url,
          db: 'sandbox',
          login: 'admin',
          company: 'My Company (San Francisco)',
          apiKey: 'sandbox-api-key',
          webhookToken: TOKEN,
        },
        clarity: { url: s.clarity.info.url, clientId: 'sandbox-client', clientSecret: 'sandbox-secret' },
        limits: { odoo: { concurrency: odooConcurrency } },
      },
    ],
  });
  const bridge = await createBridge(config, { logger: silentLogger(), store: t.store, flows });
  await bridge.start();
  const runtime = bridge.integrations.get('main')!;
  await subscribeWebhooks(
    runtime.clarity,
    { integrationId: 'main', publicUrl: bridge.url!, masterKey: MASTER_KEY, events: ['order.created'] },
    { saveSecret: (i, n, c) => bridge.engine.repos.secrets.save(i, n, c) },
  );
  await setupOdooWebhooks(runtime.odoo.client, { url: `${bridge.url}${odooWebhookPath('main', TOKEN)}` });
  ctx.note(`placing ${count} orders at once`);
  await placeOrders(s.clarity.info.url, { count });
  await waitForOrders(bridge, count);
  const span = await sql<{ first: number; last: number }>`
    select (select min(received_at) from events where type = 'order.created') as first,
           (select max(finished_at) from jobs where flow = 'order-to-odoo' and outcome = 'applied') as last`.execute(
    t.store.db,
  );
  const { first, last } = span.rows[0]!;
  return {
    rate: count / ((Number(last) - Number(first)) / 1000),
    bridge,
    cleanup: async () => {
      await bridge.stop(2000);
      await t.cleanup();
    },
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

/** Webhook received → sale order confirmed in Odoo, for the orders received since `since`. */
async function confirmLatencies(bridge: Bridge, since: number): Promise<number[]> {
  const rows = await sql<{ ms: number }>`
    select j.finished_at - e.received_at as ms from jobs j join events e on e.id = j.event_id
    where j.flow = 'order-to-odoo' and j.outcome = 'applied' and e.type = 'order.created' and e.received_at >= ${since}`.execute(
    bridge.engine.store.db,
  );
  return rows.rows.map((r) => Number(r.ms));
}

/**
 * Ships pickings one at a time as the warehouse does (tracking number, then validate through Odoo's dialogs) and
 * times each until the shipment job of that very picking has posted it to Clarity.
 */
async function shipPickings(bridge: Bridge, odooUrl: string, orderNumbers: readonly string[]): Promise<number[]> {
  const execute = odooRpc(odooUrl);
  const warehouse = new OdooClient({
    url: odooUrl,
    db: 'sandbox',
    login: 'admin',
    company: 'My Company (San Francisco)',
    apiKey: new Secret('sandbox-api-key'),
  });
  const pickings = await execute<{ id: number }[]>(
    'stock.picking',
    'search_read',
    [
      [
        ['state', '=', 'assigned'],
        ['picking_type_code', '=', 'outgoing'],
        ['sale_id.client_order_ref', 'in', [...orderNumbers]],
      ],
    ],
    { fields: ['id'] },
  );
  const shipMs: number[] = [];
  try {
    for (const picking of pickings) {
      await execute('stock.picking', 'write', [[picking.id], { carrier_tracking_ref: `1Z-BENCH-${picking.id}` }]);
      await validatePicking(warehouse, picking.id);
      const validated = Date.now();
      for (;;) {
        if (Date.now() > validated + 60_000)
          throw new Error(`picking ${picking.id}: its shipment was not posted to Clarity within 60 s`);
        const row = await sql<{ finished: number | null }>`
          select min(j.finished_at) as finished from jobs j join events e on e.id = j.event_id
          where j.flow = 'fulfillment-to-clarity' and j.state = 'done' and j.outcome = 'applied'
            and e.entity = 'stock.picking' and e.entity_id = ${String(picking.id)}`.execute(bridge.engine.store.db);
        const finished = row.rows[0]?.finished;
        if (finished) {
          shipMs.push(Number(finished) - validated);
          break;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    }
  } finally {
    await warehouse.close();
  }
  return shipMs;
}

export default async function ordersBench(ctx: BenchContext): Promise<void> {
  const orders = Number(ctx.options.orders ?? 2000);
  const singles = Number(ctx.options.single ?? 200);
  const steady = Number(ctx.options.steady ?? 150);
  const steadyRate = Number(ctx.options.rate ?? 10);
  const pickingCount = Number(ctx.options.pickings ?? 40);
  const timeScale = Number(ctx.options['time-scale'] ?? 2);
  const params = { time_scale: timeScale, store: 'sqlite' };

  let s = await sandboxes(timeScale);
  ctx.note(`Odoo sandbox with the Odoo 17 cost model at time scale ${timeScale}`);
  const cap = await capacity(s.odoo.info.url, 200);
  ctx.report({
    metric: 'sandbox_capacity_orders_per_s',
    value: Math.round(cap * 10) / 10,
    unit: '1/s',
    batch: 50,
    ...params,
  });

  const batched = await runOrders(ctx, s, FLOWS, orders, 4);
  ctx.report({
    metric: 'orders_per_s',
    mode: 'batched',
    value: Math.round(batched.rate * 10) / 10,
    unit: '1/s',
    orders,
    share_of_capacity: Math.round((batched.rate / cap) * 100) / 100,
    ...params,
  });

  // Latencies at a steady rate, as a shop sees them on a normal day: right after the burst, while its catalog and
  // customer echoes still drain behind the orders.
  ctx.note(`placing ${steady} orders at ${steadyRate}/s`);
  const steadyFrom = Date.now();
  const placed = (await (await placeOrders(s.clarity.info.url, { count: steady, ratePerSec: steadyRate })).json()) as {
    Orders: { CustomKey: string }[];
  };
  await waitForOrders(batched.bridge, orders + steady);
  const ms = await confirmLatencies(batched.bridge, steadyFrom);
  const steadyParams = { orders: ms.length, rate_per_s: steadyRate, ...params };
  ctx.report({ metric: 'webhook_to_confirmed_p50_ms', value: percentile(ms, 0.5), unit: 'ms', ...steadyParams });
  ctx.report({ metric: 'webhook_to_confirmed_p99_ms', value: percentile(ms, 0.99), unit: 'ms', ...steadyParams });

  ctx.note(`shipping ${pickingCount} of those orders one at a time`);
  const shipMs = await shipPickings(
    batched.bridge,
    s.odoo.info.url,
    placed.Orders.slice(0, pickingCount).map((o) => o.CustomKey),
  );
  ctx.report({
    metric: 'picking_to_shipment_p50_ms',
    value: percentile(shipMs, 0.5),
    unit: 'ms',
    pickings: shipMs.length,
    ...params,
  });
  ctx.report({
    metric: 'picking_to_shipment_p99_ms',
    value: percentile(shipMs, 0.99),
    unit: 'ms',
    pickings: shipMs.length,
    ...params,
  });
  await batched.cleanup();
  await Promise.all([s.odoo.stop(), s.clarity.stop()]);

  // Batching off, one Odoo call at a time: what a plain connector would do.
  s = await sandboxes(timeScale);
  const unbatched = FLOWS.map((flow) => {
    if (flow.name !== 'order-to-odoo') return flow;
    const { batch: _batch, runBatch: _runBatch, ...single } = flow;
    return single;
  });
  const single = await runOrders(ctx, s, unbatched, singles, 1);
  ctx.report({
    metric: 'orders_per_s',
    mode: 'single',
    value: Math.round(single.rate * 10) / 10,
    unit: '1/s',
    orders: singles,
    ...params,
  });
  ctx.report({
    metric: 'batched_over_single',
    value: Math.round((batched.rate / single.rate) * 10) / 10,
    unit: 'x',
    ...params,
  });
  await single.cleanup();
  await Promise.all([s.odoo.stop(), s.clarity.stop()]);
}
