// fulfillment-to-clarity and order-cancel over real HTTP to both sandboxes: a delivery validated in Odoo becomes a
// Clarity shipment with carrier and tracking and the order Shipped; a partial pick shows PartiallyShipped until
// the backorder is done (its own shipment); cancellations both ways, and a cancel after shipping held in review;
// automation webhook hints posted before Odoo commits, carrying the previous write_date, ship at once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SalesOrder } from '../../src/connectors/clarity/contract.ts';
import {
  DEFAULT_WEBHOOK_RULES,
  HINT_COMMIT_WAIT_MS,
  createOdooWebhookReceiver,
  odooWebhookPath,
  setTrackingReference,
  setupOdooWebhooks,
  validatePicking,
  type OdooHint,
  type ValidateOptions,
} from '../../src/connectors/odoo/index.ts';
import type { Job } from '../../src/engine/job.ts';
import { PICKING_POLL_FIELDS } from '../../src/flows/fulfillment/fulfillment-to-clarity.ts';
import { Secret } from '../../src/core/secret.ts';
import { orderTrace } from '../../src/flows/orders/order-trace.ts';
import { printOrderTrace, register as registerOrders } from '../../src/cli/commands/orders.ts';
import { waitUntil } from '../support/stores.ts';
import { retotal } from '../support/retotal.ts';
import { startHarness, type Harness } from './flows-catalog-harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ products: 20 });
});

afterAll(async () => {
  await h?.close();
});

const odoo = () => h.bridge.integrations.get('main')!.odoo.client;

/** Places an order in Clarity and runs it into Odoo; returns it with its sale order id. */
async function orderInOdoo(
  seed: number,
  tweak?: (order: SalesOrder) => void,
): Promise<{ order: SalesOrder; saleId: number }> {
  const [first] = (await h.clarity.placeOrders(1, { seed })) as unknown as SalesOrder[];
  // the shop changes the order (and so its totals) before the bridge hears of it
  const placed = tweak
    ? (h.clarity.editOrder(first!.ID, (o) => {
        tweak(o as unknown as SalesOrder);
        retotal(o as unknown as SalesOrder);
      }) as unknown as SalesOrder)
    : first;
  const since = await h.lastJobId();
  await h.clarityChanged('order', placed!, 'order.created');
  const jobs = await h.settle(since);
  expect(jobs.map((j) => j.state)).toEqual(['done']);
  const [saleId] = await h.execute<number[]>('sale.order', 'search', [[['client_order_ref', '=', placed!.CustomKey]]]);
  return { order: placed!, saleId: saleId! };
}

const deliveries = (saleId: number) =>
  h.execute<{ id: number; name: string; state: string; backorder_id: [number, string] | false }[]>(
    'stock.picking',
    'search_read',
    [
      [
        ['sale_id', '=', saleId],
        ['picking_type_code', '=', 'outgoing'],
      ],
    ],
    {
      fields: ['name', 'state', 'backorder_id'],
      order: 'id asc',
    },
  );

/** The warehouse validates a delivery (as a person would, through Odoo's dialogs), then the poller sees it. */
async function ship(pickingId: number, options: ValidateOptions & { tracking?: string } = {}): Promise<Job[]> {
  if (options.tracking)
    await setTrackingReference(
      odoo(),
      pickingId,
      options.tracking,
      (await h.execute<number[]>('delivery.carrier', 'search', [[['name', '=', 'UPS']]]))[0],
    );
  await validatePicking(odoo(), pickingId, options);
  const since = await h.lastJobId();
  await h.odooChanged('stock.picking', pickingId, [...PICKING_POLL_FIELDS]);
  return h.settle(since);
}

const clarityOrder = (key: string) => h.clarity.store.order(key)!;
const shipmentsOf = (key: string) => h.clarity.store.shipments(clarityOrder(key).ID);

