// `npm run bench -- clarity [--seconds 2] [--items 20000]`: webhook verifications per second for a 3 KB body (one
// core, node:crypto; the reference library for comparison), and inventory items per second pushed to the sandbox.
import { randomBytes } from 'node:crypto';
import { Webhook as ReferenceWebhook } from 'standardwebhooks';
import { ClarityClient } from '../src/connectors/clarity/client.ts';
import { signWebhook, WebhookVerifier } from '../src/connectors/clarity/webhook.ts';
import { Secret } from '../src/core/secret.ts';
import { startClaritySandbox } from '../src/sandbox/clarity/index.ts';
import { seedSku } from '../src/sandbox/seed-catalog.ts';
import type { BenchContext } from './main.ts';

export default async function (ctx: BenchContext): Promise<void> {
  const seconds = Number(ctx.options.seconds ?? 2);
  verificationBench(ctx, seconds);
  await inventoryBench(ctx, Number(ctx.options.items ?? 20_000));
}

function verificationBench(ctx: BenchContext, seconds: number): void {
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const envelope = (notes: string) =>
    JSON.stringify({
      id: 'evt_1',
      type: 'order.created',
      occurredAt: new Date().toISOString(),
      data: { Notes: notes },
    });
  const body = Buffer.from(envelope('x'.repeat(3_072 - envelope('').length))); // exactly 3 KB of JSON
  const id = 'msg_2Lz9bench';
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(secret, id, timestamp, body),
  };
  const verifier = new WebhookVerifier({ secrets: [secret] });
  const ours = rate(seconds, () => {
    if (!verifier.verify(headers, body).ok) throw new Error('bench message did not verify');
  });
  ctx.report({
    metric: 'verifications_per_s',
    value: ours,
    unit: '1/s',
    body_bytes: body.length,
    impl: 'node:crypto',
    target: 20_000,
  });
  const reference = new ReferenceWebhook(secret);
  const text = body.toString('utf8');
  const theirs = rate(Math.min(seconds, 1), () => void reference.verify(text, headers, { jsonParse: false }));
  ctx.report({
    metric: 'verifications_per_s',
    value: theirs,
    unit: '1/s',
    body_bytes: body.length,
    impl: 'standardwebhooks',
  });
}

function rate(seconds: number, fn: () => void): number {
  for (let i = 0; i < 2_000; i++) fn(); // warm-up
  const deadline = performance.now() + seconds * 1000;
  let count = 0;
  const started = performance.now();
  while (performance.now() < deadline) {
    for (let i = 0; i < 500; i++) fn();
    count += 500;
  }
  return count / ((performance.now() - started) / 1000);
}

async function inventoryBench(ctx: BenchContext, itemCount: number): Promise<void> {
  const sandbox = await startClaritySandbox({ port: 0, products: 2_000 });
  const client = new ClarityClient({
    baseUrl: sandbox.url,
    clientId: sandbox.clientId,
    clientSecret: new Secret(sandbox.clientSecret),
  });
  try {
    const skus = sandbox.store.products().map((p) => p.CustomKey);
    const pool = skus.length ? skus : [seedSku(1)];
    const items = Array.from({ length: itemCount }, (_, i) => ({
      Sku: pool[i % pool.length]!,
      LocationKey: 'Main',
      Quantity: i % 1000,
    }));
    await client.inventory.put(items.slice(0, 500)); // warm-up: token, sockets
    const started = performance.now();
    const result = await client.inventory.put(items);
    const ms = performance.now() - started;
    if (result.Errors.length) ctx.note(`${result.Errors.length} item(s) refused, first: ${result.Errors[0]!.Message}`);
    ctx.report({
      metric: 'inventory_items_per_s',
      value: result.Updated / (ms / 1000),
      unit: '1/s',
      items: itemCount,
      requests: result.requests,
      chunk: 500,
    });
  } finally {
    await client.close();
    await sandbox.close();
  }
}
