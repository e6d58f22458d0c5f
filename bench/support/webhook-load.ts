// A load process for `bench ingest`: sends signed Clarity webhooks to a bridge over keep-alive connections and
// prints one JSON line of results. Args: <url> <secret> <connections> <mode: max|rate> <count> [rps]
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { signWebhook } from '../../src/connectors/clarity/webhook.ts';

const [url, secret, connectionsArg, mode, countArg, rpsArg] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
  string | undefined,
];
const connections = Number(connectionsArg);
const count = Number(countArg);
const target = new URL(url);
const pool = new Pool(target.origin, { connections, pipelining: 1 });
const run = `${process.pid}-${Date.now()}`;

// Sign everything first, so the load process spends its time sending.
const requests = Array.from({ length: count }, (_, i) => {
  const updated = new Date(Date.UTC(2026, 10, 25, 10, 0, 0, i)).toISOString();
  const body = JSON.stringify({
    id: `evt_${run}_${i}`,
    type: 'order.created',
    occurredAt: updated,
    data: {
      ID: i + 1,
      CustomKey: `B${run}-${i}`,
      UpdatedDate: updated,
      StatusKey: 'Pending',
      UserEmail: `buyer${i}@example.com`,
      Totals: { SubTotal: 120, Tax: 18, Total: 138 },
      SalesItems: [{ Sku: 'SKU-00001', Quantity: 2, UnitSoldPrice: 60 }],
    },
  });
  const id = `msg_${run}_${i}`;
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook(secret, id, timestamp, body),
    },
  };
});

const latencies: number[] = [];
let errors = 0;
async function send(i: number): Promise<void> {
  const request = requests[i]!;
  const started = performance.now();
  try {
    const answer = await pool.request({
      path: target.pathname,
      method: 'POST',
      headers: request.headers,
      body: request.body,
    });
    await answer.body.dump();
    if (answer.statusCode >= 300) errors++;
  } catch {
    errors++;
  }
  latencies.push(performance.now() - started);
}

const started = performance.now();
if (mode === 'max') {
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < count) await send(next++);
    }),
  );
} else {
  const interval = 1000 / Number(rpsArg);
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(send(i));
  }
  await Promise.all(inflight);
}
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
console.log(
  JSON.stringify({ requests: count, errors, seconds: elapsed, rps: count / elapsed, p50: pct(50), p99: pct(99) }),
);
await pool.close();
