// A bridge worker in its own process, for the crash and lock tests: `node --import tsx worker-process.ts <mode> <store url> ...`.
//   effects <url> <leaseMs>   runs the `effect` flow: each job writes its effect in the transaction that completes it
//   race <url> <keys>         find-or-creates <keys> partners under named locks, printing what it created
import { sql } from 'kysely';
import { engineSchema } from '../../src/config/schema.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createEngine } from '../../src/engine/index.ts';
import { createLocks } from '../../src/engine/locks.ts';
import { openStore } from '../../src/store/db.ts';

const [mode, url, arg] = process.argv.slice(2);
const store = await openStore(url!);

if (mode === 'effects') {
  const engine = createEngine({
    store,
    logger: silentLogger(),
    settings: engineSchema.parse({ leaseMs: Number(arg ?? 1000), idlePollMs: 10, backoffBaseMs: 5, backoffMaxMs: 20 }),
    handlers: [
      {
        name: 'effect',
        connectors: [],
        async run(ctx) {
          await new Promise((r) => setTimeout(r, 1));
          const n = (ctx.job.payload as { n: number }).n;
          return {
            outcome: 'applied',
            effects: async (tx) =>
              void (await sql`insert into test_effects (job_id, n) values (${ctx.job.id}, ${n})`.execute(tx)),
          };
        },
      },
    ],
  });
  engine.start({ scheduler: false });
  process.stdout.write('ready\n');
  process.once(
    'SIGTERM',
    () =>
      void engine
        .stop()
        .then(() => store.close())
        .then(() => process.exit(0)),
  );
} else if (mode === 'race') {
  const withLock = createLocks(store);
  const keys = Number(arg ?? 10);
  let created = 0;
  await Promise.all(
    Array.from({ length: keys }, (_, i) =>
      withLock(`main:partner:customer${i}@example.com`, async () => {
        const email = `customer${i}@example.com`;
        const found = await sql<{ n: number }>`select count(*) as n from test_partners where email = ${email}`.execute(
          store.db,
        );
        if (Number(found.rows[0]!.n) > 0) return;
        await new Promise((r) => setTimeout(r, 30)); // widen the race window: a find-or-create without the lock would duplicate
        await sql`insert into test_partners (email, pid) values (${email}, ${process.pid})`.execute(store.db);
        created++;
      }),
    ),
  );
  process.stdout.write(`created ${created}\n`);
  await store.close();
} else {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}
