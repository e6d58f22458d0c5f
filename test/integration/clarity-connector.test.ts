// The Clarity connector against the Clarity sandbox, over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, BusinessError, TransientError, ValidationError } from '../../src/core/errors.ts';
import { Secret } from '../../src/core/secret.ts';
import {
  ClarityClient,
  idempotencyKey,
  type ClarityClientOptions,
  type ClarityExchange,
} from '../../src/connectors/clarity/client.ts';
import type { SalesOrder } from '../../src/connectors/clarity/contract.ts';
import { startClaritySandbox } from '../../src/sandbox/clarity/index.ts';

type Sandbox = Awaited<ReturnType<typeof startClaritySandbox>>;

function count(sandbox: Sandbox, name: string): number {
  return (sandbox.counters() as Record<string, number>)[name] ?? 0;
}

function clientFor(sandbox: Sandbox, extra: Partial<ClarityClientOptions> = {}): ClarityClient {
  return new ClarityClient({
    baseUrl: sandbox.url,
    clientId: sandbox.clientId,
    clientSecret: new Secret(sandbox.clientSecret),
    ...extra,
  });
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe('clarity connector against the sandbox', () => {
  let sandbox: Sandbox;
  const clients: ClarityClient[] = [];
  const client = (extra: Partial<ClarityClientOptions> = {}) => {
    const c = clientFor(sandbox, extra);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    sandbox = await startClaritySandbox({ port: 0 });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await sandbox.close();
  });

  describe('auth', () => {
    it('asks for exactly one token however many calls start at once, and reuses it', async () => {
      const c = client();
      const before = count(sandbox, 'oauth.token_requests');
      const pages = await Promise.all(Array.from({ length: 50 }, () => c.products.list({ pageSize: 1 })));
      expect(pages.every((p) => p.Results.length === 1)).toBe(true);
      await Promise.all(Array.from({ length: 50 }, () => c.products.list({ pageSize: 1 })));
      expect(count(sandbox, 'oauth.token_requests') - before).toBe(1);
      expect(c.auth.requests).toBe(1);
    });

    it('renews once when the store expires every token mid-run, and every call still succeeds', async () => {
      const c = client();
      await c.products.list({ pageSize: 1 });
      const before = count(sandbox, 'oauth.token_requests');
      sandbox.expireTokens();
      const pages = await Promise.all(Array.from({ length: 30 }, () => c.products.list({ pageSize: 1 })));
      expect(pages).toHaveLength(30);
      expect(count(sandbox, 'oauth.token_requests') - before).toBe(1);
    });

    it('renews a token ahead of its expiry, so no call is refused for an expired token', async () => {
      const short = await startClaritySandbox({ port: 0, tokenLifetimeSec: 1 });
      const c = clientFor(short);
      try {
        await c.products.list({ pageSize: 1 });
        await new Promise((resolve) => setTimeout(resolve, 1_100));
        await c.products.list({ pageSize: 1 });
        expect(count(short, 'oauth.token_requests')).toBe(2);
        expect(count(short, 'auth.invalid_token')).toBe(0);
      } finally {
        await c.close();
        await short.close();
      }
    });

    it('raises an AuthError naming the connector when the client is revoked, without leaking secrets or tokens', async () => {
      const revoked = await startClaritySandbox({ port: 0 });
      const c = clientFor(revoked);
      try {
        await c.products.list({ pageSize: 1 });
        const token = await c.auth.token();
        revoked.revokeClient(revoked.clientId);
        const error = await rejection(c.products.list({ pageSize: 1 }));
        expect(error).toBeInstanceOf(AuthError);
        expect((error as AuthError).connector).toBe('clarity');
        expect(error.message).toContain('invalid_client');
        expect(error.message).not.toContain(revoked.clientSecret);
        expect(error.message).not.toContain(token);
        expect(JSON.stringify(error)).not.toContain(revoked.clientSecret);
        // The engine's probe of the paused connector fails while revoked, and passes once the client is restored.
        expect(await rejection(c.probe())).toBeInstanceOf(AuthError);
        revoked.restoreClient(revoked.clientId);
        await expect(c.probe()).resolves.toBeUndefined();
        expect((await c.products.list({ pageSize: 1 })).Results).toHaveLength(1);
      } finally {
        await c.close();
        await revoked.close();
      }
    });

    it('refuses a wrong client secret with an AuthError', async () => {
      const c = client({ clientSecret: new Secret('not-the-secret') });
      const error = await rejection(c.orders.list());
      expect(error).toBeInstanceOf(AuthError);
      expect(error.message).not.toContain('not-the-secret');
    });
  });

  describe('errors', () => {
    it('turns 429 and 503 into TransientErrors carrying Retry-After', async () => {
      const c = client();
      await c.products.list({ pageSize: 1 });
      try {
        sandbox.setSwitches({ rateLimitRate: 1, retryAfterSec: 7 });
        const limited = await rejection(c.products.list());
        expect(limited).toBeInstanceOf(TransientError);
        expect((limited as TransientError).retryAfterMs).toBe(7_000);
        expect((limited as TransientError).details.status).toBe(429);
        sandbox.setSwitches({ rateLimitRate: 0, unavailableRate: 1, retryAfterSec: 3 });
        const down = await rejection(c.orders.list());
        expect(down).toBeInstanceOf(TransientError);
        expect((down as TransientError).retryAfterMs).toBe(3_000);
      } finally {
        sandbox.setSwitches({ rateLimitRate: 0, unavailableRate: 0, retryAfterSec: 1 });
      }
      expect((await c.products.list({ pageSize: 1 })).Results).toHaveLength(1);
    });

    it('turns a 422 into a ValidationError listing each field', async () => {
      const c = client();
      const error = await rejection(
        c.products.create({ CustomKey: 'BAD-1', Name: '', Price: -5 }, { idempotencyKey: 'test:bad-product' }),
      );
      expect(error).toBeInstanceOf(ValidationError);
      const fields = (error as ValidationError).problems.map((p) => p.field);
      expect(fields).toEqual(expect.arrayContaining(['Name', 'Price']));
    });

    it('turns a 404 lookup into a BusinessError, and findByKey into undefined', async () => {
      const c = client();
      const error = await rejection(c.products.getByKey('NO-SUCH-SKU'));
      expect(error).toBeInstanceOf(BusinessError);
      expect(error.message).toContain('no such record');
      expect(await c.products.findByKey('NO-SUCH-SKU')).toBeUndefined();
      expect(await rejection(c.orders.get(987_654))).toBeInstanceOf(BusinessError);
    });

    it('turns a missing scope (403) into an AuthError', async () => {
      const c = client({ scope: 'orders:read' });
      const error = await rejection(
        c.products.create({ CustomKey: 'SCOPE-1', Name: 'x', Price: 1 }, { idempotencyKey: 'test:scope' }),
      );
      expect(error).toBeInstanceOf(AuthError);
      expect((error as AuthError).details.status).toBe(403);
    });

    it('turns a timeout and a refused connection into TransientErrors', async () => {
      const slow = client({ timeoutMs: 100 });
      await slow.products.list({ pageSize: 1 });
      sandbox.setSwitches({ slowMs: 400 });
      try {
        const error = await rejection(slow.products.list({ pageSize: 1 }));
        expect(error).toBeInstanceOf(TransientError);
        expect(error.message).toContain('timed out');
      } finally {
        sandbox.setSwitches({ slowMs: 0 });
      }
      const nowhere = new ClarityClient({
        baseUrl: 'http://127.0.0.1:9',
        clientId: 'x',
        clientSecret: new Secret('y'),
        timeoutMs: 2_000,
      });
      clients.push(nowhere);
      expect(await rejection(nowhere.orders.list())).toBeInstanceOf(TransientError);
    });
  });

  describe('calls', () => {
    it('pages every order to the end, each once, in UpdatedDate order', async () => {
      await sandbox.placeOrders(230);
      const c = client();
      const first = await c.orders.list({ pageSize: 1 });
      const seen: SalesOrder[] = [];
      for await (const order of c.orders.iterate({ pageSize: 50 })) seen.push(order);
      expect(seen.length).toBe(first.TotalCount);
      expect(seen.length).toBeGreaterThanOrEqual(230);
      expect(new Set(seen.map((o) => o.ID)).size).toBe(seen.length);
      const stamps = seen.map((o) => o.UpdatedDate);
      expect([...stamps].sort()).toEqual(stamps);
      // modifiedSince is inclusive: from the last order's stamp, at least that order comes back.
      const tail = await c.orders.list({ modifiedSince: stamps.at(-1)! });
      expect(tail.Results.map((o) => o.ID)).toContain(seen.at(-1)!.ID);
    });

    it('creates once under one Idempotency-Key, even when a restarted process sends it again', async () => {
      const key = idempotencyKey('product', 'main', 'IDEM-1');
      const product = { CustomKey: 'IDEM-1', Name: 'Idempotent Mug', Price: 12.5 };
      const first = await client().products.create(product, { idempotencyKey: key });
      // "Crash": a new client (new token, new sockets) retries the same intent with the same key.
      const replayBefore = count(sandbox, 'idempotency.replays');
      const again = await client().products.create(product, { idempotencyKey: key });
      expect(again.record.ID).toBe(first.record.ID);
      expect(count(sandbox, 'idempotency.replays') - replayBefore).toBe(1);
      const matching: number[] = [];
      for await (const p of client().products.iterate({ pageSize: 500 }))
        if (p.CustomKey === 'IDEM-1') matching.push(p.ID);
      expect(matching).toEqual([first.record.ID]);
      // The same key for another intent is a bug in the caller: refused with the field named.
      const misuse = await rejection(client().products.create({ ...product, Price: 13 }, { idempotencyKey: key }));
      expect(misuse).toBeInstanceOf(ValidationError);
      expect((misuse as ValidationError).problems.map((p) => p.field)).toContain('Idempotency-Key');
    });

    it('resolves a create refused 409 (CustomKey exists) to the existing record', async () => {
      const c = client();
      const made = await c.products.create(
        { CustomKey: 'DUP-1', Name: 'Duplicate Tee', Price: 20 },
        { idempotencyKey: 'test:dup-1:a' },
      );
      expect(made.created).toBe(true);
      const second = await c.products.create(
        { CustomKey: 'DUP-1', Name: 'Duplicate Tee', Price: 20 },
        { idempotencyKey: 'test:dup-1:b' },
      );
      expect(second).toMatchObject({ created: false, record: { ID: made.record.ID, CustomKey: 'DUP-1' } });
      const email = `Dup.Customer+${Date.now()}@example.com`;
      const customer = await c.customers.create(
        { Email: email, FirstName: 'Zoë', LastName: 'Ünal' },
        { idempotencyKey: 'test:cust:a' },
      );
      const customerAgain = await c.customers.create(
        { Email: email.toLowerCase(), FirstName: 'Zoë', LastName: 'Ünal' },
        { idempotencyKey: 'test:cust:b' },
      );
      expect(customerAgain).toMatchObject({ created: false, record: { ID: customer.record.ID } });
      const category = await c.categories.create(
        { CustomKey: 'Test/Dups', Name: 'Dups' },
        { idempotencyKey: 'test:cat:a' },
      );
      const categoryAgain = await c.categories.create(
        { CustomKey: 'Test/Dups', Name: 'Dups' },
        { idempotencyKey: 'test:cat:b' },
      );
      expect(categoryAgain).toMatchObject({ created: false, record: { ID: category.record.ID } });
    });

    it('ships an order once per shipment key, across a crash and a duplicate', async () => {
      const c = client();
      const order = (await c.orders.list({ pageSize: 1 })).Results[0]!;
      const shipment = {
        CustomKey: 'WH/OUT/00001',
        CarrierKey: order.ShippingMethodKey ?? 'UPS',
        TrackingNumber: '1Z999',
        ShippedDate: new Date().toISOString(),
        Items: order.SalesItems.map((i) => ({ Sku: i.Sku, Quantity: i.Quantity })),
      };
      const key = idempotencyKey('shipment', 'main', 'picking-1');
      const one = await c.shipments.create(order.ID, shipment, { idempotencyKey: key });
      const two = await client().shipments.create(order.ID, shipment, { idempotencyKey: key });
      const three = await c.shipments.create(order.ID, shipment, {
        idempotencyKey: idempotencyKey('shipment', 'main', 'picking-1', 'retry'),
      });
      expect(two.record.ID).toBe(one.record.ID);
      expect(three).toMatchObject({ created: false, record: { ID: one.record.ID } });
      expect((await c.shipments.list(order.ID)).filter((s) => s.CustomKey === 'WH/OUT/00001')).toHaveLength(1);
    });

    it('patches orders and returns, reads customers and categories', async () => {
      const c = client();
      const order = (await c.orders.list({ pageSize: 1 })).Results[0]!;
      const patched = await c.orders.patch(order.ID, { StatusKey: 'Confirmed', ErpReference: 'S00042' });
      expect(patched).toMatchObject({ StatusKey: 'Confirmed', ErpReference: 'S00042' });
      expect((await c.orders.getByKey(order.CustomKey)).ErpReference).toBe('S00042');
      const customers = await c.customers.list({ pageSize: 5 });
      expect(customers.TotalCount).toBeGreaterThan(0);
      const customer = await c.customers.get(customers.Results[0]!.ID);
      expect(customer.Email).toContain('@');
      const categories = await c.categories.list();
      expect(categories.Results.length).toBeGreaterThan(0);
    });

    it('hands every exchange to an observer for traces, with no token or secret in it', async () => {
      const exchanges: ClarityExchange[] = [];
      const c = client({ observe: (e) => exchanges.push(e) });
      await c.products.list({ pageSize: 2 });
      sandbox.expireTokens();
      await c.customers.create(
        { Email: `trace+${Date.now()}@example.com`, FirstName: 'Ana', LastName: 'Lima' },
        { idempotencyKey: 'test:trace' },
      );
      expect(exchanges.map((e) => [e.method, e.status])).toEqual([
        ['GET', 200],
        ['POST', 401],
        ['POST', 201],
      ]);
      expect(exchanges[2]).toMatchObject({
        path: '/api/v1/customers',
        idempotencyKey: 'test:trace',
        request: { FirstName: 'Ana' },
      });
      const text = JSON.stringify(exchanges);
      expect(text).not.toContain(await c.auth.token());
      expect(text).not.toContain(sandbox.clientSecret);
    });

    it('pushes inventory in chunks of at most 500 items', async () => {
      const c = client();
      const skus: string[] = [];
      for await (const p of c.products.iterate({ pageSize: 500 })) skus.push(p.CustomKey);
      const items = Array.from({ length: 1_201 }, (_, i) => ({
        Sku: skus[i % skus.length]!,
        LocationKey: 'Main',
        Quantity: 1_000 + i,
      }));
      const result = await c.inventory.put(items);
      expect(result).toMatchObject({ Updated: 1_201, Errors: [], requests: 3 });
      const last = items.at(-1)!;
      const stock = await c.inventory.get(last.Sku);
      expect(stock.find((s) => s.LocationKey === 'Main')?.Quantity).toBe(last.Quantity);
      const refused = await c.inventory.put([{ Sku: 'NO-SUCH-SKU', Quantity: 1 }]);
      expect(refused.Errors[0]).toMatchObject({ Sku: 'NO-SUCH-SKU' });
    });
  });
});
