// What an acceptance run stands on: the real Odoo named by the environment, a Clarity sandbox store (in this
// process, so the test is its shop: it places, edits and cancels orders), and the bridge as its own process
// (`bridge start`) with a configuration holding only connection settings, wired by the operator commands
// (`clarity subscribe`, `odoo setup-webhooks`). Order numbers carry a prefix of their own, so runs against one
// database never meet each other's orders.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OdooClient } from '../../../src/connectors/odoo/index.ts';
import { Secret } from '../../../src/core/secret.ts';
import { startClaritySandbox, type ClaritySandbox } from '../../../src/sandbox/clarity/index.ts';
import { runBridge, type CliResult } from '../../support/cli.ts';
import { freePort, startProcess, type RunningProcess } from '../../support/processes.ts';
import type { RealOdoo } from './real-odoo.ts';

export interface World {
  odoo: RealOdoo;
  /** The Odoo side's own hands (the ERP user, the warehouse): a client in the integration's company. */
  erp: OdooClient;
  clarity: ClaritySandbox;
  bridge: RunningProcess<{ url: string }>;
  /** This run's order numbers start with it. */
  prefix: string;
  configPath: string;
  /** `bridge <args>` against this run's configuration. */
  cli(args: string[], timeoutMs?: number): Promise<CliResult>;
  close(): Promise<void>;
}

const WEBHOOK_TOKEN = 'acceptance-odoo-webhook-token-0123456789';

export async function startWorld(odoo: RealOdoo, options: { flows?: string } = {}): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-real-odoo-'));
  const prefix = `RA${Date.now().toString(36).toUpperCase()}-`;
  const clarity = await startClaritySandbox({ products: 0, orderNumberPrefix: prefix, webhookTimeScale: 100 });
  const port = await freePort();
  const configPath = join(dir, 'bridge.config.yaml');
  const secret = odoo.apiKey ? 'apiKey: { env: REAL_ODOO_SECRET }' : 'password: { env: REAL_ODOO_SECRET }';
  writeFileSync(
    configPath,
    [
      `store: { url: "sqlite:${join(dir, 'bridge.db')}" }`,
      `server: { host: 127.0.0.1, port: ${port}, publicUrl: "http://127.0.0.1:${port}" }`,
      'integrations:',
      '  - id: main',
      '    odoo:',
      `      url: "${odoo.url}"`,
      `      db: "${odoo.db}"`,
      `      login: "${odoo.login}"`,
      `      company: "${odoo.company}"`,
      `      ${secret}`,
      '      webhookToken: { env: ODOO_WEBHOOK_TOKEN }',
      `    clarity: { url: "${clarity.url}", clientId: ${clarity.clientId}, clientSecret: { env: CLARITY_SECRET } }`,
      ...(options.flows ? [`    flows: ${options.flows}`] : []),
    ].join('\n'),
  );
  const env = {
    REAL_ODOO_SECRET: odoo.apiKey ?? odoo.password ?? '',
    ODOO_WEBHOOK_TOKEN: WEBHOOK_TOKEN,
    CLARITY_SECRET: clarity.clientSecret,
    BRIDGE_MASTER_KEY: 'YWNjZXB0YW5jZS1tYXN0ZXIta2V5LTAxMjM0NTY3ODk=',
    LOG_LEVEL: 'info',
  };
  const cli = (args: string[], timeoutMs = 120_000) => runBridge(['--config', configPath, ...args], { env, timeoutMs });
  const bridge = await startProcess(['--config', configPath, 'start'], {
    env,
    timeoutMs: 60_000,
    ready: (line) => (line.includes('bridge started') ? { url: `http://127.0.0.1:${port}` } : undefined),
  });
  const erp = new OdooClient({
    url: odoo.url,
    db: odoo.db,
    login: odoo.login,
    company: odoo.company,
    ...(odoo.apiKey ? { apiKey: new Secret(odoo.apiKey) } : { password: new Secret(odoo.password ?? '') }),
    timeoutMs: 120_000,
  });
  return {
    odoo,
    erp,
    clarity,
    bridge,
    prefix,
    configPath,
    cli,
    async close() {
      await bridge.stop();
      // the automation rules would post to a bridge that is gone (Odoo waits 1 s on each): archive them
      const rules = await erp.search('base.automation', [['name', '=like', 'Bridge webhook %']]);
      if (rules.length) await erp.write('base.automation', rules, { active: false });
      await erp.close();
      await clarity.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
