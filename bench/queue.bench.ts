// Queue throughput (enqueue → claim → complete, no-op handler) and enqueue-to-start latency when idle,
// on SQLite and on PostgreSQL. Options: --jobs N (default 20000), --samples N (default 200), --store sqlite|postgres.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { engineSchema } from '../src/config/schema.ts';
import { silentLogger } from '../src/core/logger.ts';
import { createEngine, type Handler } from '../src/engine/index.ts';
import { makeTestStore, STORE_KINDS, type StoreKind } from '../test/support/stores.ts';
import type { BenchContext } from './main.ts';

export default async function queueBench(ctx: BenchContext): Promise<void> {
  const jobs = Number(ctx.options.jobs ?? 20_000);
  const samples = Number(ctx.options.samples ?? 200);
  const kinds = ctx.options.store ? [String(ctx.options.store) as StoreKind] : [...STORE_KINDS];
  for (const kind of kinds) {
    await throughput(ctx, kind, jobs);
    await latency(ctx, kind, samples);
  }
}

async function throughput(ctx: BenchContext, kind: StoreKind, total: number): Promise<void> {
  const t = await makeTestStore(kind);
  let done = 0;
  let finished!: () => void;
  const allDone = new Promise<void>((r) => (finished = r));
  const handler: Handler = {
    name: 'noop',
    connectors: [],
    async run() {
      if (++done === total) finished();
      return { outcome: 'noop' };
    },
  };
  const engine = createEngine({
    store: t.store,
    handlers: [handler],
    logger: silentLogger(),
    settings: engineSchema.parse({ concurrency: 64, idlePollMs: 5 }),
  });
  ctx.note(`${kind}: ${total} jobs on ${total / 10} lanes`);
  engine.start({ scheduler: false, router: false });
  const started = performance.now();
  const chunk = 1_000;
  for (let i = 0; i < total; i += chunk) {
    await engine.queue.enqueue(
      Array.from({ length: Math.min(chunk, total - i) }, (_, k) => ({
        integrationId: 'bench',
        flow: 'noop',
        lane: `bench:x:${(i + k) % (total / 10)}`,
        dedupKey: `j${i + k}`,
        payload: { n: i + k },
        connectors: [],
      })),
    );
  }
  const enqueued = performance.now();
  await allDone;
  // The last completions are group-committed just after the handler returns: wait until they are durable.
  for (;;) {
    const row = await sql<{ n: number }>`select count(*) as n from jobs where state = 'done'`.execute(t.store.db);
    if (Number(row.rows[0]!.n) === total) break;
    await new Promise((r) => setTimeout(r, 2));
  }
  const elapsed = performance.now() - started;
  await engine.stop();
  await t.cleanup();
  ctx.report({
    metric: 'jobs_per_s',
    value: Math.round(total / (elapsed / 1000)),
    unit: '1/s',
    store: kind,
    jobs: total,
  });
  ctx.report({
    metric: 'enqueue_per_s',
    value: Math.round(total / ((enqueued - started) / 1000)),
    unit: '1/s',
    store: kind,
    jobs: total,
  });
}

async function latency(ctx: BenchContext, kind: StoreKind, samples: number): Promise<void> {
  const t = await makeTestStore(kind);
  const waits: number[] = [];
  let resolveOne: (() => void) | null = null;
  const handler: Handler = {
    name: 'probe',
    connectors: [],
    async run(job) {
      waits.push(performance.now() - (job.job.payload as { t: number }).t);
      resolveOne?.();
      return { outcome: 'noop' };
    },
  };
  const engine = createEngine({
    store: t.store,
    handlers: [handler],
    logger: silentLogger(),
    settings: engineSchema.parse({ idlePollMs: 200 }),
  });
  engine.start({ scheduler: false, router: false });
  await new Promise((r) => setTimeout(r, 100));
  for (let i = 0; i < samples; i++) {
    const ran = new Promise<void>((r) => (resolveOne = r));
    await engine.queue.enqueue([
      {
        integrationId: 'bench',
        flow: 'probe',
        lane: `bench:l:${i}`,
        dedupKey: `p${i}`,
        payload: { t: performance.now() },
        connectors: [],
      },
    ]);
    await ran;
    await new Promise((r) => setTimeout(r, 5)); // idle between samples
  }
  await engine.stop();
  await t.cleanup();
  waits.sort((a, b) => a - b);
  const pct = (p: number) => waits[Math.min(waits.length - 1, Math.floor((p / 100) * waits.length))]!;
  ctx.report({
    metric: 'enqueue_to_start_p50_ms',
    value: Math.round(pct(50) * 100) / 100,
    unit: 'ms',
    store: kind,
    samples,
  });
  ctx.report({
    metric: 'enqueue_to_start_p99_ms',
    value: Math.round(pct(99) * 100) / 100,
    unit: 'ms',
    store: kind,
    samples,
  });
}
