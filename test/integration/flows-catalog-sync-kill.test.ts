// A full product sync killed halfway (SIGKILL of the bridge's process, in the middle of its writes) resumes from its
// checkpoint in the next run and finishes with both sides equal and no duplicates.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBridge } from '../../src/bridge.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { runSyncKind, syncDeps } from '../../src/flows/sync/index.ts';
import { startClaritySandbox, type ClaritySandbox } from '../../src/sandbox/clarity/index.ts';
import { startOdooSandbox, type OdooSandbox } from '../../src/sandbox/odoo/index.ts';
import { openStore } from '../../src/store/db.ts';
import { testConfig } from '../support/bridge.ts';
import { testStoreUrl } from '../support/stores.ts';

let odoo: OdooSandbox;
let clarity: ClaritySandbox;
let store: { url: string; drop(): Promise<void> };

beforeAll(async () => {
  [odoo, clarity, store] = await Promise.all([
    startOdooSandbox({ products: 1500 }),
    startClaritySandbox({ products: 0 }),
    testStoreUrl('sqlite'),
  ]);
});

afterAll(async () => {
  await Promise.all([odoo?.close(), clarity?.close()]);
  await store?.drop();
});

it('resumes a full sync whose process was killed halfway, and ends with both sides equal and no duplicates', async () => {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('./flows-catalog-sync-child.ts', import.meta.url)),
      odoo.url,
      clarity.url,
      store.url,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let total = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    const [word, done = '0', all = '0'] = line.split(' ');
    if (word === 'done') throw new Error('the sync finished before it could be killed');
    total = Number(all);
    if (word === 'progress' && Number(done) >= 300) {
      child.kill('SIGKILL');
      break;
    }
  }
  await exited;
  const halfway = clarity.store.products().length;
  // 300 templates looked at, less the delivery products among them (not for sale, so not published)
  expect(halfway).toBeGreaterThanOrEqual(294);
  expect(halfway).toBeLessThan(total);

  const opened = await openStore(store.url);
  const config = testConfig({ odooUrl: odoo.url, clarityUrl: clarity.url });
  const bridge = await createBridge(config, { logger: silentLogger(), store: opened });
  try {
    const report = await runSyncKind('products', syncDeps(bridge), { full: true, dryRun: false, pageSize: 50 });
    expect(report.resumed).toBe(true);
    expect(report.counts.failed).toBe(0);
    const templates = (await odoo.execute('product.template', 'search_read', [[['sale_ok', '=', true]]], {
      fields: ['default_code', 'product_variant_count'],
    })) as { id: number; default_code: string | false; product_variant_count: number }[];
    const keys = clarity.store.products().map((p) => p.CustomKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect([...keys].sort()).toEqual(
      templates
        .map((t) => (t.default_code && t.product_variant_count <= 1 ? t.default_code : `odoo-template-${t.id}`))
        .sort(),
    );
    // and every product is bound, so a further run finds nothing to write
    const again = await runSyncKind('products', syncDeps(bridge), { full: true, dryRun: false });
    expect(again.counts).toMatchObject({ created: 0, updated: 0, failed: 0 });
    expect((await bridge.services.repos.bindings.byClarityKeys('main', 'product', keys)).size).toBe(keys.length);
  } finally {
    await bridge.stop(0);
    await opened.close();
  }
}, 30_000);