describe('fulfillment-to-clarity', () => {
  it('posts the shipment with carrier, tracking and items, and marks the order Shipped', async () => {
    const { order, saleId } = await orderInOdoo(101);
    const [picking] = await deliveries(saleId);
    const jobs = await ship(picking!.id, { tracking: '1Z999AA10123456784' });
    expect(
      jobs.filter((j) => j.flow === 'fulfillment-to-clarity').map((j) => [j.flow, j.lane, j.state, j.outcome]),
    ).toEqual([['fulfillment-to-clarity', `main:order:${order.CustomKey}`, 'done', 'applied']]);
    const [shipment, ...more] = shipmentsOf(order.CustomKey);
    expect(more).toEqual([]);
    expect(shipment).toMatchObject({
      CustomKey: `odoo-picking-${picking!.id}`,
      CarrierKey: 'UPS',
      TrackingNumber: '1Z999AA10123456784',
    });
    expect(shipment!.Items.map((i) => [i.Sku, i.Quantity]).sort()).toEqual(
      order.SalesItems.map((i) => [i.Sku, i.Quantity]).sort(),
    );
    expect(clarityOrder(order.CustomKey)).toMatchObject({ StatusKey: 'Shipped', TrackingNumber: '1Z999AA10123456784' });

    // the same change seen again (webhook and poll): no second shipment
    const since = await h.lastJobId();
    await h.odooChanged('stock.picking', picking!.id);
    const again = (await h.settle(since)).filter((j) => j.flow === 'fulfillment-to-clarity');
    expect(again.map((j) => [j.state, j.outcome])).toEqual([['done', 'noop']]);
    expect(shipmentsOf(order.CustomKey)).toHaveLength(1);
  });

  it('shows PartiallyShipped while a backorder remains, then Shipped with a second shipment when it is done', async () => {
    const { order, saleId } = await orderInOdoo(102, (o) => {
      o.SalesItems = [{ ...o.SalesItems[0]!, Quantity: 3, Discount: 0 }];
    });
    const [picking] = await deliveries(saleId);
    const [move] = await h.execute<{ id: number }[]>(
      'stock.move',
      'search_read',
      [[['picking_id', '=', picking!.id]]],
      { fields: ['id'] },
    );
    await ship(picking!.id, { quantities: { [move!.id]: 1 }, backorder: 'create', tracking: 'PART-1' });
    expect(clarityOrder(order.CustomKey).StatusKey).toBe('PartiallyShipped');
    expect(shipmentsOf(order.CustomKey).map((s) => s.Items.map((i) => i.Quantity))).toEqual([[1]]);

    const backorder = (await deliveries(saleId)).find((p) => p.state !== 'done' && p.state !== 'cancel')!;
    expect(backorder.backorder_id && backorder.backorder_id[0]).toBe(picking!.id);
    await ship(backorder.id, { tracking: 'PART-2' });
    expect(shipmentsOf(order.CustomKey).map((s) => [s.CustomKey, s.TrackingNumber, s.Items[0]!.Quantity])).toEqual([
      [`odoo-picking-${picking!.id}`, 'PART-1', 1],
      [`odoo-picking-${backorder.id}`, 'PART-2', 2],
    ]);
    expect(clarityOrder(order.CustomKey)).toMatchObject({ StatusKey: 'Shipped', TrackingNumber: 'PART-2' });
  });
});

