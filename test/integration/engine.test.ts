// The engine's contracts, on SQLite and on PostgreSQL from the same file.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, BusinessError, TransientError, ValidationError } from '../../src/core/errors.ts';
import type { BridgeEvent } from '../../src/core/event.ts';
import { recordVersion } from '../../src/core/ids.ts';
import type { Engine, Handler, JobContext } from '../../src/engine/index.ts';
import type { EventJobPayload } from '../../src/engine/router.ts';
import { makeTestStore, STORE_KINDS, waitUntil, type TestStore } from '../support/stores.ts';
import { testEngine } from '../support/engine.ts';

function event(over: Partial<BridgeEvent> = {}): BridgeEvent {
  const occurredAt = over.occurredAt ?? '2026-11-25T10:00:00.000Z';
  return {
    integrationId: 'main',
    source: 'clarity',
    type: 'order.created',
    entity: 'order',
    entityId: '1001',
    version: recordVersion(occurredAt, { n: 1 }),
    occurredAt,
    payload: { CustomKey: '1001' },
    ...over,
  };
}

describe.each(STORE_KINDS)('engine on %s', (kind) => {
  let t: TestStore;
  let engine: Engine | undefined;
  beforeEach(async () => {
    t = await makeTestStore(kind);
  });
  afterEach(async () => {
    await engine?.stop(500);
    engine = undefined;
    await t.cleanup();
  });

  const jobsOf = async (flow: string) =>
    (await testEngine(t.store, []).repos.jobs.list({ flow, limit: 1000 })).sort((a, b) => a.id - b.id);

  it('stores a change once, whether it arrives by webhook or by poll, and says which', async () => {
    engine = testEngine(t.store, []);
    const first = await engine.inbox.recordEvent(event({ externalId: 'msg_1' }));
    const again = await engine.inbox.recordEvent(event({ externalId: 'msg_1' }));
    const byPoll = await engine.inbox.recordEvent(event());
    const sameDelivery = await engine.inbox.recordEvent(
      event({ externalId: 'msg_1', version: recordVersion('2026-11-25T10:00:00Z', { n: 2 }) }),
    );
    const otherChange = await engine.inbox.recordEvent(
      event({ version: recordVersion('2026-11-25T10:00:00Z', { n: 3 }) }),
    );
    expect(first.status).toBe('recorded');
    expect([again.status, byPoll.status, sameDelivery.status]).toEqual(['duplicate', 'duplicate', 'duplicate']);
    expect(again.id).toBe(first.id);
    expect(otherChange.status).toBe('recorded');
    const stored = await engine.repos.events.list({ integrationId: 'main' });
    expect(stored).toHaveLength(2);
    expect(stored.find((e) => e.id === first.id)?.duplicates).toBe(3);
  });

  it('records concurrent arrivals of the same change once (group commit)', async () => {
    engine = testEngine(t.store, []);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => engine!.inbox.recordEvent(event())));
    expect(outcomes.filter((o) => o.status === 'recorded')).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.id)).size).toBe(1);
  });

  it('enqueues idempotently by dedup key, many jobs in one call', async () => {
    engine = testEngine(t.store, []);
    const jobs = Array.from({ length: 1000 }, (_, i) => ({
      integrationId: 'main',
      flow: 'f',
      lane: `main:x:${i}`,
      dedupKey: `k${i}`,
      payload: { i },
      connectors: ['odoo'],
    }));
    expect(await engine.queue.enqueue(jobs)).toEqual({ enqueued: 1000, duplicates: 0 });
    expect(await engine.queue.enqueue(jobs.slice(0, 10))).toEqual({ enqueued: 0, duplicates: 10 });
    expect(await jobsOf('f')).toHaveLength(1000);
  });

  it('routes events to subscribed flows and runs each lane one job at a time, in the order events occurred', async () => {
    const seen: string[] = [];
    const running = new Map<string, number>();
    let overlap = 0;
    const flow: Handler = {
      name: 'orders',
      connectors: ['odoo'],
      on: ['order.created', 'order.updated'],
      async run(ctx) {
        const lane = ctx.job.lane;
        running.set(lane, (running.get(lane) ?? 0) + 1);
        if (running.get(lane)! > 1) overlap++;
        await new Promise((r) => setTimeout(r, 5));
        seen.push(
          `${(ctx.job.payload as EventJobPayload).event.entityId}@${(ctx.job.payload as EventJobPayload).event.occurredAt.slice(14, 19)}`,
        );
        running.set(lane, running.get(lane)! - 1);
        return { outcome: 'applied' };
      },
    };
    engine = testEngine(t.store, [flow]);
    // Arrive out of order: the later change first.
    for (const [id, minute] of [
      ['A', '03'],
      ['A', '01'],
      ['B', '02'],
      ['A', '02'],
      ['B', '01'],
    ] as const) {
      const occurredAt = `2026-11-25T10:${minute}:00.000Z`;
      await engine.inbox.recordEvent(
        event({ entityId: id, occurredAt, type: 'order.updated', version: recordVersion(occurredAt, { id, minute }) }),
      );
    }
    engine.start();
    await waitUntil(async () => seen.length === 5, 10_000, 'five jobs');
    expect(overlap).toBe(0);
    expect(seen.filter((s) => s.startsWith('A'))).toEqual(['A@01:00', 'A@02:00', 'A@03:00']);
    expect(seen.filter((s) => s.startsWith('B'))).toEqual(['B@01:00', 'B@02:00']);
  });

  it('computes the routes of waiting events side by side, so one slow route holds up none of the others', async () => {
    let inFlight = 0;
    let peak = 0;
    let releaseSlow!: () => void;
    const slow = new Promise<void>((r) => (releaseSlow = r));
    const flow: Handler = {
      name: 'asks-a-connector',
      on: ['order.created'],
      connectors: ['odoo'],
      async route(e) {
        inFlight++;
        peak = Math.max(peak, inFlight);
        // the first event's connector is slow to answer
        if (e.entityId === '0') await slow;
        else await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return { lane: `main:order:${e.entityId}` };
      },
      async run() {
        return { outcome: 'applied' };
      },
    };
    engine = testEngine(t.store, [flow]);
    await engine.inbox.recordEvents(Array.from({ length: 40 }, (_, i) => event({ entityId: String(i) })));
    const routing = engine.router.routeOnce();
    // every other route is computed while the first one still waits
    await waitUntil(async () => inFlight === 1);
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(32);
    releaseSlow();
    expect(await routing).toBe(40);
    expect(await jobsOf('asks-a-connector')).toHaveLength(40);
  });

  it.skipIf(kind === 'sqlite')(
    'routes each event in one process only when several workers share the store',
    async () => {
      let routeCalls = 0;
      const flow: Handler = {
        name: 'asks-a-connector',
        on: ['order.created'],
        connectors: ['odoo'],
        async route(e) {
          routeCalls++;
          await new Promise((r) => setTimeout(r, 10));
          return { lane: `main:order:${e.entityId}` };
        },
        async run() {
          return { outcome: 'applied' };
        },
      };
      engine = testEngine(t.store, [flow]);
      const other = testEngine(t.store, [flow]);
      await engine.inbox.recordEvents(Array.from({ length: 100 }, (_, i) => event({ entityId: String(i) })));
      // two workers' routers start a pass at the same moment, until every event is routed
      let routed = 0;
      while (routed < 100)
        routed += (await Promise.all([engine.router.routeOnce(), other.router.routeOnce()])).reduce((a, b) => a + b, 0);
      expect(routed).toBe(100);
      expect(routeCalls).toBe(100);
      expect(await jobsOf('asks-a-connector')).toHaveLength(100);
    },
  );

  it('lets a route read the store (a binding) to pick the lane, without blocking the router', async () => {
    const ran: string[] = [];
    let engineRef: Engine | undefined;
    const flow: Handler = {
      name: 'pickings',
      connectors: ['clarity'],
      on: ['odoo:stock.picking.changed'],
      async route(e) {
        const binding = await engineRef!.repos.bindings.byOdooId(e.integrationId, 'order', 44);
        return { lane: `main:order:${binding?.clarityKey ?? 'unknown'}` };
      },
      async run(ctx) {
        ran.push(ctx.job.lane);
        return { outcome: 'applied' };
      },
    };
    engine = engineRef = testEngine(t.store, [flow]);
    await engine.repos.bindings.upsert({ integrationId: 'main', entity: 'order', clarityKey: 'CL-1001', odooId: 44 });
    engine.start();
    await engine.inbox.recordEvent(
      event({ source: 'odoo', type: 'stock.picking.changed', entity: 'stock.picking', entityId: '7' }),
    );
    await waitUntil(() => ran.length === 1);
    expect(ran).toEqual(['main:order:CL-1001']);
  });

  it('finishes a job carrying an older version than one already applied as done/stale, without running it', async () => {
    const ran: string[] = [];
    const flow: Handler = {
      name: 'products',
      connectors: ['clarity'],
      on: ['product.updated'],
      async run(ctx) {
        ran.push((ctx.job.payload as EventJobPayload).event.version);
        return { outcome: 'applied' };
      },
    };
    engine = testEngine(t.store, [flow]);
    engine.start();
    const newer = recordVersion('2026-11-25T10:05:00Z', { price: 2 });
    await engine.inbox.recordEvent(
      event({
        type: 'product.updated',
        entity: 'product',
        entityId: 'SKU-1',
        version: newer,
        occurredAt: '2026-11-25T10:05:00Z',
      }),
    );
    await waitUntil(async () => ran.length === 1);
    const older = recordVersion('2026-11-25T10:01:00Z', { price: 1 });
    await engine.inbox.recordEvent(
      event({
        type: 'product.updated',
        entity: 'product',
        entityId: 'SKU-1',
        version: older,
        occurredAt: '2026-11-25T10:01:00Z',
      }),
    );
    const jobs = await waitUntil(async () => {
      const list = await jobsOf('products');
      return list.length === 2 && list.every((j) => j.state === 'done') && list;
    });
    expect(ran).toEqual([newer]);
    expect(jobs.map((j) => j.outcome)).toEqual(['applied', 'stale']);
  });

  it('retries a transient error with backoff, honouring retryAfter, then succeeds', async () => {
    let calls = 0;
    const flow: Handler = {
      name: 'flaky',
      connectors: ['odoo'],
      async run() {
        calls++;
        if (calls < 3) throw new TransientError('Odoo answered 503', { retryAfterMs: 30 });
        return { outcome: 'applied' };
      },
    };
    engine = testEngine(t.store, [flow]);
    await engine.queue.enqueue([
      { integrationId: 'main', flow: 'flaky', lane: 'main:x:1', dedupKey: 'j1', payload: {}, connectors: ['odoo'] },
    ]);
    engine.start();
    const job = await waitUntil(async () => (await jobsOf('flaky')).find((j) => j.state === 'done'));
    expect(job.attempts).toBe(3);
    const trace = await engine.repos.jobs.attempts(job.id);
    expect(trace.map((a) => a.result)).toEqual(['retrying', 'retrying', 'done:applied']);
    expect(trace[1]!.startedAt - trace[0]!.finishedAt).toBeGreaterThanOrEqual(25);
  });

  it('dead-letters after the attempt budget, a validation error at once with its field problems, and sends a business error to review', async () => {
    const flow: Handler = {
      name: 'classes',
      connectors: ['odoo'],
      async run(ctx) {
        const kind = (ctx.job.payload as { kind: string }).kind;
        if (kind === 'transient') throw new TransientError('timeout');
        if (kind === 'validation')
          throw new ValidationError('order does not fit sale.order', [
            { field: 'partner_id', reason: 'is required', rule: 'partner' },
          ]);
        throw new BusinessError('unknown SKU "NOPE-1"');
      },
    };
    engine = testEngine(t.store, [flow], { attempts: 3 });
    await engine.queue.enqueue(
      ['transient', 'validation', 'business'].map((kind, i) => ({
        integrationId: 'main',
        flow: 'classes',
        lane: `main:x:${i}`,
        dedupKey: kind,
        payload: { kind },
        connectors: ['odoo'],
      })),
    );
    engine.start();
    const jobs = await waitUntil(async () => {
      const list = await jobsOf('classes');
      return list.every((j) => ['dead', 'review'].includes(j.state)) && list;
    });
    const byKind = Object.fromEntries(jobs.map((j) => [(j.payload as { kind: string }).kind, j]));
    expect(byKind.transient).toMatchObject({ state: 'dead', attempts: 3 });
    expect(byKind.validation).toMatchObject({ state: 'dead', attempts: 1 });
    expect(byKind.validation!.lastError).toMatchObject({
      kind: 'validation',
      problems: [{ field: 'partner_id', reason: 'is required', rule: 'partner' }],
    });
    expect(byKind.business).toMatchObject({ state: 'review', attempts: 1, reason: 'unknown SKU "NOPE-1"' });
  });

  it('pauses a connector on an auth error without burning attempts, alerts, and resumes by itself when the probe succeeds', async () => {
    let credentialsWork = false;
    const ran: number[] = [];
    const flow: Handler = {
      name: 'auth',
      connectors: ['odoo'],
      async run(ctx) {
        if (!credentialsWork) throw new AuthError('Access Denied', { connector: 'odoo' });
        ran.push(ctx.job.id);
        return { outcome: 'applied' };
      },
    };
    const other: Handler = {
      name: 'other',
      connectors: ['clarity'],
      async run() {
        return { outcome: 'applied' };
      },
    };
    engine = testEngine(t.store, [flow, other], {
      concurrency: 1,
      probes: {
        odoo: async () => {
          if (!credentialsWork) throw new AuthError('still denied');
        },
      },
    });
    await engine.queue.enqueue(
      Array.from({ length: 3 }, (_, i) => ({
        integrationId: 'main',
        flow: 'auth',
        lane: `main:o:${i}`,
        dedupKey: `a${i}`,
        payload: {},
        connectors: ['odoo'],
      })),
    );
    engine.start();
    await waitUntil(
      async () => (await jobsOf('auth')).every((j) => j.state === 'paused'),
      10_000,
      'all odoo jobs paused',
    );
    const [state] = await engine.repos.connectors.list('main');
    expect(state).toMatchObject({ connector: 'odoo', state: 'paused' });
    expect(await engine.repos.alerts.list({ open: true })).toMatchObject([{ kind: 'auth', connector: 'odoo' }]);
    expect((await jobsOf('auth')).every((j) => j.attempts === 0)).toBe(true);
    // A job that does not use the paused connector still runs; a new odoo job waits.
    await engine.queue.enqueue([
      { integrationId: 'main', flow: 'other', lane: 'main:c:1', dedupKey: 'c1', payload: {}, connectors: ['clarity'] },
      { integrationId: 'main', flow: 'auth', lane: 'main:o:9', dedupKey: 'a9', payload: {}, connectors: ['odoo'] },
    ]);
    await waitUntil(async () => (await jobsOf('other'))[0]?.state === 'done');
    expect((await jobsOf('auth')).find((j) => j.dedupKey === 'a9')?.state).toBe('paused');
    credentialsWork = true;
    await waitUntil(async () => (await jobsOf('auth')).every((j) => j.state === 'done'), 10_000, 'resumed jobs done');
    expect(ran).toHaveLength(4);
    expect(await engine.repos.alerts.list({ open: true })).toEqual([]);
    expect((await engine.repos.connectors.list('main'))[0]?.state).toBe('active');
  });

  it('makes a job whose worker died claimable again once its lease expires', async () => {
    engine = testEngine(t.store, [], { leaseMs: 100 });
    await engine.queue.enqueue([
      { integrationId: 'main', flow: 'lease', lane: 'main:l:1', dedupKey: 'l1', payload: {}, connectors: [] },
    ]);
    const [claimed] = await engine.repos.jobs.claim('dead-worker', 10, Date.now(), 100, { only: ['lease'] });
    expect(claimed?.state).toBe('running');
    expect(await engine.repos.jobs.claim('other', 10, Date.now(), 100, { only: ['lease'] })).toEqual([]);
    await new Promise((r) => setTimeout(r, 150));
    expect(await engine.repos.jobs.recoverExpired(Date.now())).toBe(1);
    const done: number[] = [];
    await engine.stop();
    engine = testEngine(t.store, [
      {
        name: 'lease',
        connectors: [],
        async run(ctx) {
          done.push(ctx.job.id);
          return { outcome: 'applied' };
        },
      },
    ]);
    engine.start();
    await waitUntil(async () => done.length === 1);
    // The dead worker's late completion is refused: the job is not its any more.
    expect(await engine.repos.jobs.complete('dead-worker', [{ id: claimed!.id, outcome: 'noop' }], Date.now())).toEqual(
      [],
    );
    expect((await engine.queue.get(claimed!.id))?.outcome).toBe('applied');
  });

  it('keeps the lease of a long job alive with heartbeats, so no other worker takes it', async () => {
    let runs = 0;
    const slow: Handler = {
      name: 'long',
      connectors: [],
      async run() {
        runs++;
        await new Promise((r) => setTimeout(r, 1_500));
        return { outcome: 'applied' };
      },
    };
    engine = testEngine(t.store, [slow], { leaseMs: 600 });
    const rival = testEngine(t.store, [slow], { leaseMs: 600, workerId: 'rival' });
    await engine.queue.enqueue([
      { integrationId: 'main', flow: 'long', lane: 'main:l:1', dedupKey: 'long1', payload: {}, connectors: [] },
    ]);
    engine.start();
    await waitUntil(() => runs === 1);
    rival.start({ router: false, scheduler: false });
    let job;
    try {
      job = await waitUntil(async () => (await jobsOf('long'))[0]?.state === 'done' && (await jobsOf('long'))[0]);
    } finally {
      await rival.stop();
    }
    expect(runs).toBe(1);
    expect(job.attempts).toBe(1);
  });

  it('dead-letters a job whose worker keeps dying once its attempts are spent, instead of looping for ever', async () => {
    engine = testEngine(t.store, []);
    await engine.queue.enqueue([
      {
        integrationId: 'main',
        flow: 'poison',
        lane: 'main:p:1',
        dedupKey: 'p1',
        payload: {},
        connectors: [],
        maxAttempts: 2,
      },
    ]);
    for (let i = 0; i < 2; i++) {
      expect(await engine.repos.jobs.claim('doomed', 1, Date.now(), 1, { only: ['poison'] })).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 5));
      expect(await engine.repos.jobs.recoverExpired(Date.now())).toBe(1);
    }
    expect((await jobsOf('poison'))[0]).toMatchObject({
      state: 'dead',
      attempts: 2,
      reason: 'its worker stopped answering on every attempt',
    });
  });

  it("refuses a run's late completion once the same worker has claimed the job again", async () => {
    engine = testEngine(t.store, []);
    await engine.queue.enqueue([
      { integrationId: 'main', flow: 'fence', lane: 'main:f:1', dedupKey: 'f1', payload: {}, connectors: [] },
    ]);
    const [first] = await engine.repos.jobs.claim('w1', 1, Date.now(), 1, { only: ['fence'] });
    await new Promise((r) => setTimeout(r, 5));
    await engine.repos.jobs.recoverExpired(Date.now());
    const [second] = await engine.repos.jobs.claim('w1', 1, Date.now(), 60_000, { only: ['fence'] });
    const attempt = (job: typeof first) => ({
      integrationId: 'main',
      number: job!.attempts,
      worker: 'w1',
      startedAt: 0,
      steps: [],
    });
    expect(
      await engine.repos.jobs.complete(
        'w1',
        [{ id: first!.id, outcome: 'applied', attempt: attempt(first) }],
        Date.now(),
      ),
    ).toEqual([]);
    expect(
      await engine.repos.jobs.complete(
        'w1',
        [{ id: second!.id, outcome: 'applied', attempt: attempt(second) }],
        Date.now(),
      ),
    ).toEqual([second!.id]);
  });

  it('never claims a job of a connector an operator paused, even one enqueued as pending', async () => {
    engine = testEngine(t.store, []);
    await engine.queue.enqueue([
      { integrationId: 'main', flow: 'held', lane: 'main:h:1', dedupKey: 'h1', payload: {}, connectors: ['odoo'] },
    ]);
    await engine.repos.connectors.pause('main', 'odoo', 'operator', null, Date.now());
    expect(await engine.repos.jobs.claim('w', 10, Date.now(), 1000, { only: ['held'] })).toEqual([]);
    await engine.repos.connectors.resume('main', 'odoo', Date.now());
    expect(await engine.repos.jobs.claim('w', 10, Date.now(), 1000, { only: ['held'] })).toHaveLength(1);
  });

  it('hands a batch flow jobs of one integration at a time', async () => {
    const batches: string[][] = [];
    const flow: Handler = {
      name: 'per-shop',
      connectors: ['odoo'],
      batch: { max: 10, waitMs: 30 },
      async runBatch(ctxs: readonly JobContext[]) {
        batches.push(ctxs.map((c) => c.job.integrationId));
        return ctxs.map(() => ({ outcome: 'applied' as const }));
      },
    };
    engine = testEngine(t.store, [flow]);
    await engine.queue.enqueue(
      Array.from({ length: 12 }, (_, n) => ({
        integrationId: n % 2 ? 'shop-a' : 'shop-b',
        flow: 'per-shop',
        lane: `x:o:${n}`,
        dedupKey: `ps${n}`,
        payload: {},
        connectors: ['odoo'],
      })),
    );
    engine.start();
    await waitUntil(async () => (await jobsOf('per-shop')).every((j) => j.state === 'done'));
    expect(batches.flat()).toHaveLength(12);
    expect(batches.every((b) => new Set(b).size === 1)).toBe(true);
  });

  it("paces a connector's calls at its rate limit (token bucket), however the calls are spread over jobs", async () => {
    const calls: number[] = [];
    let engineRef: Engine | undefined;
    // Each job makes three calls, as a connector would, each waiting for a token first.
    const flow: Handler = {
      name: 'paced',
      connectors: ['clarity'],
      async run() {
        for (let i = 0; i < 3; i++) {
          await engineRef!.limiter.throttle('main', 'clarity');
          calls.push(Date.now());
        }
        return { outcome: 'applied' };
      },
    };
    engine = engineRef = testEngine(t.store, [flow], {
      limits: () => ({ concurrency: 8, ratePerSecond: 20, burst: 1 }),
    });
    await engine.queue.enqueue(
      Array.from({ length: 2 }, (_, n) => ({
        integrationId: 'main',
        flow: 'paced',
        lane: `main:r:${n}`,
        dedupKey: `r${n}`,
        payload: {},
        connectors: ['clarity'],
      })),
    );
    engine.start();
    await waitUntil(() => calls.length === 6);
    calls.sort((a, b) => a - b);
    // At 20 per second with a burst of 1, six calls span at least five intervals of 50 ms.
    expect(calls[5]! - calls[0]!).toBeGreaterThanOrEqual(5 * 50 - 10);
  });

  it('replays a dead job with an edited payload and a fresh budget, keeping its history', async () => {
    const flow: Handler = {
      name: 'edit',
      connectors: ['odoo'],
      async run(ctx) {
        const email = (ctx.job.payload as { email: string }).email;
        if (!email.includes('@'))
          throw new ValidationError('customer', [{ field: 'email', reason: 'not an email address', value: email }]);
        return { outcome: 'applied' };
      },
    };
    engine = testEngine(t.store, [flow]);
    await engine.queue.enqueue([
      {
        integrationId: 'main',
        flow: 'edit',
        lane: 'main:c:1',
        dedupKey: 'e1',
        payload: { email: 'nobody' },
        connectors: ['odoo'],
      },
    ]);
    engine.start();
    const dead = await waitUntil(async () => (await jobsOf('edit')).find((j) => j.state === 'dead'));
    expect(await engine.queue.replay([dead.id], { email: 'nobody@example.com' })).toEqual([dead.id]);
    const done = await waitUntil(async () => (await jobsOf('edit')).find((j) => j.state === 'done'));
    expect(done.payload).toEqual({ email: 'nobody@example.com' });
    expect((await engine.repos.jobs.attempts(done.id)).map((a) => a.result)).toEqual(['dead', 'done:applied']);
    expect(await engine.queue.replay([done.id])).toEqual([]);
  });

  it('discards a job with a reason, and refuses a discard without one', async () => {
    engine = testEngine(t.store, []);
    await engine.queue.enqueue([
      { integrationId: 'main', flow: 'x', lane: 'main:x:1', dedupKey: 'd1', payload: {}, connectors: [] },
    ]);
    const [job] = await jobsOf('x');
    await expect(engine.queue.discard([job!.id], ' ')).rejects.toThrow(/reason/);
    expect(await engine.queue.discard([job!.id], 'test order')).toEqual([job!.id]);
    expect(await engine.queue.get(job!.id)).toMatchObject({ state: 'discarded', reason: 'test order' });
  });

  it('never runs more jobs on one connector at once than its concurrency limit', async () => {
    let active = 0;
    let peak = 0;
    const flow: Handler = {
      name: 'limited',
      connectors: ['odoo'],
      async run() {
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 10));
        active--;
        return { outcome: 'applied' };
      },
    };
    engine = testEngine(t.store, [flow], {
      concurrency: 16,
      limits: () => ({ concurrency: 2, ratePerSecond: 0, burst: 1 }),
    });
    await engine.queue.enqueue(
      Array.from({ length: 30 }, (_, i) => ({
        integrationId: 'main',
        flow: 'limited',
        lane: `main:x:${i}`,
        dedupKey: `r${i}`,
        payload: {},
        connectors: ['odoo'],
      })),
    );
    engine.start();
    await waitUntil(async () => (await jobsOf('limited')).every((j) => j.state === 'done'));
    expect(peak).toBe(2);
  });

  it("claims a flow's urgent jobs ahead of an older backlog of lower priority", async () => {
    const order: string[] = [];
    const handler = (name: string, on: string, priority: number): Handler => ({
      name,
      on: [on],
      priority,
      connectors: ['odoo'],
      async run(ctx) {
        order.push(`${name}:${ctx.job.lane}`);
        await new Promise((r) => setTimeout(r, 20));
        return { outcome: 'applied' };
      },
    });
    engine = testEngine(t.store, [handler('catalog', 'product.changed', 5), handler('shipment', 'picking.done', 0)], {
      concurrency: 1,
    });
    await engine.inbox.recordEvents(
      Array.from({ length: 20 }, (_, i) =>
        event({ source: 'odoo', type: 'product.changed', entity: 'product', entityId: String(i) }),
      ),
    );
    engine.start();
    await waitUntil(async () => (await jobsOf('catalog')).length === 20);
    // a shipment arrives behind twenty catalog changes: it runs next, not last
    await engine.inbox.recordEvent(event({ source: 'odoo', type: 'picking.done', entity: 'picking', entityId: 'p1' }));
    await waitUntil(
      async () =>
        (await jobsOf('catalog')).concat(await jobsOf('shipment')).every((j) => j.state === 'done') &&
        order.length === 21,
    );
    // a catalog job or two may be running or claimed when it arrives; it runs right after those, not 20th
    expect(order.indexOf('shipment:main:picking:p1')).toBeLessThanOrEqual(5);
    expect((await jobsOf('shipment'))[0]).toMatchObject({ priority: 0 });
    expect((await jobsOf('catalog'))[0]).toMatchObject({ priority: 5 });
  });

  it("routes an urgent flow's event ahead of an older backlog of events for lower-priority flows", async () => {
    const flow = (name: string, on: string, priority: number): Handler => ({
      name,
      on: [on],
      priority,
      connectors: ['odoo'],
      run: async () => ({ outcome: 'applied' }),
    });
    engine = testEngine(t.store, [flow('catalog', 'product.changed', 5), flow('shipment', 'picking.done', 0)]);
    await engine.inbox.recordEvents(
      Array.from({ length: 30 }, (_, i) =>
        event({ source: 'odoo', type: 'product.changed', entity: 'product', entityId: String(i) }),
      ),
    );
    await engine.inbox.recordEvent(event({ source: 'odoo', type: 'picking.done', entity: 'picking', entityId: 'p1' }));
    // the first pass of ten takes the shipment's event, though twenty-nine others came before it
    expect(await engine.router.routeOnce(10)).toBe(10);
    expect(await jobsOf('shipment')).toHaveLength(1);
    expect(await jobsOf('catalog')).toHaveLength(9);
  });

  it('hands a batch flow up to max jobs from distinct lanes, and settles each job on its own', async () => {
    const batches: number[][] = [];
    const flow: Handler = {
      name: 'batched',
      connectors: ['odoo'],
      batch: { max: 10, waitMs: 50 },
      async runBatch(ctxs: readonly JobContext[]) {
        batches.push(ctxs.map((c) => (c.job.payload as { n: number }).n));
        return ctxs.map((c) =>
          (c.job.payload as { n: number }).n === 7
            ? new BusinessError('order 7 refers to an unknown SKU')
            : { outcome: 'applied' as const },
        );
      },
    };
    engine = testEngine(t.store, [flow]);
    // 25 jobs over 20 lanes: lanes 0..4 hold two jobs each.
    await engine.queue.enqueue(
      Array.from({ length: 25 }, (_, n) => ({
        integrationId: 'main',
        flow: 'batched',
        lane: `main:o:${n % 20}`,
        dedupKey: `b${n}`,
        payload: { n },
        seq: n,
        connectors: ['odoo'],
      })),
    );
    engine.start();
    const jobs = await waitUntil(async () => {
      const list = await jobsOf('batched');
      return list.every((j) => j.state === 'done' || j.state === 'review') && list;
    });
    expect(batches.every((b) => b.length <= 10)).toBe(true);
    expect(batches.every((b) => new Set(b.map((n) => n % 20)).size === b.length)).toBe(true);
    expect(batches.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, n) => n));
    expect(jobs.filter((j) => j.state === 'review').map((j) => (j.payload as { n: number }).n)).toEqual([7]);
  });

  it('shuts down gracefully: finishes in-flight work within the grace period, gives back what cannot finish', async () => {
    const gate: { open?: () => void } = {};
    const flow: Handler = {
      name: 'slow',
      connectors: [],
      async run(ctx) {
        if ((ctx.job.payload as { slow: boolean }).slow)
          await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve()));
        else await new Promise<void>((resolve) => (gate.open = resolve));
        return { outcome: 'applied' };
      },
    };
    engine = testEngine(t.store, [flow]);
    await engine.queue.enqueue([
      {
        integrationId: 'main',
        flow: 'slow',
        lane: 'main:s:1',
        dedupKey: 's1',
        payload: { slow: false },
        connectors: [],
      },
      {
        integrationId: 'main',
        flow: 'slow',
        lane: 'main:s:2',
        dedupKey: 's2',
        payload: { slow: true },
        connectors: [],
      },
    ]);
    engine.start();
    await waitUntil(() => engine!.worker.running === 2 && gate.open !== undefined);
    const stopping = engine.stop(300);
    gate.open!();
    await stopping;
    engine = undefined;
    const jobs = await jobsOf('slow');
    expect(jobs.map((j) => [j.dedupKey, j.state, j.attempts])).toEqual([
      ['s1', 'done', 1],
      ['s2', 'pending', 0],
    ]);
  });
});
