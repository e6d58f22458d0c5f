// Webhook ingest: a separate load process sends signed Clarity webhooks to a bridge (SQLite, no flows) and we print
// requests/s at 50 connections and the p99 latency at a steady 1,000 requests/s.
// Options: --requests N (default 20000), --rate-seconds S (default 5).
import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../src/config/load.ts';
import { createBridge } from '../src/bridge.ts';
import { silentLogger } from '../src/core/logger.ts';
import { makeTestStore } from '../test/support/stores.ts';
import type { BenchContext } from './main.ts';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

function load(args: string[]): Promise<{ requests: number; errors: number; rps: number; p50: number; p99: number }> {
  const script = fileURLToPath(new URL('./support/webhook-load.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop()!))
        : reject(new Error(`load process exited with ${code}`)),
    );
  });
}

export default async function ingestBench(ctx: BenchContext): Promise<void> {
  const requests = Number(ctx.options.requests ?? 20_000);
  const rateSeconds = Number(ctx.options['rate-seconds'] ?? 5);
  const t = await makeTestStore('sqlite');
  const config = parseConfig({
    server: { host: '127.0.0.1', port: 0 },
    log: { level: 'silent' },
    integrations: [
      {
        id: 'main',
        odoo: { url: 'http://127.0.0.1:9', db: 'x', login: 'x', apiKey: 'x-1234' },
        clarity: { url: 'http://127.0.0.1:9', clientId: 'x', clientSecret: 'x-1234', webhookSecrets: [SECRET] },
      },
    ],
  });
  const bridge = await createBridge(config, { logger: silentLogger(), store: t.store, flows: [] });
  await bridge.start({ worker: false, scheduler: false });
  const url = `${bridge.url}/webhooks/clarity/main`;
  ctx.note(`bridge on SQLite at ${bridge.url}; warming up`);
  await load([url, SECRET, '50', 'max', '2000']);

  ctx.note(`${requests} signed webhooks over 50 connections from a separate process`);
  const max = await load([url, SECRET, '50', 'max', String(requests)]);
  ctx.report({
    metric: 'requests_per_s',
    value: Math.round(max.rps),
    unit: '1/s',
    connections: 50,
    requests,
    errors: max.errors,
    store: 'sqlite',
  });

  ctx.note(`steady 1,000 requests/s for ${rateSeconds} s`);
  const steady = await load([url, SECRET, '50', 'rate', String(1000 * rateSeconds), '1000']);
  ctx.report({
    metric: 'p99_ms_at_1000_rps',
    value: Math.round(steady.p99 * 100) / 100,
    unit: 'ms',
    p50_ms: Math.round(steady.p50 * 100) / 100,
    errors: steady.errors,
    store: 'sqlite',
  });

  const stored = await sql<{ n: number }>`select count(*) as n from events`.execute(t.store.db);
  ctx.note(`events stored: ${Number(stored.rows[0]!.n)} (every request is a distinct change)`);
  await bridge.stop(1000);
  await t.cleanup();
}
