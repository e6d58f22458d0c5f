// `bridge odoo check` and `bridge odoo setup-webhooks` against the Odoo sandbox, reading a real config file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/core/errors.ts';
import { register } from '../../src/cli/commands/odoo.ts';
import { startOdooSandbox, type OdooSandbox } from '../../src/sandbox/odoo/index.ts';

const TOKEN = 'cli-webhook-token-9d2e71c4aa5b';

describe('bridge odoo (CLI)', () => {
  let sandbox: OdooSandbox;
  let dir: string;
  let configPath: string;

  beforeAll(async () => {
    sandbox = await startOdooSandbox({ version: 17, port: 0, products: 5 });
    dir = mkdtempSync(join(tmpdir(), 'odoo-cli-'));
    configPath = join(dir, 'bridge.config.yaml');
    process.env.ODOO_CLI_TEST_KEY = sandbox.apiKey;
    process.env.ODOO_CLI_TEST_TOKEN = TOKEN;
    process.env.ODOO_CLI_TEST_CLARITY = 'unused-secret';
    writeFileSync(
      configPath,
      [
        'server: { publicUrl: "https://bridge.example.com" }',
        'integrations:',
        '  - id: main',
        `    odoo: { url: "${sandbox.url}", db: ${sandbox.db}, login: ${sandbox.login}, apiKey: { env: ODOO_CLI_TEST_KEY }, webhookToken: { env: ODOO_CLI_TEST_TOKEN } }`,
        '    clarity: { url: "https://shop.example.com", clientId: bridge, clientSecret: { env: ODOO_CLI_TEST_CLARITY } }',
        '',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await sandbox?.close();
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
