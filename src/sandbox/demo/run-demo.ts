// The guided demo: a Clarity store, an Odoo and the bridge on SQLite, wired to each other (webhook subscription,
// Odoo automation rules), a storefront placing orders and a warehouse shipping them, shown live until stopped.
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createBridge, type Bridge } from '../../bridge.ts';
import { parseConfig } from '../../config/load.ts';
import { createLogger } from '../../core/logger.ts';
import { subscribeWebhooks } from '../../connectors/clarity/subscribe.ts';
import { odooWebhookPath } from '../../connectors/odoo/webhook.ts';
import { setupOdooWebhooks } from '../../connectors/odoo/setup-webhooks.ts';
import { clarityEventsNeeded } from '../../flows/flow.ts';
import { FLOWS } from '../../flows/registry.ts';
import { startClaritySandbox, type ClaritySandbox } from '../clarity/index.ts';
import { startOdooSandbox, type OdooSandbox } from '../odoo/index.ts';
import { createLiveView } from './live-view.ts';
import { orderOptions } from '../../flows/orders/order-options.ts';
import { prepareOdoo } from '../../readiness/index.ts';
import { storefrontNeeds } from './storefront-needs.ts';
import { OrderTracker } from './order-tracker.ts';
import { DemoWarehouse } from './warehouse.ts';

export interface DemoOptions {
  /** Orders placed per second by the storefront (default 0.5). */
  rate: number;
  /** Stop placing after this many orders (default: until stopped). */
  orders?: number;
  /** Seconds a delivery waits in the warehouse before it ships (default 3). */
  shipDelaySeconds: number;
  /** Stop the demo by itself after this many seconds (default: until Ctrl+C). */
  seconds?: number;
  /** Where the demo's store and log go (default ./data/demo). */
  dataDir: string;
  out: NodeJS.WritableStream;
  /** Resolves when the user stops the demo. */
  stopSignal: Promise<void>;
}

export interface DemoResult {
  placed: number;
  inOdoo: number;
  shipped: number;
  /** Clarity orders found more than once in Odoo (by client_order_ref): must be 0. */
  duplicatesInOdoo: number;
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = resolve(options.dataDir);
  mkdirSync(dir, { recursive: true });
  const storePath = join(dir, `demo-${stamp}.db`);
  const logPath = join(dir, `demo-${stamp}.log`);
  const logger = createLogger({ level: 'info', pretty: false, destination: createWriteStream(logPath) });
  // Made for this run only: the demo needs no configuration.
  const masterKey = process.env.BRIDGE_MASTER_KEY ?? randomBytes(32).toString('base64');
  const odooToken = randomBytes(18).toString('base64url');

  let odoo: OdooSandbox | undefined;
  let clarity: ClaritySandbox | undefined;
  let bridge: Bridge | undefined;
  let warehouse: DemoWarehouse | undefined;
  const placing = new AbortController();
  try {
    [odoo, clarity] = await Promise.all([
      startOdooSandbox({ port: 0, costModel: true, logger }),
      startClaritySandbox({ port: 0, logger }),
    ]);
    const config = parseConfig({
      store: { url: `sqlite:${storePath}` },
      server: { host: '127.0.0.1', port: 0 },
      log: { level: 'info' },
      engine: { backoffBaseMs: 500, backoffMaxMs: 10_000 },
      integrations: [
        {
          id: 'demo',
          odoo: {
            url: odoo.url,
            db: odoo.db,
            login: odoo.login,
            company: odoo.company,
            apiKey: odoo.apiKey,
            webhookToken: odooToken,
            pollIntervalMs: 5_000,
          },
          clarity: {
            url: clarity.url,
            clientId: clarity.clientId,
            clientSecret: clarity.clientSecret,
            pollIntervalMs: 30_000,
          },
        },
      ],
    });
    process.env.BRIDGE_MASTER_KEY = masterKey;
    bridge = await createBridge(config, { logger });
    const runtime = bridge.integrations.get('demo')!;
    // A fresh Odoo takes only its company's currency and its 15% tax: prepare it for the storefront's orders, as
    // `bridge odoo prepare` does for a real store.
    const prepared = await prepareOdoo(runtime.odoo, storefrontNeeds(), orderOptions({}));
    await bridge.start();
    const events = clarityEventsNeeded(FLOWS, runtime.settings);
    await subscribeWebhooks(
      runtime.clarity,
      { integrationId: 'demo', publicUrl: bridge.url!, masterKey, events },
      { saveSecret: (i, n, c) => bridge!.engine.repos.secrets.save(i, n, c) },
    );
    await setupOdooWebhooks(runtime.odoo.client, { url: `${bridge.url}${odooWebhookPath('demo', odooToken)}` });
    warehouse = new DemoWarehouse({ client: runtime.odoo.client, delayMs: options.shipDelaySeconds * 1000, logger });
    await warehouse.start();

    const tracker = new OrderTracker(clarity);
    const view = createLiveView(options.out, tracker, [
      'odoo-clarity-bridge demo: a storefront places orders, the bridge puts them in Odoo, a warehouse ships them.',
      `  Clarity store  ${clarity.url}   (client ${clarity.clientId} / ${clarity.clientSecret}; orders at ${clarity.url}/)`,
      `  Odoo           ${odoo.url}   (db ${odoo.db}, ${odoo.login} / ${odoo.password}, API key ${odoo.apiKey})`,
      `  bridge         ${bridge.url}   (metrics ${bridge.url}/metrics)`,
      `  store          sqlite:${storePath}   (inspect: bridge jobs list, with DATABASE_URL=sqlite:${storePath})`,
      `  log            ${logPath}`,
      `  Odoo prepared  ${prepared.done.join('; ') || 'nothing needed'}`,
    ]);
    const storefront = clarity
      .placeOrders(options.orders ?? 1_000_000, { ratePerSec: options.rate, signal: placing.signal })
      .catch(() => []);
    const ticker = setInterval(() => view.update(tracker.poll()), 250);
    const timeout = options.seconds
      ? new Promise<void>((r) => setTimeout(r, options.seconds! * 1000))
      : new Promise<void>(() => undefined);
    await Promise.race([options.stopSignal, timeout]);
    placing.abort();
    await storefront;
    clearInterval(ticker);
    view.update(tracker.poll());
    view.close();
    const summary = tracker.summary();
    const inOdoo = (await odoo.execute('sale.order', 'search_read', [[['client_order_ref', '!=', false]]], {
      fields: ['client_order_ref'],
    })) as { client_order_ref: string }[];
    const counts = new Map<string, number>();
    for (const o of inOdoo) counts.set(o.client_order_ref, (counts.get(o.client_order_ref) ?? 0) + 1);
    return {
      placed: summary.placed,
      inOdoo: summary.inOdoo,
      shipped: summary.shipped,
      duplicatesInOdoo: [...counts.values()].filter((n) => n > 1).length,
    };
  } finally {
    placing.abort();
    warehouse?.stop();
    await bridge?.stop(2_000).catch(() => undefined);
    await clarity?.close().catch(() => undefined);
    await odoo?.close().catch(() => undefined);
  }
}
