// `bridge clarity subscribe` end to end: config file → sandbox subscription → sealed secret in the SQLite store.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { register } from '../../src/cli/commands/clarity.ts';
import { ClarityClient } from '../../src/connectors/clarity/client.ts';
import { webhookSecretContext } from '../../src/connectors/clarity/subscribe.ts';
import { webhookVerifierFor } from '../../src/connectors/clarity/webhook-secrets.ts';
import { signWebhook } from '../../src/connectors/clarity/webhook.ts';
import { openSecret } from '../../src/core/crypto-box.ts';
import { UsageError } from '../../src/core/errors.ts';
import { Secret } from '../../src/core/secret.ts';
import { startClaritySandbox } from '../../src/sandbox/clarity/index.ts';
import { openStore, repos } from '../../src/store/index.ts';
import { FLOWS } from '../../src/flows/registry.ts';
import { WEBHOOK_EVENTS } from '../../src/connectors/clarity/contract.ts';

const MASTER_KEY = 'cli-test-master-key-0123456789';

describe('bridge clarity subscribe', () => {
  let sandbox: Awaited<ReturnType<typeof startClaritySandbox>>;
  let dir: string;
  let configFile: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    sandbox = await startClaritySandbox({ port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'clarity-subscribe-'));
    configFile = join(dir, 'bridge.config.yaml');
    writeConfig('https://bridge.example.com');
    process.env.TEST_ODOO_API_KEY = 'odoo-key';
    process.env.TEST_CLARITY_SECRET = sandbox.clientSecret;
  });
  afterAll(async () => {
    process.env = saved;
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function writeConfig(publicUrl: string): void {
    writeFileSync(
      configFile,
      [
        `store: { url: "sqlite:${join(dir, 'bridge.db')}" }`,
        `server: { publicUrl: "${publicUrl}" }`,
        'integrations:',
        '  - id: main',
        '    odoo: { url: "http://127.0.0.1:1", db: prod, login: bot, apiKey: { env: TEST_ODOO_API_KEY } }',
        `    clarity: { url: "${sandbox.url}", clientId: ${sandbox.clientId}, clientSecret: { env: TEST_CLARITY_SECRET } }`,
        '',
      ].join('\n'),
    );
  }

  async function keptSecretNames(): Promise<string[]> {
    const store = await openStore(`sqlite:${join(dir, 'bridge.db')}`);
    try {
      return (await repos(store).secrets.loadAll('main', 'clarity.webhook.')).map((r) => r.name).sort();
    } finally {
      await store.close();
    }
  }

  async function run(...args: string[]): Promise<string[]> {
    const program = new Command().exitOverride();
    register(program);
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
    try {
      await program.parseAsync(['node', 'bridge', 'clarity', 'subscribe', '--config', configFile, ...args]);
    } finally {
      log.mockRestore();
    }
    return lines;
  }

  it('refuses to run without BRIDGE_MASTER_KEY, saying how to set it', async () => {
    delete process.env.BRIDGE_MASTER_KEY;
    await expect(run()).rejects.toThrow(UsageError);
    await expect(run()).rejects.toThrow(/BRIDGE_MASTER_KEY/);
  });

  it('refuses unknown events with the list of known ones', async () => {
    process.env.BRIDGE_MASTER_KEY = MASTER_KEY;
    await expect(run('--events', 'order.created,invoice.paid')).rejects.toThrow(
      /unknown Clarity webhook event\(s\): invoice.paid/,
    );
  });

  it('registers the public URL and keeps the signing secret sealed in the store', async () => {
    process.env.BRIDGE_MASTER_KEY = MASTER_KEY;
    const [line] = await run('--json');
    const result = JSON.parse(line!) as { subscriptionId: number; url: string; events: string[]; secretName: string };
    expect(result.url).toBe('https://bridge.example.com/webhooks/clarity/main');
    // Exactly the Clarity events the registered flows take in.
    const taken = new Set(
      FLOWS.flatMap((f) => f.on)
        .map((t) => t.replace(/^clarity:/, ''))
        .filter((t) => (WEBHOOK_EVENTS as readonly string[]).includes(t)),
    );
    expect(taken.size).toBeGreaterThan(0);
    expect([...result.events].sort()).toEqual([...taken].sort());
    const subscriptions = sandbox.store.webhooks();
    expect(subscriptions.map((s) => s.Url)).toEqual([result.url]);

    const store = await openStore(`sqlite:${join(dir, 'bridge.db')}`);
    try {
      const rows = await repos(store).secrets.loadAll('main', 'clarity.webhook.');
      expect(rows.map((r) => r.name)).toEqual([result.secretName]);
      expect(rows[0]!.ciphertext).toMatch(/^cb1\./);
      const secret = openSecret(rows[0]!.ciphertext, MASTER_KEY, webhookSecretContext('main', result.secretName));
      expect(secret).toMatch(/^whsec_/);
      // What ingest builds from the store: a verifier that accepts what the store signs with that secret.
      const verifier = await webhookVerifierFor('main', repos(store).secrets, MASTER_KEY);
      const now = Math.floor(Date.now() / 1000);
      const headers = {
        'webhook-id': 'msg_cli',
        'webhook-timestamp': String(now),
        'webhook-signature': signWebhook(secret, 'msg_cli', now, '{}'),
      };
      expect(verifier!.verify(headers, Buffer.from('{}')).ok).toBe(true);
      await expect(webhookVerifierFor('main', repos(store).secrets, undefined)).rejects.toThrow(
        /BRIDGE_MASTER_KEY is not set/,
      );
    } finally {
      await store.close();
    }
  });

  it('replaces the subscription on --rotate and forgets the old secret, so it stops verifying', async () => {
    process.env.BRIDGE_MASTER_KEY = MASTER_KEY;
    const [line] = await run('--json', '--rotate');
    const result = JSON.parse(line!) as { subscriptionId: number; secretName: string; replaced: number[] };
    expect(result.replaced.length).toBeGreaterThan(0);
    const store = await openStore(`sqlite:${join(dir, 'bridge.db')}`);
    try {
      const rows = await repos(store).secrets.loadAll('main', 'clarity.webhook.');
      expect(rows.map((r) => r.name)).toEqual([result.secretName]);
    } finally {
      await store.close();
    }
  });

  it("after server.publicUrl changes, replaces every subscription it made for the integration and forgets their secrets, leaving others' alone", async () => {
    process.env.BRIDGE_MASTER_KEY = MASTER_KEY;
    const client = new ClarityClient({
      baseUrl: sandbox.url,
      clientId: sandbox.clientId,
      clientSecret: new Secret(sandbox.clientSecret),
    });
    const store = await openStore(`sqlite:${join(dir, 'bridge.db')}`);
    try {
      const subscribe = (Url: string) =>
        client.webhooks.create({ Url, Events: ['order.created'] }, { idempotencyKey: `test ${Url}` });
      const current = sandbox.store
        .webhooks()
        .find((w) => w.Url === 'https://bridge.example.com/webhooks/clarity/main');
      expect(current).toBeDefined();
      // Not the bridge's: another receiver on the same store, and another integration's bridge URL.
      const crm = await subscribe('https://crm.example.com/hooks/clarity');
      const otherIntegration = await subscribe('https://bridge.example.com/webhooks/clarity/other');
      // The bridge's: its path under a host it had before, and one behind a proxy known only by the kept secret.
      const oldHost = await subscribe('https://old-host.example.com/webhooks/clarity/main/');
      const proxied = await subscribe('https://proxy.example.com/in/7f3a');
      await repos(store).secrets.save('main', `clarity.webhook.${proxied.ID}`, 'cb1.sealed-elsewhere');
      // The secret of a subscription deleted in the store by hand.
      await repos(store).secrets.save('main', 'clarity.webhook.999999', 'cb1.sealed-elsewhere');

      writeConfig('https://bridge-new.example.com');
      const [line] = await run('--json');
      const result = JSON.parse(line!) as {
        subscriptionId: number;
        url: string;
        secretName: string;
        replaced: number[];
      };
      expect(result.url).toBe('https://bridge-new.example.com/webhooks/clarity/main');
      expect([...result.replaced].sort()).toEqual([current!.ID, oldHost.ID, proxied.ID].sort());
      expect(
        sandbox.store
          .webhooks()
          .map((w) => w.Url)
          .sort(),
      ).toEqual(
        [
          'https://bridge-new.example.com/webhooks/clarity/main',
          'https://bridge.example.com/webhooks/clarity/other',
          'https://crm.example.com/hooks/clarity',
        ].sort(),
      );
      expect(sandbox.store.webhooks().map((w) => w.ID)).toEqual(
        expect.arrayContaining([crm.ID, otherIntegration.ID, result.subscriptionId]),
      );
      expect(await keptSecretNames()).toEqual([result.secretName]);
    } finally {
      await store.close();
      await client.close();
    }
  });

  it('keeps the older subscriptions and their secrets with --keep-existing', async () => {
    process.env.BRIDGE_MASTER_KEY = MASTER_KEY;
    const before = await keptSecretNames();
    writeConfig('https://bridge-third.example.com');
    const [line] = await run('--json', '--keep-existing');
    const result = JSON.parse(line!) as { url: string; secretName: string; replaced: number[] };
    expect(result.replaced).toEqual([]);
    const bridgeUrls = sandbox.store
      .webhooks()
      .map((w) => w.Url)
      .filter((url) => url.endsWith('/webhooks/clarity/main'))
      .sort();
    expect(bridgeUrls).toEqual([
      'https://bridge-new.example.com/webhooks/clarity/main',
      'https://bridge-third.example.com/webhooks/clarity/main',
    ]);
    expect(await keptSecretNames()).toEqual([...before, result.secretName].sort());
  });
});