describe('order-cancel', () => {
  async function cancelInClarity(order: SalesOrder): Promise<Job[]> {
    const clarity = h.bridge.integrations.get('main')!.clarity;
    const cancelled = await clarity.orders.patch(order.ID, { StatusKey: 'Cancelled' });
    const since = await h.lastJobId();
    await h.clarityChanged('order', cancelled, 'order.cancelled');
    return h.settle(since);
  }

  it('cancels the Odoo order when nothing has shipped', async () => {
    const { order, saleId } = await orderInOdoo(201);
    const jobs = await cancelInClarity(order);
    expect(jobs.filter((j) => j.flow === 'order-cancel').map((j) => [j.lane, j.state, j.outcome])).toEqual([
      [`main:order:${order.CustomKey}`, 'done', 'applied'],
    ]);
    const [sale] = await h.execute<{ state: string }[]>('sale.order', 'read', [[saleId]], { fields: ['state'] });
    expect(sale!.state).toBe('cancel');
    expect((await deliveries(saleId)).map((p) => p.state)).toEqual(['cancel']);
  });

  it('holds a cancellation in review, with the reason, when the order has shipped', async () => {
    const { order, saleId } = await orderInOdoo(202);
    const [picking] = await deliveries(saleId);
    await ship(picking!.id);
    const [job] = (await cancelInClarity(order)).filter((j) => j.flow === 'order-cancel');
    expect(job!.state).toBe('review');
    expect(job!.reason).toContain('already shipped');
    expect(job!.reason).toContain(picking!.name);
    const [sale] = await h.execute<{ state: string }[]>('sale.order', 'read', [[saleId]], { fields: ['state'] });
    expect(sale!.state).toBe('sale');
  });

  it('shows Cancelled in Clarity when the order is cancelled in Odoo', async () => {
    const { order, saleId } = await orderInOdoo(203);
    await h.execute('sale.order', 'action_cancel', [[saleId]], { context: { disable_cancel_warning: true } });
    const since = await h.lastJobId();
    await h.odooChanged('sale.order', saleId, ['name', 'state', 'client_order_ref']);
    const jobs = await h.settle(since);
    expect(jobs.filter((j) => j.flow === 'order-cancel').map((j) => [j.lane, j.state, j.outcome])).toEqual([
      [`main:order:${order.CustomKey}`, 'done', 'applied'],
    ]);
    expect(clarityOrder(order.CustomKey).StatusKey).toBe('Cancelled');
  });
});

describe('order trace', () => {
  it("records the order's whole journey on its lane: events, steps with requests and answers, bindings — no secrets", async () => {
    const { order, saleId } = await orderInOdoo(301);
    const [picking] = await deliveries(saleId);
    await ship(picking!.id, { tracking: 'TRACE-1' });
    const trace = await orderTrace(h.bridge.services.repos, 'main', order.CustomKey);
    expect(trace.binding?.odooId).toBe(saleId);
    expect(trace.jobs.map((j) => [j.event?.type, j.job.flow, j.job.state])).toEqual([
      ['order.created', 'order-to-odoo', 'done'],
      ['stock.picking.changed', 'fulfillment-to-clarity', 'done'],
    ]);
    const steps = trace.jobs.flatMap((j) => j.attempts.flatMap((a) => a.steps));
    const names = steps.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'find sale orders by client_order_ref',
        'create 1 sale order(s)',
        'confirm 1 sale order(s)',
        `update Clarity order ${order.CustomKey}`,
        `post shipment odoo-picking-${picking!.id}`,
        'binding',
      ]),
    );
    expect(steps.find((s) => s.name === `update Clarity order ${order.CustomKey}`)!.request).toMatchObject({
      StatusKey: 'Confirmed',
    });
    expect(steps.every((s) => typeof s.ms === 'number')).toBe(true);
    const text = JSON.stringify(trace);
    expect(text).not.toContain('sandbox-api-key');
    expect(text).not.toContain('sandbox-secret');

    const printed: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void printed.push(String(line)));
    try {
      printOrderTrace(trace);
    } finally {
      spy.mockRestore();
    }
    const output = printed.join('\n');
    expect(output).toContain(`order ${order.CustomKey}`);
    expect(output).toContain(`Odoo sale.order ${saleId}`);
    expect(output).toContain('event clarity order.created');
    expect(output).toContain('fulfillment-to-clarity  done/applied');
  });
});

