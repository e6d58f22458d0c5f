// The store itself: migrations when several processes start at once, scheduled work once per cluster.
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/logger.ts';
import { systemClock } from '../../src/core/clock.ts';
import { Scheduler } from '../../src/engine/scheduler.ts';
import { openStore, type Store } from '../../src/store/db.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { STORE_KINDS, testStoreUrl, waitUntil } from '../support/stores.ts';
import { inProcessLocks } from '../../src/engine/locks.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBridge } from '../support/cli.ts';

describe.each(STORE_KINDS)('store on %s', (kind) => {
  const opened: Store[] = [];
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await drop?.();
  });

  it('migrates once when several processes start at once on a fresh store', async () => {
    const target = await testStoreUrl(kind);
    drop = target.drop;
    const cwd = mkdtempSync(join(tmpdir(), 'bridge-migrate-'));
    const results = await Promise.all(
      Array.from({ length: 3 }, () => runBridge(['migrate', '--json'], { cwd, env: { DATABASE_URL: target.url } })),
    );
    expect(results.map((r) => r.code)).toEqual([0, 0, 0]);
    const applied = results.flatMap((r) => (JSON.parse(r.stdout) as { applied: string[] }).applied);
    expect(applied).toEqual(migrations.map((m) => m.name));
    opened.push(await openStore(target.url));
    const rows = await opened[0]!.db.selectFrom('schema_migrations').select('name').execute();
    expect(rows.map((r) => r.name)).toEqual(migrations.map((m) => m.name));
  });

  it(
    kind === 'postgres'
      ? 'runs a scheduled task on one process of the cluster only'
      : 'runs scheduled work in its one process',
    async () => {
      const target = await testStoreUrl(kind);
      drop = target.drop;
      const a = await openStore(target.url);
      opened.push(a);
      const runs: string[] = [];
      const schedulers = [new Scheduler(a, systemClock, silentLogger(), 10)];
      if (kind === 'postgres') {
        const b = await openStore(target.url);
        opened.push(b);
        schedulers.push(new Scheduler(b, systemClock, silentLogger(), 10));
      }
      schedulers.forEach((s, i) => s.every('tick', 20, async () => void runs.push(`s${i}`)));
      schedulers.forEach((s) => s.start());
      await waitUntil(() => runs.length >= 5);
      expect(schedulers.filter((s) => s.isLeader)).toHaveLength(1);
      await Promise.all(schedulers.map((s) => s.stop()));
      expect(new Set(runs).size).toBe(1);
      expect(schedulers.filter((s) => s.isLeader)).toHaveLength(0);
    },
  );
});

describe('in-process named locks (SQLite)', () => {
  it('serialise holders of one key and let other keys run alongside', async () => {
    const withLock = inProcessLocks();
    const log: string[] = [];
    const hold = (key: string, name: string, ms: number) =>
      withLock(key, async () => {
        log.push(`${name}+`);
        await new Promise((r) => setTimeout(r, ms));
        log.push(`${name}-`);
      });
    await Promise.all([hold('a', 'a1', 20), hold('a', 'a2', 1), hold('b', 'b1', 5)]);
    expect(log.indexOf('a1-')).toBeLessThan(log.indexOf('a2+'));
    expect(log.indexOf('b1+')).toBeLessThan(log.indexOf('a1-'));
  });
});
