// `npm run bench -- catalog [--products 50000] [--changes 5]`: a full product + stock sync of the Odoo sandbox's
// catalog into an empty Clarity sandbox, then a second full sync with nothing changed, then the time a single stock
// change takes to reach Clarity once its webhook is in (the event recorded as the ingest server records it).
// The sandboxes run in their own processes (`bridge sandbox odoo|clarity`); this process is the bridge, and its peak
// RSS is the one reported.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchContext } from './main.ts';
import { createBridge } from '../src/bridge.ts';
import { parseConfig } from '../src/config/load.ts';
import { normalizeStamp, recordVersion } from '../src/core/ids.ts';
import { silentLogger } from '../src/core/logger.ts';
import { setOnHand } from '../src/connectors/odoo/index.ts';
import { runSyncKind, syncDeps, type SyncReport } from '../src/flows/sync/index.ts';
import { jsonLine, startProcess } from '../test/support/processes.ts';

/** Starts `bridge sandbox <kind> --json` in its own process. */
const sandbox = (kind: 'odoo' | 'clarity', products: number) =>
  startProcess(['sandbox', kind, '--port', '0', '--products', String(products), '--json'], {
    ready: jsonLine<{ url: string }>,
    timeoutMs: 120_000,
  });

export default async function (ctx: BenchContext): Promise<void> {
  const products = Number(ctx.options.products ?? 50_000);
  const changes = Number(ctx.options.changes ?? 5);
  ctx.note(`starting the Odoo sandbox with ${products} products and an empty Clarity sandbox`);
  const [odoo, clarity] = await Promise.all([sandbox('odoo', products), sandbox('clarity', 0)]);
  const dir = mkdtempSync(join(tmpdir(), 'bench-catalog-'));
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  const config = parseConfig(
    {
      store: { url: `sqlite:${join(dir, 'bridge.db')}` },
      server: { host: '127.0.0.1', port: 0 },
      integrations: [
        {
          id: 'main',
          odoo: {
            url: odoo.info.url,
            db: 'sandbox',
            login: 'admin',
            company: 'My Company (San Francisco)',
            apiKey: 'sandbox-api-key',
            maxSockets: 8,
          },
          clarity: {
            url: clarity.info.url,
            clientId: 'sandbox-client',
            clientSecret: 'sandbox-secret',
            maxSockets: 16,
          },
        },
      ],
    },
    { source: 'bench' },
  );
  const bridge = await createBridge(config, { logger: silentLogger() });
  const baselineRss = process.memoryUsage.rss();
  ctx.note(`bridge created; memory ${memory()}`);
  try {
    const deps = syncDeps(bridge);
    const full = async (): Promise<{
      seconds: number;
      productSeconds: number;
      products: SyncReport;
      stock: SyncReport;
    }> => {
      const started = performance.now();
      const productReport = await runSyncKind('products', deps, {
        full: true,
        dryRun: false,
        onProgress: (p) => p.done % 10_000 === 0 && p.done > 0 && ctx.note(`products ${p.done}/${p.total}`),
      });
      const productSeconds = (performance.now() - started) / 1000;
      const stockReport = await runSyncKind('stock', deps, { full: true, dryRun: false });
      return {
        seconds: (performance.now() - started) / 1000,
        productSeconds,
        products: productReport,
        stock: stockReport,
      };
    };
    const first = await full();
    ctx.note(
      `first sync: ${JSON.stringify(first.products.counts)} / stock ${JSON.stringify(first.stock.counts)}; memory ${memory()}`,
    );
    const second = await full();
    ctx.note(
      `second sync: ${JSON.stringify(second.products.counts)} / stock ${JSON.stringify(second.stock.counts)}; memory ${memory()}`,
    );
    ctx.report({ metric: 'full_sync_s', value: round(first.seconds), unit: 's', products });
    ctx.report({
      metric: 'nochange_sync_s',
      value: round(second.seconds),
      unit: 's',
      products,
      written: second.products.counts.created + second.products.counts.updated + second.stock.counts.updated,
    });
    // the products pass alone, over the products it went through
    const synced = first.products.counts.created + first.products.counts.updated + first.products.counts.unchanged;
    ctx.report({
      metric: 'products_per_s',
      value: Math.round(synced / first.productSeconds),
      unit: '1/s',
      products: synced,
    });

    // one stock change at a time: quant written in Odoo, its webhook event recorded, level read back from Clarity
    await bridge.start({ scheduler: false, server: false });
    const integration = bridge.integrations.get('main')!;
    const { client } = integration.odoo;
    const latencies: number[] = [];
    for (let i = 0; i < changes; i++) {
      const sku = `SKU-${String(1 + i * 97).padStart(5, '0')}`;
      const [productId] = await client.search('product.product', [['default_code', '=', sku]]);
      const level = 1_000 + i;
      const quant = await setOnHand(client, { productId: productId!, locationId: 8, quantity: level });
      const [record] = await client.read(
        'stock.quant',
        [quant],
        ['product_id', 'location_id', 'quantity', 'write_date'],
      );
      // from the moment the webhook's event is in, as the ingest server records it
      const started = performance.now();
      await bridge.engine.inbox.recordEvent({
        integrationId: 'main',
        source: 'odoo',
        type: 'stock.quant.changed',
        entity: 'stock.quant',
        entityId: String(quant),
        version: recordVersion(String(record!.write_date), record),
        occurredAt: normalizeStamp(String(record!.write_date)),
        payload: record,
      });
      for (;;) {
        const items = await integration.clarity.inventory.get(sku);
        if (items.reduce((sum, item) => sum + Number(item.Quantity), 0) === level) break;
        if (performance.now() - started > 10_000) throw new Error(`the level of ${sku} did not reach Clarity in 10 s`);
        await new Promise((r) => setTimeout(r, 5));
      }
      latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);
    ctx.report({
      metric: 'stock_change_latency_ms',
      value: Math.round(latencies[Math.floor(latencies.length / 2)]!),
      unit: 'ms',
      changes,
      max_ms: Math.round(latencies.at(-1)!),
    });
    ctx.report({
      metric: 'peak_rss_mb',
      value: Math.round(peakRss / 1024 / 1024),
      unit: 'MB',
      products,
      baseline_mb: Math.round(baselineRss / 1024 / 1024),
    });
  } finally {
    clearInterval(sampler);
    await bridge.stop(1_000);
    await Promise.all([odoo.stop(), clarity.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (value: number) => Math.round(value * 100) / 100;

const memory = (): string => {
  const m = process.memoryUsage();
  return `rss ${Math.round(m.rss / 1048576)} MB, heap ${Math.round(m.heapUsed / 1048576)}/${Math.round(m.heapTotal / 1048576)} MB, external ${Math.round(m.external / 1048576)} MB`;
};
