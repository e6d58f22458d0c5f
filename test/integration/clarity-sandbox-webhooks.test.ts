// Webhooks from the Clarity sandbox to a tiny local receiver: signatures, events for store changes, retries with
// the same webhook-id that stop after a 2xx, the compressed schedule, disabling, duplicates, reordering, rotation.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startClaritySandbox,
  type ClaritySandbox,
  type ClaritySandboxOptions,
} from '../../src/sandbox/clarity/index.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  event: { id: string; type: string; occurredAt: string; data: Record<string, unknown> };
}

interface Receiver {
  url: string;
  received: Received[];
  /** Waits until `predicate` holds for what arrived (polling; the test's timeout bounds it). */
  until(predicate: (received: Received[]) => boolean): Promise<void>;
  close(): Promise<void>;
}

/** A webhook receiver answering `statusFor(n)` to the n-th request (1-based). */
async function startReceiver(statusFor: (n: number) => number = () => 204): Promise<Receiver> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, body, event: JSON.parse(body) as Received['event'] });
      res.writeHead(statusFor(received.length)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    received,
    async until(predicate) {
      while (!predicate(received)) await new Promise((resolve) => setTimeout(resolve, 10));
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('clarity sandbox webhooks', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setUp(
    receiverStatus?: (n: number) => number,
    options: ClaritySandboxOptions = {},
    events = ['order.created', 'order.updated', 'order.cancelled', 'customer.created'],
  ) {
    const receiver = await startReceiver(receiverStatus);
    cleanups.push(() => receiver.close());
    const sandbox = await startClaritySandbox({ products: 20, webhookTimeScale: 1000, ...options });
    cleanups.push(() => sandbox.close());
    const token = await tokenOf(sandbox);
    const response = await fetch(`${sandbox.url}/api/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ Url: receiver.url, Events: events }),
    });
    expect(response.status).toBe(201);
    const subscription = (await response.json()) as { ID: number; Secret: string };
    return { receiver, sandbox, subscription, token };
  }

  it('answers the subscription with an ID and a whsec_ secret, and refuses unknown events', async () => {
    const { sandbox, subscription, token } = await setUp();
    expect(subscription.Secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const listed = (await (
      await fetch(`${sandbox.url}/api/v1/webhooks`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { Results: object[] };
    expect(listed.Results).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain('whsec_');
    const bad = await fetch(`${sandbox.url}/api/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ Url: 'not a url', Events: ['order.exploded'] }),
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(((await bad.json()) as { errors: object }).errors).sort()).toEqual(['Events', 'Url']);
  });

  it('delivers signed customer.created and order.created events with the whole resource', async () => {
    const { receiver, sandbox, subscription } = await setUp();
    const [order] = await sandbox.placeOrders(1);
    await receiver.until(
      (r) => r.some((x) => x.event.type === 'order.created') && r.some((x) => x.event.type === 'customer.created'),
    );
    const delivery = receiver.received.find((x) => x.event.type === 'order.created')!;
    const verified = new Webhook(subscription.Secret).verify(
      delivery.body,
      delivery.headers as Record<string, string>,
    ) as Received['event'];
    expect(verified.id).toMatch(/^evt_/);
    expect(verified.data).toEqual(order);
    expect(verified.occurredAt).toBe(order!.UpdatedDate);
    expect(delivery.headers['webhook-id']).toMatch(/^msg_/);
    const customer = receiver.received.find((x) => x.event.type === 'customer.created')!;
    expect(customer.event.data).toMatchObject({ CustomKey: order!.AccountKey, Email: order!.UserEmail!.toLowerCase() });
    expect(() =>
      new Webhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw').verify(
        delivery.body,
        delivery.headers as Record<string, string>,
      ),
    ).toThrow();
  });

  it('fires order.updated on a PATCH and order.cancelled on cancellation', async () => {
    const { receiver, sandbox, token } = await setUp();
    const [order] = await sandbox.placeOrders(1);
    const patch = (body: object) =>
      fetch(`${sandbox.url}/api/v1/orders/${order!.ID}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    await patch({ StatusKey: 'Confirmed', ErpReference: 'S00001' });
    await patch({ StatusKey: 'Cancelled' });
    await receiver.until(
      (r) => r.some((x) => x.event.type === 'order.cancelled') && r.some((x) => x.event.type === 'order.updated'),
    );
    const updated = receiver.received.find((x) => x.event.type === 'order.updated')!;
    expect(updated.event.data).toMatchObject({ StatusKey: 'Confirmed', ErpReference: 'S00001' });
    expect(receiver.received.find((x) => x.event.type === 'order.cancelled')!.event.data.StatusKey).toBe('Cancelled');
  });

  it('retries a failed delivery with the same webhook-id on the compressed schedule and stops after a 2xx', async () => {
    const { receiver, sandbox } = await setUp((n) => (n <= 2 ? 500 : 200), {}, ['order.created']);
    await sandbox.placeOrders(1);
    await receiver.until((r) => r.length >= 3);
    await sleep(300); // longer than a fourth attempt (due 120 ms after the third) would wait, had the 200 not stopped it
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(new Set(receiver.received.map((r) => r.body)).size).toBe(1);
    const log = sandbox.store.deliveries();
    expect(log.map((d) => [d.attempt, d.status, d.outcome, d.retryInMs])).toEqual([
      [1, 500, 'retrying', 5],
      [2, 500, 'retrying', 30],
      [3, 200, 'delivered', null],
    ]);
  });

  it('treats no answer within the timeout as a failure and retries', async () => {
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    // A receiver that never answers its first request.
    const silent = createServer((req) => req.resume());
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => (silent.closeAllConnections(), silent.close(() => resolve()))));
    const sandbox = await startClaritySandbox({ products: 5, webhookTimeScale: 1000, webhookTimeoutMs: 200 });
    cleanups.push(() => sandbox.close());
    const token = await tokenOf(sandbox);
    await fetch(`${sandbox.url}/api/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        Url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`,
        Events: ['order.created'],
      }),
    });
    await sandbox.placeOrders(1);
    while (sandbox.store.deliveries().length < 1) await sleep(20);
    expect(sandbox.store.deliveries()[0]).toMatchObject({
      status: null,
      outcome: 'retrying',
      error: 'no answer within 200 ms',
    });
  });

  it('disables the subscription after 24 (compressed) hours of failures', async () => {
    const { receiver, sandbox, subscription } = await setUp(() => 503, { webhookTimeScale: 100_000 }, [
      'order.created',
    ]);
    await sandbox.placeOrders(1);
    while (sandbox.store.webhooks()[0]!.Active) await sleep(20);
    const log = sandbox.store.deliveries();
    // 1 try + 6 early retries + 7 three-hourly ones fill 24 h: 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, then 3 h.
    expect(log).toHaveLength(14);
    expect(log.slice(0, 7).map((d) => d.retryInMs)).toEqual([0.05, 0.3, 1.2, 6, 18, 36, 108]);
    expect(log.at(-1)!.outcome).toBe('gave-up');
    expect(sandbox.store.webhooks()[0]).toMatchObject({
      ID: subscription.ID,
      Active: false,
      DisabledReason: expect.stringContaining('24 hours'),
    });
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    const before = receiver.received.length;
    await sandbox.placeOrders(1);
    await sleep(100);
    expect(receiver.received).toHaveLength(before);
  });

  it('sends each message twice with the same webhook-id when the duplicate switch is on', async () => {
    const { receiver, sandbox } = await setUp(undefined, { switches: { duplicateRate: 1 } }, ['order.created']);
    await sandbox.placeOrders(3);
    while ((sandbox.counters()['webhooks.duplicates_sent'] ?? 0) < 3) await sleep(10);
    const perId = new Map<string, number>();
    for (const r of receiver.received)
      perId.set(String(r.headers['webhook-id']), (perId.get(String(r.headers['webhook-id'])) ?? 0) + 1);
    expect([...perId.values()]).toEqual([2, 2, 2]);
    expect(sandbox.counters()['webhooks.duplicates_sent']).toBe(3);
  });

  it('delivers out of order when the reorder switch is on', async () => {
    const { receiver, sandbox } = await setUp(undefined, { switches: { reorder: true } }, ['order.created']);
    const orders = await sandbox.placeOrders(5);
    await receiver.until((r) => r.length >= 5);
    const arrived = receiver.received.map((r) => r.event.data.CustomKey);
    expect([...arrived].sort()).toEqual(orders.map((o) => o.CustomKey).sort());
    expect(arrived).not.toEqual(orders.map((o) => o.CustomKey));
  });

  it('keeps at most 8 deliveries in flight to one receiver, however many events a burst makes', async () => {
    let open = 0;
    let most = 0;
    let count = 0;
    const slow = createServer((req, res) => {
      open++;
      most = Math.max(most, open);
      req.resume();
      req.on('end', () =>
        setTimeout(() => {
          open--;
          count++;
          res.writeHead(204).end();
        }, 15),
      );
    });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => (slow.closeAllConnections(), slow.close(() => resolve()))));
    const sandbox = await startClaritySandbox({ products: 10 });
    cleanups.push(() => sandbox.close());
    const token = await tokenOf(sandbox);
    await fetch(`${sandbox.url}/api/v1/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        Url: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`,
        Events: ['order.created'],
      }),
    });
    await sandbox.placeOrders(40);
    const deadline = Date.now() + 20_000;
    while (sandbox.store.deliveries().filter((d) => d.outcome === 'delivered').length < 40 && Date.now() < deadline)
      await sleep(20);
    expect(count).toBe(40);
    expect(most).toBeLessThanOrEqual(8);
  });

  it('signs with both secrets after a rotation, so old and new both verify', async () => {
    const { receiver, sandbox, subscription } = await setUp(undefined, {}, ['order.created']);
    const rotated = sandbox.rotateWebhookSecret(String(subscription.ID));
    expect(rotated).not.toBe(subscription.Secret);
    await sandbox.placeOrders(1);
    await receiver.until((r) => r.length >= 1);
    const delivery = receiver.received[0]!;
    expect(String(delivery.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [subscription.Secret, rotated]) {
      expect(new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>)).toBeTruthy();
    }
  });
});

async function tokenOf(sandbox: ClaritySandbox): Promise<string> {
  const response = await fetch(`${sandbox.url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: sandbox.clientId,
      client_secret: sandbox.clientSecret,
    }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}
