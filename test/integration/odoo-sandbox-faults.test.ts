// Fault injection (in-process and over HTTP), webhook delivery failures, and the cost model's worker slots.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startOdooSandbox, type OdooSandbox } from '../../src/sandbox/odoo/index.ts';

const started: OdooSandbox[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

async function sandboxWith(options: Parameters<typeof startOdooSandbox>[0] = {}): Promise<OdooSandbox> {
  const sandbox = await startOdooSandbox({ products: 5, ...options });
  started.push(sandbox);
  return sandbox;
}

function rpcBody(
  sandbox: OdooSandbox,
  model: string,
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    method: 'call',
    params: {
      service: 'object',
      method: 'execute_kw',
      args: [sandbox.db, 2, sandbox.password, model, method, args, kwargs],
    },
    id: 3,
  });
}

async function rpc(
  sandbox: OdooSandbox,
  model: string,
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown> = {},
) {
  const response = await fetch(`${sandbox.url}/jsonrpc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: rpcBody(sandbox, model, method, args, kwargs),
  });
  return {
    status: response.status,
    body: (await response.json().catch(() => null)) as {
      result?: unknown;
      error?: { data: { name: string; message: string } };
    } | null,
  };
}

describe('fault injection', () => {
  it('answers 503 to a share of requests and counts it', async () => {
    const sandbox = await sandboxWith({ faults: { errorRate: 1 } });
    const reply = await rpc(sandbox, 'res.partner', 'search_count', [[]]);
    expect(reply.status).toBe(503);
    sandbox.setFaults({ errorRate: 0 });
    expect((await rpc(sandbox, 'res.partner', 'search_count', [[]])).status).toBe(200);
    expect(sandbox.faultCounters().injected_5xx).toBe(1);
  });

  it('drops connections without an answer', async () => {
    const sandbox = await sandboxWith({ faults: { dropRate: 1 } });
    await expect(rpc(sandbox, 'res.partner', 'search_count', [[]])).rejects.toThrow();
    expect(sandbox.faultCounters().injected_drops).toBeGreaterThanOrEqual(1);
  });

  it('fails calls with a serialization failure, on JSON-RPC and JSON-2', async () => {
    const sandbox = await sandboxWith({ version: 19, faults: { serializationFailureRate: 1 } });
    const reply = await rpc(sandbox, 'res.partner', 'search_count', [[]]);
    expect(reply.body?.error?.data.name).toBe('psycopg2.errors.SerializationFailure');
    const json2 = await fetch(`${sandbox.url}/json/2/res.partner/search_count`, {
      method: 'POST',
      headers: { authorization: `bearer ${sandbox.apiKey}`, 'content-type': 'application/json' },
      body: '{"domain":[]}',
    });
    expect(json2.status).toBe(500);
    expect(((await json2.json()) as { name: string }).name).toBe('psycopg2.errors.SerializationFailure');
  });

  it('refuses every credential after N calls until the fault is lifted', async () => {
    const sandbox = await sandboxWith({ faults: { accessDeniedAfterCalls: 2 } });
    expect((await rpc(sandbox, 'res.partner', 'search_count', [[]])).body?.result).toEqual(expect.any(Number));
    expect((await rpc(sandbox, 'res.partner', 'search_count', [[]])).body?.result).toEqual(expect.any(Number));
    expect((await rpc(sandbox, 'res.partner', 'search_count', [[]])).body?.error?.data).toMatchObject({
      name: 'odoo.exceptions.AccessDenied',
      message: 'Access Denied',
    });
    const login = await fetch(`${sandbox.url}/jsonrpc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        method: 'call',
        params: { service: 'common', method: 'authenticate', args: [sandbox.db, sandbox.login, sandbox.password, {}] },
        id: 1,
      }),
    }).then((r) => r.json() as Promise<{ result: unknown }>);
    expect(login.result).toBe(false);
    sandbox.setFaults({ accessDeniedAfterCalls: null });
    expect((await rpc(sandbox, 'res.partner', 'search_count', [[]])).body?.result).toEqual(expect.any(Number));
  });

  it('is controlled over HTTP: GET/POST /sandbox/faults and GET /sandbox/counters', async () => {
    const sandbox = await sandboxWith();
    const refused = await fetch(`${sandbox.url}/sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ errorRate: 3 }),
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: string }).error).toBe('errorRate must be a number from 0 to 1');
    const set = await fetch(`${sandbox.url}/sandbox/faults`, {
      method: 'POST',
      body: JSON.stringify({ latencyMs: 1, slowMethods: { 'res.partner.search_count': 1 } }),
    });
    expect(await set.json()).toMatchObject({
      latencyMs: 1,
      errorRate: 0,
      slowMethods: { 'res.partner.search_count': 1 },
    });
    await rpc(sandbox, 'res.partner', 'search_count', [[]]);
    const counters = await fetch(`${sandbox.url}/sandbox/counters`).then((r) => r.json());
    expect(counters).toMatchObject({
      calls: 1,
      'calls:res.partner.search_count': 1,
      injected_latency: 1,
      injected_slow_calls: 1,
    });
  });
});

describe('webhooks', () => {
  it('logs and counts a webhook that fails, and still answers the call', async () => {
    const sandbox = await sandboxWith();
    const unused = createServer();
    await new Promise<void>((resolve) => unused.listen(0, '127.0.0.1', resolve));
    const deadPort = (unused.address() as AddressInfo).port;
    await new Promise((resolve) => unused.close(resolve));

    const [modelId] = (await sandbox.execute('ir.model', 'search', [[['model', '=', 'res.partner']]])) as number[];
    const fields = (await sandbox.execute('ir.model.fields', 'search', [
      [
        ['model', '=', 'res.partner'],
        ['name', 'in', ['name', 'email']],
      ],
    ])) as number[];
    const action = await sandbox.execute('ir.actions.server', 'create', [
      {
        name: 'Partner hook',
        model_id: modelId,
        state: 'webhook',
        webhook_url: `http://127.0.0.1:${deadPort}/hook`,
        webhook_field_ids: [[6, 0, fields]],
      },
    ]);
    await sandbox.execute('base.automation', 'create', [
      {
        name: 'On partner create',
        model_id: modelId,
        trigger: 'on_create_or_write',
        action_server_ids: [[6, 0, [action]]],
      },
    ]);
    const reply = await rpc(sandbox, 'res.partner', 'create', [{ name: 'Hooked', email: 'hooked@example.com' }]);
    expect(reply.body?.result).toEqual(expect.any(Number));
    expect(sandbox.faultCounters().webhooks_failed).toBe(1);
  });

  it('posts on create with the fields selected, many2one as bare ids', async () => {
    const sandbox = await sandboxWith();
    const bodies: string[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push(body);
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/odoo/secret-token`;
      const [modelId] = (await sandbox.execute('ir.model', 'search', [[['model', '=', 'sale.order']]])) as number[];
      const fields = (await sandbox.execute('ir.model.fields', 'search', [
        [
          ['model', '=', 'sale.order'],
          ['name', 'in', ['name', 'partner_id', 'amount_total']],
        ],
      ])) as number[];
      const action = (await sandbox.execute('ir.actions.server', 'create', [
        {
          name: 'Order hook',
          model_id: modelId,
          state: 'webhook',
          webhook_url: url,
          webhook_field_ids: [[6, 0, fields]],
        },
      ])) as number;
      await sandbox.execute('base.automation', 'create', [
        { name: 'On order create', model_id: modelId, trigger: 'on_create', action_server_ids: [[6, 0, [action]]] },
      ]);
      const [partner] = (await sandbox.execute('res.partner', 'search', [
        [['name', '=', 'Azure Interior']],
      ])) as number[];
      const [product] = (await sandbox.execute('product.product', 'search', [
        [['default_code', '=', 'E-COM07']],
      ])) as number[];
      const order = (
        await rpc(sandbox, 'sale.order', 'create', [
          { partner_id: partner, order_line: [[0, 0, { product_id: product, product_uom_qty: 1, price_unit: 100 }]] },
        ])
      ).body?.result as number;
      expect(bodies).toEqual([
        `{"_action": "Order hook(#${action})", "_id": ${order}, "_model": "sale.order", "amount_total": 115.0, "id": ${order}, "name": "S00001", "partner_id": ${partner}}`,
      ]);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });
});

describe('cost model', () => {
  it('serves calls through its worker slots and still answers correctly', async () => {
    const sandbox = await sandboxWith({ costModel: { maxConcurrent: 1 }, timeScale: 1000 });
    const replies = await Promise.all(
      [1, 2, 3, 4].map(() => rpc(sandbox, 'res.partner', 'search_count', [[['is_company', '=', true]]])),
    );
    const counts = replies.map((r) => r.body?.result);
    expect(new Set(counts).size).toBe(1);
    expect(counts[0]).toBeGreaterThan(0);
    expect(sandbox.faultCounters().calls).toBe(4);
  });
});
