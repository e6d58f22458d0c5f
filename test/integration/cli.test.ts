// The `bridge` command as an operator uses it: clear refusals, the job views and actions, pause and resume.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBridge } from '../../src/bridge.ts';
import { parseConfig } from '../../src/config/load.ts';
import { ValidationError } from '../../src/core/errors.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { openStore } from '../../src/store/db.ts';
import { runBridge } from '../support/cli.ts';
import { testEngine } from '../support/engine.ts';
import { waitUntil } from '../support/stores.ts';

const dir = mkdtempSync(join(tmpdir(), 'bridge-cli-'));
const db = join(dir, 'bridge.db');
const config = join(dir, 'bridge.config.yaml');
const env = {
  ODOO_API_KEY: 'odoo-key-1234',
  CLARITY_CLIENT_SECRET: 'clarity-secret-5678',
  ODOO_WEBHOOK_TOKEN: 'token-9999',
};

beforeAll(async () => {
  const init = await runBridge(['init', config], { cwd: dir });
  expect(init.code).toBe(0);
  const text = (await import('node:fs'))
    .readFileSync(config, 'utf8')
    .replace('sqlite:./data/bridge.db', `sqlite:${db}`);
  writeFileSync(config, text);
});

describe('bridge config', () => {
  it('prints the effective config with every secret masked', async () => {
    const result = await runBridge(['-c', config, 'config', 'check', '--json'], { env });
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as { config: { integrations: { odoo: { apiKey: string } }[] } };
    expect(printed.config.integrations[0]!.odoo.apiKey).toBe('********');
    for (const secret of Object.values(env)) expect(result.stdout + result.stderr).not.toContain(secret);
  });

  it('refuses a bad file listing every problem as path: what is wrong, without a stack trace', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      'server: {port: "x", colour: blue}\nintegrations:\n  - id: main\n    odoo: {url: nope, db: prod, login: bot}\n',
    );
    const result = await runBridge(['-c', bad, 'config', 'check']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('server.port: expected number, received string');
    expect(result.stderr).toContain('server: Unrecognized key: "colour"');
    expect(result.stderr).toContain('integrations.0.odoo.url: Invalid URL');
    expect(result.stderr).toContain('integrations.0.odoo.apiKey: set apiKey (preferred) or password');
    expect(result.stderr).toContain('integrations.0.clarity: missing');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses a mistyped flow, a flow's unknown or bad option and a bad owner, each with what it takes", async () => {
    const bad = join(dir, 'bad-flows.yaml');
    const text = (await import('node:fs'))
      .readFileSync(config, 'utf8')
      .replace(
        /^ {6}order-to-odoo:\n {8}confirm: true .*$/m,
        [
          '      order-to-odoo: { confirm: "yes", unknownOutcomeRetryMs: -5 }',
          '      prodcut-to-clarity: { salePricelist: Sale }',
          '      product-to-clarity: { salePricelist: "", salesPricelist: Sale }',
          '      stock-to-clarity: { safetyBuffer: { skus: { SKU-1: many } } }',
          '      systems-of-record: { price: clarity, seo: storefront }',
        ].join('\n'),
      );
    expect(text).toContain('prodcut-to-clarity');
    writeFileSync(bad, text);
    const result = await runBridge(['-c', bad, 'config', 'check'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'integrations[main].flows.order-to-odoo.confirm: must be true or false (got "yes")',
    );
    expect(result.stderr).toContain(
      'integrations[main].flows.order-to-odoo.unknownOutcomeRetryMs: must be milliseconds, 0 or more (got -5)',
    );
    expect(result.stderr).toMatch(
      /integrations\[main\]\.flows\.prodcut-to-clarity: no flow has this name; the flows are .*product-to-clarity/,
    );
    expect(result.stderr).toMatch(
      /integrations\[main\]\.flows\.product-to-clarity\.salesPricelist: product-to-clarity has no such option; it takes .*salePricelist/,
    );
    expect(result.stderr).toContain(
      'integrations[main].flows.product-to-clarity.salePricelist: must be a non-empty text (got "")',
    );
    expect(result.stderr).toContain(
      'integrations[main].flows.stock-to-clarity.safetyBuffer.skus.SKU-1: must be a number of units',
    );
    expect(result.stderr).toContain('flows.systems-of-record.seo is "storefront"; use odoo, clarity or both');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    // the bridge refuses to start on it too, before it opens anything
    const start = await runBridge(['-c', bad, 'start'], {
      env: { ...env, DATABASE_URL: `sqlite:${join(dir, 'never.db')}` },
    });
    expect(start.code).toBe(2);
    expect(start.stderr).toContain('integrations[main].flows.prodcut-to-clarity: no flow has this name');
  });

  it('says which environment variable a secret needs', async () => {
    const result = await runBridge(['-c', config, 'config', 'check'], { env: { ...env, CLARITY_CLIENT_SECRET: '' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'integrations.0.clarity.clientSecret: environment variable CLARITY_CLIENT_SECRET is not set',
    );
  });

  it('gives one clear message for an unreachable PostgreSQL, password masked', async () => {
    const result = await runBridge(['-c', config, 'migrate'], {
      env: { ...env, DATABASE_URL: 'postgres://bridge:hunter2pass@127.0.0.1:1/bridge' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot reach PostgreSQL at postgres://bridge:********@127.0.0.1:1/bridge');
    expect(result.stderr).not.toContain('hunter2pass');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('gives one clear message for a SQLite file another process holds locked', async () => {
    const lockedDb = join(dir, 'locked.db');
    const holder = new BetterSqlite3(lockedDb);
    holder.pragma('journal_mode = WAL');
    holder.exec('create table t (x); begin exclusive; insert into t values (1);');
    try {
      const result = await runBridge(['-c', config, 'migrate'], {
        env: { ...env, DATABASE_URL: `sqlite:${lockedDb}` },
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`the SQLite file sqlite:${lockedDb} is locked by another process`);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      holder.exec('rollback');
      holder.close();
    }
  });
});

describe('bridge jobs and connectors', () => {
  let deadId = 0;
  afterAll(async () => undefined);

  beforeAll(async () => {
    const store = await openStore(`sqlite:${db}`);
    const engine = testEngine(store, [
      {
        name: 'order-to-odoo',
        connectors: ['odoo'],
        async run(ctx) {
          await ctx.step('odoo.create sale.order', async () => 42, {
            request: { client_order_ref: 'CLR-1', password: 'never-shown' },
            response: (id) => ({ id }),
          });
          if ((ctx.job.payload as { bad?: boolean }).bad)
            throw new ValidationError('order does not fit sale.order', [
              { field: 'partner_id', reason: 'is required' },
            ]);
          return { outcome: 'applied' };
        },
      },
    ]);
    await engine.queue.enqueue([
      {
        integrationId: 'main',
        flow: 'order-to-odoo',
        lane: 'main:order:1',
        dedupKey: 'o1',
        payload: { bad: true },
        connectors: ['odoo'],
      },
      {
        integrationId: 'main',
        flow: 'order-to-odoo',
        lane: 'main:order:2',
        dedupKey: 'o2',
        payload: {},
        connectors: ['odoo'],
      },
    ]);
    engine.start();
    await waitUntil(async () =>
      (await engine.repos.jobs.list({})).every((j) => j.state === 'dead' || j.state === 'done'),
    );
    deadId = (await engine.repos.jobs.list({ states: ['dead'] }))[0]!.id;
    await engine.stop();
    await store.close();
  });

  it('lists dead jobs and shows a job with its trace, secrets redacted', async () => {
    const list = await runBridge(['-c', config, 'jobs', 'list', '--state', 'dead', '--json'], { env });
    expect(list.code).toBe(0);
    expect((JSON.parse(list.stdout) as { id: number }[]).map((j) => j.id)).toEqual([deadId]);
    const show = await runBridge(['-c', config, 'jobs', 'show', String(deadId)], { env });
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('order-to-odoo  dead');
    expect(show.stdout).toContain('odoo.create sale.order');
    expect(show.stdout).toContain('"client_order_ref":"CLR-1"');
    expect(show.stdout).toContain('partner_id');
    expect(show.stdout).not.toContain('never-shown');
  });

  it('refuses an unknown state with the list of valid ones', async () => {
    const result = await runBridge(['-c', config, 'jobs', 'list', '--state', 'deadd'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown job state "deadd"');
    expect(result.stderr).toContain('pending, running, retrying');
  });

  it('replays a dead job with an edited payload, and discards with a reason', async () => {
    const payload = join(dir, 'payload.json');
    writeFileSync(payload, JSON.stringify({ bad: false, note: 'fixed by hand' }));
    const replay = await runBridge(['-c', config, 'jobs', 'replay', String(deadId), '--payload', payload, '--json'], {
      env,
    });
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout)).toEqual({ replayed: [deadId], skipped: [] });
    const discard = await runBridge(
      ['-c', config, 'jobs', 'discard', String(deadId), '--reason', 'duplicate test order', '--json'],
      { env },
    );
    expect(JSON.parse(discard.stdout)).toEqual({ discarded: [deadId], skipped: [] });
    const show = await runBridge(['-c', config, 'jobs', 'show', String(deadId), '--json'], { env });
    expect(JSON.parse(show.stdout).job).toMatchObject({
      state: 'discarded',
      reason: 'duplicate test order',
      payload: { note: 'fixed by hand' },
    });
  });

  it('pauses and resumes a connector, and refuses an unknown one', async () => {
    expect((await runBridge(['-c', config, 'connectors', 'pause', 'main', 'odoo'], { env })).code).toBe(0);
    const listed = await runBridge(['-c', config, 'connectors', 'list', '--json'], { env });
    expect(JSON.parse(listed.stdout)).toMatchObject([{ integrationId: 'main', connector: 'odoo', state: 'paused' }]);
    expect((await runBridge(['-c', config, 'connectors', 'resume', 'main', 'odoo'], { env })).stdout).toContain(
      'main/odoo resumed',
    );
    const bad = await runBridge(['-c', config, 'connectors', 'pause', 'main', 'sap'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown connector "sap"');
  });
});

describe('bridge start', () => {
  it('runs until SIGTERM, then stops cleanly with exit code 0; a second one on the same file is refused', async () => {
    const { spawn } = await import('node:child_process');
    const { BRIDGE_BIN } = await import('../support/cli.ts');
    const cwd = mkdtempSync(join(tmpdir(), 'bridge-start-'));
    const env = { ...process.env, LOG_LEVEL: 'info', BRIDGE__SERVER__PORT: '0' };
    const child = spawn(process.execPath, [BRIDGE_BIN, 'start'], { cwd, env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await waitUntil(() => output.includes('bridge started'), 20_000, 'the bridge to start');
    // A second bridge on the same SQLite file would run the pollers twice: it is refused.
    const second = await runBridge(['start'], { cwd, env: { BRIDGE__SERVER__PORT: '0' } });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`another bridge process is running on sqlite:${join(cwd, 'data', 'bridge.db')}`);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('stopped cleanly');
    expect(output).toContain(join(cwd, 'data', 'bridge.db'));
  });
});

describe('bridge start on a port in use', () => {
  it('ends with exit code 1 and one clear line, and a start on the same store works once the port is free', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'bridge-port-'));
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as AddressInfo;
    const env = { LOG_LEVEL: 'info', BRIDGE__SERVER__PORT: String(port) };
    // Killed after the timeout if it hangs instead of exiting (its code is null then).
    const refused = await runBridge(['start'], { cwd, env, timeoutMs: 20_000 }).finally(
      () => new Promise((resolve) => holder.close(resolve)),
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      [
        `bridge: cannot listen on 127.0.0.1:${port}: another process is using that port`,
        '  → stop that process, or pick another port with server.port in the config (or BRIDGE__SERVER__PORT)',
        '',
      ].join('\n'),
    );
    expect(refused.stdout).not.toContain('bridge started');

    // The port is free now: a bridge on the same SQLite file starts (nothing of the first one holds it) and stops.
    const { spawn } = await import('node:child_process');
    const { BRIDGE_BIN } = await import('../support/cli.ts');
    const child = spawn(process.execPath, [BRIDGE_BIN, 'start'], { cwd, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await waitUntil(() => output.includes('bridge started') || child.exitCode !== null, 20_000, 'the bridge to start');
    expect(output).toContain(`"url":"http://127.0.0.1:${port}"`);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('releases the SQLite lock when the start fails, so the next bridge on the file starts', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bridge-port-')), 'bridge.db');
    const configAt = (port: number) =>
      parseConfig({ store: { url: `sqlite:${file}` }, server: { host: '127.0.0.1', port } }, { source: 'test' });
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const first = await createBridge(configAt((holder.address() as AddressInfo).port), { logger: silentLogger() });
    try {
      await expect(first.start()).rejects.toMatchObject({ code: 'EADDRINUSE' });
      // Refused with "another bridge process is running" if the failed start still held the lock.
      const second = await createBridge(configAt(0), { logger: silentLogger() });
      await second.start();
      expect(second.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      await second.stop();
    } finally {
      await first.stop();
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});

describe('a reader that closes the pipe early (`bridge jobs list | head -1`)', () => {
  const many = join(dir, 'many.db');

  beforeAll(async () => {
    const store = await openStore(`sqlite:${many}`);
    const engine = testEngine(store, []);
    // Far more than a pipe's 64 KiB buffer, so the command is still writing when the reader goes.
    await engine.queue.enqueue(
      Array.from({ length: 1500 }, (_, i) => ({
        integrationId: 'main',
        flow: 'order-to-odoo',
        lane: `main:order:${i}`,
        dedupKey: `many-${i}`,
        payload: { n: i },
        connectors: ['odoo'],
      })),
    );
    await store.close();
  });

  it.each([[['jobs', 'list', '--limit', '1500']], [['jobs', 'list', '--limit', '1500', '--json']]])(
    '%j exits quietly with code 0',
    async (args) => {
      const { spawn } = await import('node:child_process');
      const { BRIDGE_BIN } = await import('../support/cli.ts');
      const child = spawn(process.execPath, [BRIDGE_BIN, '-c', config, ...args], {
        env: { ...process.env, ...env, LOG_LEVEL: 'warn', DATABASE_URL: `sqlite:${many}` },
      });
      let firstLine = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => {
        firstLine += d.toString();
        if (firstLine.includes('\n')) child.stdout.destroy();
      });
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(firstLine.split('\n')[0]).toMatch(args.includes('--json') ? /^\[$/ : /^ID\s+INTEGRATIONID\s+FLOW/);
      expect(stderr).toBe('');
      expect(code).toBe(0);
    },
  );
});
