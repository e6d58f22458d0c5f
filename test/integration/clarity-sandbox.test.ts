// The Clarity sandbox store over real HTTP with plain fetch: OAuth, scopes, validation, paging, idempotency,
// conflicts, fault switches, the storefront generator, the HTTP controls and the inspection page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClaritySandbox, type ClaritySandbox, type Order } from '../../src/sandbox/clarity/index.ts';
import { seedCatalog } from '../../src/sandbox/seed-catalog.ts';

interface Answer {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function tokenFor(sandbox: ClaritySandbox, form: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(`${sandbox.url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: sandbox.clientId,
      client_secret: sandbox.clientSecret,
      ...form,
    }),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

async function call(
  sandbox: ClaritySandbox,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

describe('clarity sandbox store', () => {
  let sandbox: ClaritySandbox;
  let token: string;
  const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    call(sandbox, token, method, path, body, headers);

  beforeAll(async () => {
    sandbox = await startClaritySandbox({
      clients: [
        {
          id: 'sandbox-client',
          secret: 'sandbox-secret',
          scopes: [
            'orders:read',
            'orders:write',
            'products:read',
            'products:write',
            'inventory:write',
            'customers:read',
            'customers:write',
            'returns:read',
            'returns:write',
            'webhooks:manage',
          ],
        },
        { id: 'reader', secret: 'reader-secret', scopes: ['orders:read', 'products:read'] },
      ],
    });
    token = (await tokenFor(sandbox)).body.access_token;
  });
  afterAll(() => sandbox.close());

  describe('OAuth', () => {
    it('issues a bearer token for good client credentials, with every scope of the client by default', async () => {
      const answer = await tokenFor(sandbox);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
      expect(answer.body.scope.split(' ')).toContain('webhooks:manage');
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect((await api('GET', '/api/v1/orders')).status).toBe(200);
    });

    it('answers 401 invalid_client for a wrong secret or an unknown client (RFC 6749 §5.2)', async () => {
      for (const form of [{ client_secret: 'wrong' }, { client_id: 'nobody' }]) {
        const answer = await tokenFor(sandbox, form);
        expect(answer.status).toBe(401);
        expect(answer.body.error).toBe('invalid_client');
      }
    });

    it('refuses other grant types and scopes the client does not have', async () => {
      expect((await tokenFor(sandbox, { grant_type: 'password' })).body.error).toBe('unsupported_grant_type');
      const answer = await tokenFor(sandbox, {
        client_id: 'reader',
        client_secret: 'reader-secret',
        scope: 'orders:read orders:write',
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('invalid_scope');
    });

    it('answers 401 with WWW-Authenticate invalid_token once tokens are expired, and a new token works', async () => {
      const own = (await tokenFor(sandbox)).body.access_token as string;
      expect((await call(sandbox, own, 'GET', '/api/v1/products?pageSize=1')).status).toBe(200);
      sandbox.expireTokens();
      const refused = await call(sandbox, own, 'GET', '/api/v1/products?pageSize=1');
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
      token = (await tokenFor(sandbox)).body.access_token;
      expect((await api('GET', '/api/v1/products?pageSize=1')).status).toBe(200);
    });

    it('lets a token lapse after its lifetime', async () => {
      const short = await startClaritySandbox({ tokenLifetimeSec: 1, products: 1 });
      try {
        const issued = await tokenFor(short);
        expect(issued.body.expires_in).toBe(1);
        await new Promise((resolve) => setTimeout(resolve, 1100));
        const answer = await call(short, issued.body.access_token, 'GET', '/api/v1/products');
        expect(answer.status).toBe(401);
        expect(answer.headers.get('www-authenticate')).toContain('error="invalid_token"');
      } finally {
        await short.close();
      }
    });

    it('stops a revoked client from getting tokens and from using the ones it has', async () => {
      const reader = (await tokenFor(sandbox, { client_id: 'reader', client_secret: 'reader-secret' })).body
        .access_token as string;
      sandbox.revokeClient('reader');
      try {
        expect((await call(sandbox, reader, 'GET', '/api/v1/orders')).status).toBe(401);
        expect((await tokenFor(sandbox, { client_id: 'reader', client_secret: 'reader-secret' })).body.error).toBe(
          'invalid_client',
        );
      } finally {
        sandbox.restoreClient('reader');
      }
    });

    it('answers 401 without an error code when no token is sent', async () => {
      const response = await fetch(`${sandbox.url}/api/v1/orders`);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="clarity"');
    });
  });

  describe('scopes', () => {
    it('answers 403 when the token lacks the scope of the call', async () => {
      const reader = (await tokenFor(sandbox, { client_id: 'reader', client_secret: 'reader-secret' })).body
        .access_token as string;
      expect((await call(sandbox, reader, 'GET', '/api/v1/products?pageSize=1')).status).toBe(200);
      const write = await call(sandbox, reader, 'POST', '/api/v1/products', {
        CustomKey: 'SCOPE-1',
        Name: 'x',
        Price: 1,
      });
      expect(write.status).toBe(403);
      expect(write.body.detail).toContain('products:write');
      expect((await call(sandbox, reader, 'GET', '/api/v1/customers')).status).toBe(403);
      expect((await call(sandbox, reader, 'PUT', '/api/v1/inventory', { Items: [] })).status).toBe(403);
      expect((await call(sandbox, reader, 'GET', '/api/v1/webhooks')).status).toBe(403);
    });

    it('grants only the scopes asked for', async () => {
      const narrow = (await tokenFor(sandbox, { scope: 'customers:read' })).body.access_token as string;
      expect((await call(sandbox, narrow, 'GET', '/api/v1/customers')).status).toBe(200);
      expect((await call(sandbox, narrow, 'GET', '/api/v1/orders')).status).toBe(403);
    });
  });

  describe('validation and lookups', () => {
    it('refuses a bad customer with 422 problem+json listing each field', async () => {
      const response = await fetch(`${sandbox.url}/api/v1/customers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ Email: 'not-an-email', LastName: 'Ødegård', Colour: 'blue' }),
      });
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = (await response.json()) as {
        status: number;
        title: string;
        detail: string;
        errors: Record<string, string[]>;
      };
      expect(problem.status).toBe(422);
      expect(Object.keys(problem.errors).sort()).toEqual(['Colour', 'Email', 'FirstName']);
    });

    it('refuses an order change to an unknown status, and unknown fields', async () => {
      const [order] = await sandbox.placeOrders(1);
      const answer = await api('PATCH', `/api/v1/orders/${order!.ID}`, { StatusKey: 'Teleported', Total: 0 });
      expect(answer.status).toBe(422);
      expect(answer.body.errors.StatusKey[0]).toContain('Pending');
      expect(answer.body.errors.Total).toBeDefined();
    });

    it('keeps a cancelled order cancelled', async () => {
      const [order] = await sandbox.placeOrders(1);
      expect((await api('PATCH', `/api/v1/orders/${order!.ID}`, { StatusKey: 'Cancelled' })).status).toBe(200);
      const revived = await api('PATCH', `/api/v1/orders/${order!.ID}`, { StatusKey: 'Confirmed' });
      expect(revived.status).toBe(422);
      expect(revived.body.errors.StatusKey[0]).toContain('cancelled');
    });

    it('answers 404 for unknown ids and keys', async () => {
      expect((await api('GET', '/api/v1/orders/999999')).status).toBe(404);
      expect((await api('GET', '/api/v1/orders/abc')).status).toBe(404);
      expect((await api('GET', '/api/v1/products/key/NO-SUCH-SKU')).status).toBe(404);
      expect((await api('PATCH', '/api/v1/returns/424242', { StatusKey: 'Approved' })).status).toBe(404);
      expect((await api('DELETE', '/api/v1/webhooks/424242')).status).toBe(404);
    });

    it('finds a record by CustomKey, including category paths with a slash', async () => {
      expect((await api('GET', '/api/v1/products/key/SKU-00007')).body.Name).toBeTruthy();
      expect((await api('GET', `/api/v1/categories/key/${encodeURIComponent('Apparel/Shirts')}`)).body.ParentKey).toBe(
        'Apparel',
      );
    });

    it('takes at most 500 inventory items, applies absolute quantities and reports the items it cannot apply', async () => {
      const tooMany = await api('PUT', '/api/v1/inventory', {
        Items: Array.from({ length: 501 }, () => ({ Sku: 'SKU-00001', Quantity: 1 })),
      });
      expect(tooMany.status).toBe(422);
      expect(tooMany.body.errors.Items).toBeDefined();
      const answer = await api('PUT', '/api/v1/inventory', {
        Items: [
          { Sku: 'SKU-00002', LocationKey: 'Main', Quantity: 17 },
          { Sku: 'SKU-00002', LocationKey: 'Main', Quantity: 12 },
          { Sku: 'NOPE-1', Quantity: 5 },
          { Sku: 'SKU-00003', Quantity: -1 },
        ],
      });
      expect(answer.status).toBe(200);
      expect(answer.body.Updated).toBe(2);
      expect(answer.body.Errors.map((e: { Sku: string }) => e.Sku)).toEqual(['NOPE-1', 'SKU-00003']);
      const stock = await api('GET', '/api/v1/inventory?sku=SKU-00002');
      expect(stock.body.Results).toEqual([
        expect.objectContaining({ Sku: 'SKU-00002', LocationKey: 'Main', Quantity: 12 }),
      ]);
    });
  });

  describe('paging', () => {
    it('walks every product page by page, sorted by UpdatedDate then ID, and refuses pageSize over 500', async () => {
      expect((await api('GET', '/api/v1/products?pageSize=501')).status).toBe(422);
      expect((await api('GET', '/api/v1/products?page=0')).status).toBe(422);
      const seen: { ID: number; UpdatedDate: string }[] = [];
      let page = 1;
      let totalPages = 0;
      do {
        const answer = await api('GET', `/api/v1/products?page=${page}&pageSize=70`);
        expect(answer.body).toMatchObject({ CurrentPage: page });
        totalPages = answer.body.TotalPages;
        seen.push(...answer.body.Results);
        page++;
      } while (page <= totalPages);
      const total = (await api('GET', '/api/v1/products?pageSize=1')).body.TotalCount;
      expect(seen).toHaveLength(total);
      expect(new Set(seen.map((p) => p.ID)).size).toBe(total);
      const sorted = [...seen].sort((a, b) =>
        a.UpdatedDate < b.UpdatedDate ? -1 : a.UpdatedDate > b.UpdatedDate ? 1 : a.ID - b.ID,
      );
      expect(seen.map((p) => p.ID)).toEqual(sorted.map((p) => p.ID));
    });

    it('filters with modifiedSince inclusively, and a status change moves UpdatedDate forward', async () => {
      const [first, second] = await sandbox.placeOrders(2);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const patched = await api('PATCH', `/api/v1/orders/${second!.ID}`, {
        StatusKey: 'Confirmed',
        ErpReference: 'S00042',
      });
      expect(patched.status).toBe(200);
      expect(patched.body.UpdatedDate > second!.UpdatedDate).toBe(true);
      const since = await api('GET', `/api/v1/orders?modifiedSince=${encodeURIComponent(patched.body.UpdatedDate)}`);
      const keys = since.body.Results.map((o: Order) => o.CustomKey);
      expect(keys).toContain(second!.CustomKey);
      expect(keys).not.toContain(first!.CustomKey);
      expect((await api('GET', '/api/v1/orders?modifiedSince=yesterday')).status).toBe(422);
    });

    it('leaves UpdatedDate alone when a change changes nothing', async () => {
      const [order] = await sandbox.placeOrders(1);
      const once = await api('PATCH', `/api/v1/orders/${order!.ID}`, { ErpReference: 'S1' });
      const twice = await api('PATCH', `/api/v1/orders/${order!.ID}`, { ErpReference: 'S1' });
      expect(twice.body.UpdatedDate).toBe(once.body.UpdatedDate);
    });
  });

  describe('idempotency and conflicts', () => {
    it('answers the first response again for the same Idempotency-Key and body, and 422 for another body', async () => {
      const product = { CustomKey: 'IDEM-1', Name: 'Zoë’s Mug', Price: 12.5, CategoryKeys: ['Home/Kitchen'] };
      const first = await api('POST', '/api/v1/products', product, { 'idempotency-key': 'key-1' });
      expect(first.status).toBe(201);
      // The same JSON with other key order and spacing is the same body.
      const again = await api(
        'POST',
        '/api/v1/products',
        `{ "Price": 12.5, "Name": "Zoë’s Mug", "CustomKey": "IDEM-1", "CategoryKeys": ["Home/Kitchen"] }`,
        { 'idempotency-key': 'key-1' },
      );
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const other = await api('POST', '/api/v1/products', { ...product, Price: 13 }, { 'idempotency-key': 'key-1' });
      expect(other.status).toBe(422);
      expect(other.body.errors['Idempotency-Key']).toBeDefined();
      const stored = sandbox.store.products().filter((p) => p.CustomKey === 'IDEM-1');
      expect(stored).toHaveLength(1);
      expect(stored[0]!.Price).toBe(12.5);
    });

    it('answers 409 for a POST whose CustomKey exists, and the record is then found by key', async () => {
      const body = { CustomKey: 'CONFLICT-1', Name: 'Tent', Price: 99 };
      expect((await api('POST', '/api/v1/products', body)).status).toBe(201);
      const again = await api('POST', '/api/v1/products', body);
      expect(again.status).toBe(409);
      expect(again.body.detail).toContain('/api/v1/products/key/CONFLICT-1');
      expect((await api('GET', '/api/v1/products/key/CONFLICT-1')).body.Price).toBe(99);
      expect(
        (await api('POST', '/api/v1/customers', { Email: 'dup@example.com', FirstName: 'A', LastName: 'B' })).status,
      ).toBe(201);
      expect(
        (await api('POST', '/api/v1/customers', { Email: 'DUP@example.com', FirstName: 'A', LastName: 'B' })).status,
      ).toBe(409);
    });

    it('keeps shipment CustomKeys unique per order and never ships more than ordered', async () => {
      const [order] = await sandbox.placeOrders(1, { seed: 3 });
      const line = order!.SalesItems[0]!;
      const shipment = {
        CustomKey: 'WH/OUT/00001',
        CarrierKey: 'UPS',
        TrackingNumber: '1Z999AA10123456784',
        Items: [{ Sku: line.Sku, Quantity: line.Quantity }],
      };
      const created = await api('POST', `/api/v1/orders/${order!.ID}/shipments`, shipment);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ OrderID: order!.ID, CustomKey: 'WH/OUT/00001', Active: true });
      expect((await api('POST', `/api/v1/orders/${order!.ID}/shipments`, shipment)).status).toBe(409);
      const more = await api('POST', `/api/v1/orders/${order!.ID}/shipments`, {
        ...shipment,
        CustomKey: 'WH/OUT/00002',
      });
      expect(more.status).toBe(422);
      expect(Object.keys(more.body.errors)).toEqual(['Items[0].Quantity']);
      const list = await api('GET', `/api/v1/orders/${order!.ID}/shipments`);
      expect(list.body.Results.map((s: { TrackingNumber: string }) => s.TrackingNumber)).toEqual([
        '1Z999AA10123456784',
      ]);
    });
  });

  describe('switches', () => {
    it('answers 429 and 503 with Retry-After while switched on', async () => {
      sandbox.setSwitches({ rateLimitRate: 1, retryAfterSec: 7 });
      try {
        const limited = await api('GET', '/api/v1/orders');
        expect(limited.status).toBe(429);
        expect(limited.headers.get('retry-after')).toBe('7');
        sandbox.setSwitches({ rateLimitRate: 0, unavailableRate: 1 });
        const down = await api('GET', '/api/v1/orders');
        expect(down.status).toBe(503);
        expect(down.headers.get('retry-after')).toBe('7');
      } finally {
        sandbox.setSwitches({ rateLimitRate: 0, unavailableRate: 0, retryAfterSec: 1 });
      }
      expect((await api('GET', '/api/v1/orders')).status).toBe(200);
      expect(sandbox.counters()['injected.429']).toBeGreaterThan(0);
    });

    it('holds answers back while the slow switch is on, so a client timeout fires', async () => {
      sandbox.setSwitches({ slowMs: 2000 });
      try {
        const call = fetch(`${sandbox.url}/api/v1/orders`, {
          headers: { authorization: `Bearer ${token}` },
          signal: AbortSignal.timeout(200),
        });
        await expect(call).rejects.toMatchObject({ name: 'TimeoutError' });
      } finally {
        sandbox.setSwitches({ slowMs: 0 });
      }
    });

    it('refuses unknown or out-of-range switches', () => {
      expect(() => sandbox.setSwitches({ rateLimitRate: 2 })).toThrow(/rateLimitRate/);
    });
  });

  describe('HTTP controls and inspection', () => {
    it('sets switches, places orders, expires tokens and reports counters over HTTP', async () => {
      const post = (path: string, body?: unknown) =>
        fetch(`${sandbox.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      const switches = await (await post('/sandbox/switches', { slowMs: 0, duplicateRate: 0.5 })).json();
      expect(switches).toMatchObject({ duplicateRate: 0.5, slowMs: 0 });
      expect((await post('/sandbox/switches', { nonsense: true })).status).toBe(422);
      await post('/sandbox/switches', { duplicateRate: 0 });
      const placed = (await (await post('/sandbox/orders/place', { count: 3, currencies: ['GBP'] })).json()) as {
        Placed: number;
        Orders: Order[];
      };
      expect(placed.Placed).toBe(3);
      expect(placed.Orders.every((o) => o.CurrencyKey === 'GBP' && o.StatusKey === 'Pending')).toBe(true);
      const before = (await (await fetch(`${sandbox.url}/sandbox/counters`)).json()) as Record<string, number>;
      expect(before['storefront.orders_placed']).toBeGreaterThanOrEqual(3);
      expect((await post('/sandbox/expire-tokens')).status).toBe(200);
      expect((await api('GET', '/api/v1/orders')).status).toBe(401);
      token = (await tokenFor(sandbox)).body.access_token;
    });

    it('places returns and rotates webhook secrets over HTTP', async () => {
      const [order] = await sandbox.placeOrders(1);
      const placed = await fetch(`${sandbox.url}/sandbox/returns/place`, {
        method: 'POST',
        body: JSON.stringify({ OrderKey: order!.CustomKey }),
      });
      expect(placed.status).toBe(201);
      expect(await placed.json()).toMatchObject({ OrderKey: order!.CustomKey, StatusKey: 'Requested' });
      expect(
        (
          await fetch(`${sandbox.url}/sandbox/returns/place`, {
            method: 'POST',
            body: JSON.stringify({ OrderKey: 'NOPE' }),
          })
        ).status,
      ).toBe(404);
      const subscription = await api('POST', '/api/v1/webhooks', {
        Url: 'http://127.0.0.1:9/never',
        Events: ['return.created'],
      });
      const rotated = await fetch(`${sandbox.url}/sandbox/webhooks/${subscription.body.ID}/rotate-secret`, {
        method: 'POST',
      });
      const secret = ((await rotated.json()) as { Secret: string }).Secret;
      expect(secret).toMatch(/^whsec_/);
      expect(secret).not.toBe(subscription.body.Secret);
      expect((await api('DELETE', `/api/v1/webhooks/${subscription.body.ID}`)).status).toBe(204);
    });

    it('shows orders, shipments with tracking and stock levels on a read-only page and as JSON', async () => {
      const [order] = await sandbox.placeOrders(1);
      const line = order!.SalesItems[0]!;
      await api('POST', `/api/v1/orders/${order!.ID}/shipments`, {
        CustomKey: 'S-1',
        CarrierKey: 'DHL',
        TrackingNumber: 'JD0146000012345678',
        Items: [{ Sku: line.Sku, Quantity: 1 }],
      });
      const html = await (await fetch(`${sandbox.url}/`)).text();
      expect(html).toContain(order!.CustomKey);
      expect(html).toContain('DHL: JD0146000012345678');
      expect(html).toContain('Stock levels');
      const orders = (await (await fetch(`${sandbox.url}/sandbox/store/orders`)).json()) as Order[];
      expect(orders.some((o) => o.CustomKey === order!.CustomKey)).toBe(true);
    });
  });

  describe('storefront generator', () => {
    it('places valid Pending orders the Odoo sandbox can take, by default', async () => {
      const catalog = new Set([...seedCatalog(300)].map((p) => p.sku));
      const knownEmails = new Set(sandbox.store.customers().map((c) => c.Email.toLowerCase()));
      const orders = await sandbox.placeOrders(150, { seed: 42 });
      const round = (n: number) => Math.round(n * 100) / 100;
      for (const order of orders) {
        expect(order.StatusKey).toBe('Pending');
        expect(['USD', 'EUR', 'GBP']).toContain(order.CurrencyKey);
        expect(['UPS', 'FedEx', 'DHL']).toContain(order.ShippingMethodKey);
        for (const item of order.SalesItems) {
          expect(catalog.has(item.Sku)).toBe(true);
          expect(item.Quantity).toBeGreaterThan(0);
          expect(item.Discount).toBeLessThan(item.UnitSoldPrice * item.Quantity);
        }
        const address = order.ShippingContact.Address;
        for (const field of ['Street1', 'City', 'PostalCode', 'CountryCode'] as const)
          expect(address[field]).toBeTruthy();
        if (['US', 'CA', 'AU'].includes(address.CountryCode!)) expect(address.RegionCode).toMatch(/^[A-Z]{2,3}$/);
        expect(
          order.ShippingContact.FirstName && order.ShippingContact.LastName && order.BillingContact.Email,
        ).toBeTruthy();
        const t = order.Totals;
        expect(t.SubTotal).toBe(round(order.SalesItems.reduce((s, i) => s + i.UnitSoldPrice * i.Quantity, 0)));
        expect(t.Total).toBe(round(t.SubTotal - t.Discounts + t.Shipping + t.Handling + t.Fees + t.Tax));
        const customer = sandbox.store.customer(order.UserEmail!);
        expect(customer?.CustomKey).toBe(order.AccountKey);
      }
      // Variety a real shop has: all three currencies, unicode names, three-line addresses, discounts, payment methods.
      expect(new Set(orders.map((o) => o.CurrencyKey)).size).toBe(3);
      expect(
        orders.some((o) => /[^\u0000-\u007f]/.test(`${o.ShippingContact.FirstName}${o.ShippingContact.LastName}`)),
      ).toBe(true);
      expect(orders.some((o) => o.ShippingContact.Address.Street3)).toBe(true);
      expect(orders.some((o) => o.Totals.Discounts > 0)).toBe(true);
      expect(new Set(orders.map((o) => o.PaymentMethodKey)).size).toBeGreaterThanOrEqual(3);
      expect(new Set(orders.map((o) => o.ShippingContact.Address.CountryCode)).size).toBeGreaterThanOrEqual(4);
      // One account per distinct email, case-insensitively; returning customers order again.
      const emails = new Set(orders.map((o) => o.UserEmail!.toLowerCase()));
      const newEmails = [...emails].filter((e) => !knownEmails.has(e));
      expect(sandbox.store.customers().length - knownEmails.size).toBe(newEmails.length);
      expect(emails.size).toBeLessThan(orders.length);
    });

    it('adds unknown SKUs and leaves fields out only on request', async () => {
      const catalog = new Set(sandbox.store.products().map((p) => p.CustomKey));
      const unknown = await sandbox.placeOrders(10, { unknownSkuRate: 1, seed: 7 });
      for (const order of unknown) expect(order.SalesItems.some((i) => !catalog.has(i.Sku))).toBe(true);
      const missing = await sandbox.placeOrders(10, { missingFieldRate: 1, seed: 8 });
      for (const order of missing) {
        const c = order.ShippingContact;
        const holes = [
          c.Address.PostalCode,
          c.Address.City,
          c.LastName,
          order.BillingContact.Email,
          c.Address.RegionCode,
          order.ShippingMethodKey,
        ];
        expect(holes).toContain(null);
      }
    });

    it('creates return requests that the API lists and changes', async () => {
      const [order] = await sandbox.placeOrders(1);
      const salesReturn = sandbox.placeReturn(order!.CustomKey);
      expect(salesReturn).toMatchObject({ OrderKey: order!.CustomKey, StatusKey: 'Requested' });
      const patched = await api('PATCH', `/api/v1/returns/${salesReturn.ID}`, {
        StatusKey: 'Refunded',
        RefundAmount: 1,
      });
      expect(patched.body).toMatchObject({ StatusKey: 'Refunded', RefundAmount: 1 });
      const tooMuch = await api('PATCH', `/api/v1/returns/${salesReturn.ID}`, {
        RefundAmount: order!.Totals.Total + 1,
      });
      expect(tooMuch.status).toBe(422);
    });
  });
});