describe('automation webhook hints: Odoo 17 posts before it commits, with the previous write_date (fixture 25)', () => {
  const TOKEN = 'hint-token-5c1e0a7d93b2';
  const stepOf = async (job: Job, name: string) =>
    (await h.bridge.engine.repos.jobs.attempts(job.id)).flatMap((a) => a.steps).find((s) => s.name === name);

  /**
   * Runs `fn` with setup-webhooks' rule `key` installed in the Odoo sandbox, posting to a receiver that records the
   * hint in the bridge's inbox and, like a reader during a real Odoo 17's POST, answers only once the bridge has read
   * `model` (or after 0.9 s): the bridge then reads before the sandbox commits. The rule is removed afterwards.
   */
  async function withWebhook<T>(key: string, model: string, fn: () => Promise<T>): Promise<T> {
    const receiver = createOdooWebhookReceiver({
      integrationId: 'main',
      token: new Secret(TOKEN),
      onEvent: async (event) => void (await h.bridge.engine.inbox.recordEvent(event)),
    });
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const readsBefore = h.calls(`odoo ${model}.read`);
        void (async () => {
          const answer = await receiver.receive(TOKEN, Buffer.concat(chunks).toString('utf8'));
          await waitUntil(() => h.calls(`odoo ${model}.read`) > readsBefore, 900).catch(() => undefined);
          res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
        })();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${odooWebhookPath('main', TOKEN)}`;
    const { rules } = await setupOdooWebhooks(odoo(), {
      url,
      rules: DEFAULT_WEBHOOK_RULES.filter((r) => r.key === key),
    });
    try {
      return await fn();
    } finally {
      await h.execute('base.automation', 'unlink', [rules.map((r) => r.automationId)]);
      await h.execute('ir.actions.server', 'unlink', [rules.map((r) => r.actionId)]);
      await new Promise((resolve) => server.close(resolve));
    }
  }

  /** Until the next second: the validation then comes after the picking's last write, as when a person validates it. */
  const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1_020 - (Date.now() % 1_000)));

  it.each([
    ['with a tracking number', 411, 'HINT-1Z411'],
    ['without a tracking number', 412, undefined],
  ])('ships a delivery validated %s at once: one attempt, no dead job', async (_, seed, tracking) => {
    const { order, saleId } = await orderInOdoo(seed);
    const [picking] = await deliveries(saleId);
    if (tracking) await setTrackingReference(odoo(), picking!.id, tracking);
    const [assigned] = await h.execute<{ write_date: string }[]>('stock.picking', 'read', [
      [picking!.id],
      ['write_date'],
    ]);
    await nextSecond();
    const since = await h.lastJobId();
    await withWebhook('picking done', 'stock.picking', async () => {
      await validatePicking(odoo(), picking!.id);
      await waitUntil(() => shipmentsOf(order.CustomKey).length > 0, 5_000, 'the shipment in the store');
    });
    const [job, ...more] = (await h.settle(since)).filter((j) => j.flow === 'fulfillment-to-clarity');
    expect(more).toEqual([]);
    expect([job!.state, job!.outcome, job!.attempts]).toEqual(['done', 'applied', 1]);
    // the hint carried the picking's write_date from before the validation, as a real Odoo's does
    const hint = (job!.payload as { event: { payload: OdooHint } }).event.payload;
    expect(hint.values).toMatchObject({ state: 'done', write_date: assigned!.write_date });
    // the bridge read the picking before the sandbox committed the validation, then again once it had
    const read = (await stepOf(job!, 'read picking'))!.response as { reads: number; record: { state: string } };
    expect(read.reads).toBeGreaterThan(1);
    expect(read.record.state).toBe('done');
    const [shipment, ...others] = shipmentsOf(order.CustomKey);
    expect(others).toEqual([]);
    expect(shipment).toMatchObject({ CustomKey: `odoo-picking-${picking!.id}` });
    expect(shipment!.TrackingNumber ?? undefined).toBe(tracking);
    expect(clarityOrder(order.CustomKey).StatusKey).toBe('Shipped');

    // the poller's event of the same change runs (never stale because of the hint), and posts nothing twice
    const again = await h.lastJobId();
    await h.odooChanged('stock.picking', picking!.id, [...PICKING_POLL_FIELDS]);
    const polled = (await h.settle(again)).filter((j) => j.flow === 'fulfillment-to-clarity');
    expect(polled.map((j) => [j.state, j.outcome, j.attempts])).toEqual([['done', 'noop', 1]]);
    expect(shipmentsOf(order.CustomKey)).toHaveLength(1);
    const lane = await h.bridge.engine.repos.jobs.list({ limit: 100 });
    expect(lane.filter((j) => j.lane === `main:order:${order.CustomKey}` && j.state !== 'done')).toEqual([]);
  });

  it('goes on with what Odoo has when the hinted change never shows, and says so in the trace', async () => {
    const { order, saleId } = await orderInOdoo(413);
    const [picking] = await deliveries(saleId);
    const [read] = await h.execute<Record<string, unknown>[]>('stock.picking', 'read', [
      [picking!.id],
      ['name', 'origin', 'write_date'],
    ]);
    // a POST whose transaction Odoo rolled back (17 posts before it commits): the picking never becomes done
    const postedAt = Date.now() - (HINT_COMMIT_WAIT_MS - 300);
    const receiver = createOdooWebhookReceiver({
      integrationId: 'main',
      token: new Secret(TOKEN),
      onEvent: async (event) => void (await h.bridge.engine.inbox.recordEvent(event)),
      clock: { now: () => postedAt, sleep: async () => {} },
    });
    const since = await h.lastJobId();
    const body = { _action: 'Bridge webhook: picking done(#1)', _id: picking!.id, _model: 'stock.picking' };
    await receiver.receive(TOKEN, { ...body, id: picking!.id, state: 'done', sale_id: saleId, ...read });
    const [job] = (await h.settle(since)).filter((j) => j.flow === 'fulfillment-to-clarity');
    expect([job!.state, job!.outcome, job!.attempts]).toEqual(['done', 'noop', 1]);
    expect((await stepOf(job!, 'hinted change not seen'))!.note).toMatch(
      /still does not show after \d+ reads: state "assigned" \(hinted "done"\); going on with what Odoo has/,
    );
    expect(shipmentsOf(order.CustomKey)).toEqual([]);
  });

  it('shows Cancelled at once for an order cancelled in Odoo, its hint posted before the commit', async () => {
    const { order, saleId } = await orderInOdoo(414);
    const since = await h.lastJobId();
    await withWebhook('sale order state', 'sale.order', async () => {
      await h.execute('sale.order', 'action_cancel', [[saleId]], { context: { disable_cancel_warning: true } });
      await waitUntil(() => clarityOrder(order.CustomKey).StatusKey === 'Cancelled', 5_000, 'Cancelled in the store');
    });
    const jobs = (await h.settle(since)).filter((j) => j.flow === 'order-cancel');
    expect(jobs.map((j) => [j.state, j.outcome, j.attempts])).toEqual([['done', 'applied', 1]]);
    const hint = (jobs[0]!.payload as { event: { payload: OdooHint } }).event.payload;
    expect(hint.values.state).toBe('cancel');
  });
});

describe('bridge orders trace', () => {
  async function runTrace(args: string[]): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), 'orders-trace-'));
    const config = join(dir, 'bridge.config.yaml');
    writeFileSync(
      config,
      [
        `store: { url: "${h.t.url}" }`,
        'log: { level: error }',
        'integrations:',
        '  - id: main',
        `    odoo: { url: "${h.odoo.url}", db: sandbox, login: admin, apiKey: { env: ORDERS_TRACE_TEST_KEY } }`,
        `    clarity: { url: "${h.clarity.url}", clientId: sandbox-client, clientSecret: { env: ORDERS_TRACE_TEST_KEY } }`,
      ].join('\n'),
    );
    process.env.ORDERS_TRACE_TEST_KEY = 'sandbox-api-key';
    const out: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
    const write = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: unknown) => (out.push(String(chunk)), true));
    try {
      const program = new Command('bridge').option('-c, --config <path>').exitOverride();
      registerOrders(program);
      await program.parseAsync(['-c', config, 'orders', 'trace', ...args], { from: 'user' });
    } finally {
      log.mockRestore();
      write.mockRestore();
      delete process.env.ORDERS_TRACE_TEST_KEY;
      rmSync(dir, { recursive: true, force: true });
    }
    return out.join('\n');
  }

  it('prints the journey of an order, and JSON with --json', async () => {
    const { order } = await orderInOdoo(501);
    const text = await runTrace([order.CustomKey]);
    expect(text).toContain(`order ${order.CustomKey}`);
    expect(text).toContain('create 1 sale order(s)');
    const json = JSON.parse(await runTrace([order.CustomKey, '--json'])) as { lane: string; jobs: unknown[] };
    expect(json.lane).toBe(`main:order:${order.CustomKey}`);
    expect(json.jobs).toHaveLength(1);
  });

  it('refuses an order it has never seen, saying how to find the right one', async () => {
    await expect(runTrace(['CL-NOPE'])).rejects.toThrow(/seen nothing of order CL-NOPE/);
  });
});
