// `bridge odoo check`, `bridge odoo prepare` and `bridge odoo setup-webhooks` against the Odoo sandbox (a plain
// Odoo: two companies, USD only, no pricelist, the demo's 15% tax) and a Clarity sandbox with orders, reading a
// real config file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/core/errors.ts';
import { register } from '../../src/cli/commands/odoo.ts';
import { startOdooSandbox, type OdooSandbox } from '../../src/sandbox/odoo/index.ts';
import { startClaritySandbox, type ClaritySandbox } from '../../src/sandbox/clarity/index.ts';

const TOKEN = 'cli-webhook-token-9d2e71c4aa5b';

describe('bridge odoo (CLI)', () => {
  let sandbox: OdooSandbox;
  let clarity: ClaritySandbox;
  let dir: string;
  let configPath: string;
  /** The same integration, without naming its Odoo company. */
  let noCompanyPath: string;

  beforeAll(async () => {
    sandbox = await startOdooSandbox({ version: 17, port: 0, products: 5 });
    clarity = await startClaritySandbox({ products: 5 });
    // the store's history: what check and prepare read the store's needs from
    await clarity.placeOrders(12, { currencies: ['USD', 'EUR', 'GBP'], seed: 4 });
    dir = mkdtempSync(join(tmpdir(), 'odoo-cli-'));
    configPath = join(dir, 'bridge.config.yaml');
    process.env.ODOO_CLI_TEST_KEY = sandbox.apiKey;
    process.env.ODOO_CLI_TEST_TOKEN = TOKEN;
    process.env.ODOO_CLI_TEST_CLARITY = clarity.clientSecret;
    const config = (company: string) =>
      [
        'server: { publicUrl: "https://bridge.example.com" }',
        'integrations:',
        '  - id: main',
        `    odoo: { url: "${sandbox.url}", db: ${sandbox.db}, login: ${sandbox.login},${company} apiKey: { env: ODOO_CLI_TEST_KEY }, webhookToken: { env: ODOO_CLI_TEST_TOKEN } }`,
        `    clarity: { url: "${clarity.url}", clientId: ${clarity.clientId}, clientSecret: { env: ODOO_CLI_TEST_CLARITY } }`,
        '',
      ].join('\n');
    writeFileSync(configPath, config(` company: "${sandbox.company}",`));
    noCompanyPath = join(dir, 'no-company.yaml');
    writeFileSync(noCompanyPath, config(''));
  });
  afterAll(async () => {
    await sandbox?.close();
    await clarity?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(...args: string[]): Promise<string> {
    const program = new Command().exitOverride();
    register(program);
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void lines.push(parts.join(' ')));
    try {
      await program.parseAsync(['node', 'bridge', ...args]);
    } finally {
      spy.mockRestore();
    }
    return lines.join('\n');
  }

  it('check --json reports the server version, transport and per-model access', async () => {
    const out = JSON.parse(await run('odoo', 'check', '--config', configPath, '--json')) as {
      integration: string;
      server: string;
      transport: string;
      access: { model: string }[];
    };
    expect(out.integration).toBe('main');
    expect(out.server).toMatch(/^17\./);
    expect(out.transport).toBe('jsonrpc');
    expect(out.access.map((a) => a.model)).toContain('sale.order');
    process.exitCode = undefined;
  });

  it('check refuses to guess the company when the Odoo user has several, and lists them', async () => {
    const out = await run('odoo', 'check', '--config', noCompanyPath);
    expect(out).toContain(
      `FAIL company: the bridge's Odoo user can act in 2 companies: "My Company (San Francisco)" (id 1), "My Company (Chicago)" (id 2); set odoo.company to the one this integration works in`,
    );
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
  });

  it("check lists what the store's orders need that this Odoo lacks, each with its fix; prepare makes it", async () => {
    const before = JSON.parse(await run('odoo', 'check', '--config', configPath, '--json')) as {
      needs: { orders: number; currencies: Record<string, number>; taxRates: Record<string, unknown> };
      gaps: { area: string; problem: string; blocking: boolean; action?: { kind: string } }[];
    };
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    expect(before.needs.orders).toBe(12);
    expect(Object.keys(before.needs.currencies).sort()).toEqual(['EUR', 'GBP', 'USD']);
    const problems = before.gaps.map((g) => `${g.area}: ${g.problem}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'currency: the store sells in EUR, which is not active in Odoo',
        'pricelist: orders in EUR need a pricelist in EUR, and pricelists are off',
        'pricelist: My Company (San Francisco) has no pricelist in GBP',
        expect.stringMatching(
          /^tax: the store charges 20% tax \(\d+ order\(s\), e\.g\. CL-\d+\); My Company \(San Francisco\) has no 20% sales tax/,
        ),
        expect.stringMatching(/^rounding: My Company \(San Francisco\) rounds taxes per line/),
        expect.stringMatching(/^carrier: no shipping method in Odoo matches the store's carrier UPS/),
      ]),
    );
    // carriers never block an order (a generic delivery line), the rounding only costs a cent now and then
    expect(
      before.gaps
        .filter((g) => !g.blocking)
        .map((g) => g.area)
        .sort(),
    ).toEqual(expect.arrayContaining(['carrier', 'rounding']));

    const dry = await run('odoo', 'prepare', '--config', configPath, '--dry-run');
    expect(dry).toContain('would activate the currency EUR');
    expect(dry).toContain('would turn on Pricelists');
    expect(dry).toMatch(/would create the sales tax "20%"/);
    const [eur] = (await sandbox.execute('res.currency', 'search_read', [[['name', '=', 'EUR']]], {
      fields: ['active'],
      context: { active_test: false },
    })) as { active: boolean }[];
    expect(eur!.active).toBe(false); // a dry run changes nothing

    const done = await run('odoo', 'prepare', '--config', configPath);
    expect(done).toContain('activate the currency EUR');
    expect(done).toContain('create the pricelist "GBP" in GBP for the company');
    expect(process.exitCode).toBeUndefined();
    const after = JSON.parse(await run('odoo', 'check', '--config', configPath, '--json')) as {
      gaps: { area: string; blocking: boolean }[];
    };
    expect(after.gaps.filter((g) => g.blocking)).toEqual([]);
    expect(process.exitCode).toBeUndefined();
    expect(await run('odoo', 'prepare', '--config', configPath)).toContain('nothing to create');
  });

  it('setup-webhooks installs the rules and never prints the token', async () => {
    const out = await run('odoo', 'setup-webhooks', '--config', configPath);
    expect(out).toContain('Odoo will post to https://bridge.example.com/webhooks/odoo/main/********');
    expect(out).toMatch(/created picking done \(stock\.picking\): action \d+, rule \d+/);
    expect(out).not.toContain(TOKEN);
    const actions = (await sandbox.execute('ir.actions.server', 'search_read', [[['state', '=', 'webhook']]], {
      fields: ['webhook_url'],
    })) as { webhook_url: string }[];
    expect(actions.map((a) => a.webhook_url)).toContain(`https://bridge.example.com/webhooks/odoo/main/${TOKEN}`);
  });

  it('refuses an unknown integration with a clear message', async () => {
    await expect(run('odoo', 'check', '--config', configPath, '--integration', 'nope')).rejects.toThrow(UsageError);
    await expect(run('odoo', 'check', '--config', configPath, '--integration', 'nope')).rejects.toThrow(
      /no integration "nope"/,
    );
  });
});
