// A bridge process running `sync products --full` (for the kill test): prints `progress <done> <total>` after each
// page, so the test knows when to kill it. Args: <odoo url> <clarity url> <store url>.
import { createBridge } from '../../src/bridge.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { runSyncKind, syncDeps } from '../../src/flows/sync/index.ts';
import { testConfig } from '../support/bridge.ts';

const [odooUrl = '', clarityUrl = '', storeUrl = ''] = process.argv.slice(2);
const config = testConfig({ odooUrl, clarityUrl });
const bridge = await createBridge({ ...config, store: { ...config.store, url: storeUrl } }, { logger: silentLogger() });
const report = await runSyncKind('products', syncDeps(bridge), {
  full: true,
  dryRun: false,
  pageSize: 50,
  onProgress: (p) => process.stdout.write(`progress ${p.done} ${p.total}\n`),
});
process.stdout.write(`done ${JSON.stringify(report.counts)}\n`);
await bridge.stop(0);
