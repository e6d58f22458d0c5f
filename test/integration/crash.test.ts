// Kill -9 at a seeded point of a 2,000-job run: after a restart every job has completed and each effect exists once.
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { Queue } from '../../src/engine/queue.ts';
import { systemClock } from '../../src/core/clock.ts';
import { repos } from '../../src/store/index.ts';
import { spawnTs } from '../support/spawn.ts';
import { makeTestStore, waitUntil, type StoreKind, type TestStore } from '../support/stores.ts';
import { seededRandom } from '../../src/sandbox/seed-catalog.ts';

const JOBS = 2_000;

async function prepare(t: TestStore): Promise<void> {
  await sql
    .raw(
      `create table test_effects (job_id ${t.store.dialect === 'postgres' ? 'bigint' : 'integer'} not null, n integer not null)`,
    )
    .execute(t.store.db);
  const queue = new Queue(repos(t.store), systemClock, { attempts: 12, probeBaseMs: 1000 });
  await queue.enqueue(
    Array.from({ length: JOBS }, (_, n) => ({
      integrationId: 'main',
      flow: 'effect',
      lane: `main:x:${n % 500}`,
      dedupKey: `e${n}`,
      payload: { n },
      seq: n,
      connectors: [],
    })),
  );
}

const doneCount = async (t: TestStore) =>
  Number(
    (await sql<{ n: number }>`select count(*) as n from jobs where state = 'done'`.execute(t.store.db)).rows[0]!.n,
  );

async function assertExactlyOnce(t: TestStore): Promise<void> {
  await waitUntil(async () => (await doneCount(t)) === JOBS, 60_000, 'every job done');
  const effects = await sql<{ total: number; distinct_jobs: number; distinct_n: number }>`
    select count(*) as total, count(distinct job_id) as distinct_jobs, count(distinct n) as distinct_n from test_effects`.execute(
    t.store.db,
  );
  expect(effects.rows[0]).toEqual({ total: JOBS, distinct_jobs: JOBS, distinct_n: JOBS });
  const notDone = await sql<{ n: number }>`select count(*) as n from jobs where state <> 'done'`.execute(t.store.db);
  expect(Number(notDone.rows[0]!.n)).toBe(0);
}

/** Waits until the seeded share of jobs is done, kills the child, and checks the kill landed inside 20–80%. */
async function killAt(t: TestStore, child: ReturnType<typeof spawnTs>, seed: number): Promise<number> {
  const target = Math.floor(JOBS * (0.2 + seededRandom(seed)() * 0.6));
  await waitUntil(async () => (await doneCount(t)) >= target, 60_000, `${target} jobs done`);
  child.kill('SIGKILL');
  await child.exited;
  const atKill = await doneCount(t);
  expect(atKill).toBeGreaterThanOrEqual(JOBS * 0.2);
  expect(atKill).toBeLessThan(JOBS * 0.8);
  return atKill;
}

describe('crash safety', () => {
  let t: TestStore | undefined;
  const children: ReturnType<typeof spawnTs>[] = [];
  afterEach(async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await t?.cleanup();
  });

  it.each(['sqlite'] as StoreKind[])(
    'on %s: a worker killed mid-run loses and duplicates nothing after a restart',
    async (kind) => {
      t = await makeTestStore(kind);
      await prepare(t);
      const first = spawnTs('./worker-process.ts', ['effects', t.url, '1000']);
      children.push(first);
      await first.ready;
      await killAt(t, first, 2026);
      const second = spawnTs('./worker-process.ts', ['effects', t.url, '1000']);
      children.push(second);
      await assertExactlyOnce(t);
    },
  );

  it('on postgres: three workers, one killed mid-run; the others finish its jobs once its lease expires', async () => {
    t = await makeTestStore('postgres');
    await prepare(t);
    const workers = [0, 1, 2].map(() => spawnTs('./worker-process.ts', ['effects', t!.url, '1000']));
    children.push(...workers);
    await Promise.all(workers.map((w) => w.ready));
    await killAt(t, workers[1]!, 1125);
    await assertExactlyOnce(t);
    expect(workers[0]!.exitCode).toBeNull();
    expect(workers[2]!.exitCode).toBeNull();
  });
});

describe('named locks', () => {
  let t: TestStore | undefined;
  afterEach(async () => t?.cleanup());

  it('two processes racing a find-or-create under one key create one record per key (postgres)', async () => {
    t = await makeTestStore('postgres');
    await sql`create table test_partners (email text not null, pid integer not null)`.execute(t.store.db);
    const racers = [
      spawnTs('./worker-process.ts', ['race', t.url, '20']),
      spawnTs('./worker-process.ts', ['race', t.url, '20']),
    ];
    await Promise.all(racers.map((r) => r.exited));
    const rows = await sql<{
      email: string;
      n: number;
    }>`select email, count(*) as n from test_partners group by email`.execute(t.store.db);
    expect(rows.rows).toHaveLength(20);
    expect(rows.rows.every((r) => Number(r.n) === 1)).toBe(true);
    const created = racers.map((r) => Number(/created (\d+)/.exec(r.output())?.[1]));
    expect(created[0]! + created[1]!).toBe(20);
  });
});
