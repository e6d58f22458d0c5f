// Error classification over real HTTP, against the answers recorded from real Odoo 17 and 19 servers
// (test/fixtures/odoo17/03 and 17, test/fixtures/odoo19/json2-exchanges.json), replayed by a tiny local server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, BusinessError, TransientError, ValidationError, type BridgeError } from '../../src/core/errors.ts';
import { OdooClient, type OdooCallRecord } from '../../src/connectors/odoo/client.ts';

interface Exchange {
  title?: string;
  request: { method?: string; path?: string; body?: { params?: { args?: unknown[] } } & Record<string, unknown> };
  response: { status: number; body: unknown };
}
const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8')) as { exchanges: Exchange[] };

type Reply = { status: number; body: unknown; raw?: string } | 'drop' | 'hang';

/** A server that answers common.version/authenticate itself and everything else from a queue. */
async function replayServer(versionInfo: number[]): Promise<{
  url: string;
  server: Server;
  next: (r: Reply) => void;
  calls: () => number;
  sockets: () => { opened: number; maxOpen: number };
}> {
  const queue: Reply[] = [];
  let calls = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = chunks.length
        ? (JSON.parse(Buffer.concat(chunks).toString()) as {
            id?: number;
            params?: { service?: string; method?: string };
          })
        : {};
      const send = (status: number, payload: unknown, raw?: string) => {
        res.writeHead(status, { 'content-type': raw ? 'text/html' : 'application/json' });
        res.end(raw ?? JSON.stringify(payload));
      };
      if (body.params?.service === 'common' && body.params.method === 'version') {
        return send(200, {
          jsonrpc: '2.0',
          id: body.id,
          result: { server_version: `${versionInfo[0]}.0`, server_version_info: [...versionInfo, 0, 'final', 0, ''] },
        });
      }
      if (body.params?.service === 'common' && body.params.method === 'authenticate')
        return send(200, { jsonrpc: '2.0', id: body.id, result: 2 });
      // the company the client resolves at connect (one, as on a single-company Odoo)
      const args = (body.params as { args?: unknown[] } | undefined)?.args ?? [];
      const target = req.url?.startsWith('/json/2/') ? req.url.split('/').slice(3).join('.') : `${args[3]}.${args[4]}`;
      const company = {
        'res.users.read': [{ id: 2, company_ids: [1] }],
        'res.company.read': [{ id: 1, name: 'My Company', currency_id: [1, 'USD'] }],
      }[target];
      if (company)
        return send(200, req.url?.startsWith('/json/2/') ? company : { jsonrpc: '2.0', id: body.id, result: company });
      calls++;
      const reply = queue.shift() ?? { status: 200, body: { jsonrpc: '2.0', id: body.id, result: true } };
      if (reply === 'drop') return req.socket.destroy();
      if (reply === 'hang') return;
      send(reply.status, reply.body, reply.raw);
    });
  });
  let sockets = 0;
  let open = 0;
  let maxOpen = 0;
  server.on('connection', (socket) => {
    sockets++;
    maxOpen = Math.max(maxOpen, ++open);
    socket.on('close', () => open--);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    next: (r) => queue.push(r),
    calls: () => calls,
    sockets: () => ({ opened: sockets, maxOpen }),
  };
}

async function failure(promise: Promise<unknown>): Promise<BridgeError> {
  try {
    await promise;
  } catch (error) {
    return error as BridgeError;
  }
  throw new Error('expected the call to fail');
}

describe('JSON-RPC errors recorded from Odoo 17', () => {
  let srv: Awaited<ReturnType<typeof replayServer>>;
  let client: OdooClient;
  beforeAll(async () => {
    srv = await replayServer([17, 0]);
    client = new OdooClient({
      url: srv.url,
      db: 'odoo17',
      login: 'admin',
      password: 'admin',
      readRetries: 2,
      retryBaseMs: 1,
      timeoutMs: 500,
    });
  });
  afterAll(async () => {
    await client.close();
    srv.server.close();
  });

  const errors = fixture('odoo17/17-errors.json').exchanges.filter(
    (e) => (e.response.body as { error?: unknown }).error,
  );
  const expected: Record<string, new (...args: never[]) => BridgeError> = {
    'odoo.exceptions.ValidationError': ValidationError,
    'builtins.ValueError': ValidationError,
    'odoo.exceptions.MissingError': BusinessError,
    'odoo.exceptions.UserError': BusinessError,
    'odoo.exceptions.AccessError': BusinessError,
    'builtins.AttributeError': BusinessError,
  };
  it.each(errors.map((e) => [e.title ?? '', e] as const))('%s', async (_title, exchange) => {
    const name = (exchange.response.body as { error: { data: { name: string; message: string } } }).error.data.name;
    srv.next({ status: 200, body: exchange.response.body });
    const error = await failure(client.call('sale.order', 'write', [[1], { note: 'x' }]));
    expect(error).toBeInstanceOf(expected[name]!);
    expect(error.message).toContain(
      (exchange.response.body as { error: { data: { message: string } } }).error.data.message.split('\n')[0],
    );
    expect(error.details.odooError).toBe(name);
    if (name === 'odoo.exceptions.AccessError') expect(error.details.alert).toBe(true);
  });

  it('names the missing field of a ValidationError', async () => {
    srv.next({ status: 200, body: errors[0]!.response.body });
    const error = (await failure(client.call('sale.order', 'create', [{}]))) as ValidationError;
    expect(error.problems).toEqual([{ field: 'partner_id', reason: 'a mandatory field is not set' }]);
  });

  it('AccessDenied (wrong password) and a deleted bridge user are AuthErrors; another missing res.users is not', async () => {
    const [wrongPassword, unknownUid] = fixture('odoo17/03-execute-kw-wrong-password.json').exchanges;
    srv.next({ status: 200, body: wrongPassword!.response.body });
    expect(await failure(client.call('res.partner', 'write', [[1], {}]))).toBeInstanceOf(AuthError);
    srv.next({ status: 200, body: unknownUid!.response.body });
    expect(await failure(client.call('res.partner', 'write', [[1], {}]))).toBeInstanceOf(AuthError);
    const other = JSON.parse(
      JSON.stringify(unknownUid!.response.body).replaceAll('res.users(9999,), User: 9999', 'res.users(12,), User: 2'),
    ) as unknown;
    srv.next({ status: 200, body: other });
    expect(await failure(client.call('res.partner', 'write', [[1], {}]))).toBeInstanceOf(BusinessError);
  });

  it('a serialization failure is transient; a read is retried until it succeeds, a write is not retried', async () => {
    const serialization = {
      jsonrpc: '2.0',
      id: 1,
      error: {
        code: 200,
        message: 'Odoo Server Error',
        data: {
          name: 'psycopg2.errors.SerializationFailure',
          message: 'could not serialize access due to concurrent update',
          arguments: [],
          context: {},
        },
      },
    };
    srv.next({ status: 200, body: serialization });
    srv.next({ status: 200, body: { jsonrpc: '2.0', id: 1, result: [{ id: 1, name: 'A' }] } });
    const before = srv.calls();
    expect(await client.call('res.partner', 'search_read', [], { domain: [] })).toEqual([{ id: 1, name: 'A' }]);
    expect(srv.calls() - before).toBe(2);
    srv.next({ status: 200, body: serialization });
    const writeBefore = srv.calls();
    expect(await failure(client.call('res.partner', 'write', [[1], { name: 'B' }]))).toBeInstanceOf(TransientError);
    expect(srv.calls() - writeBefore).toBe(1);
  });

  it('5xx pages, dropped connections and timeouts are transient (and reads give up after their retries)', async () => {
    srv.next({ status: 502, body: null, raw: '<html>Bad Gateway</html>' });
    expect(await failure(client.call('res.partner', 'write', [[1], {}]))).toBeInstanceOf(TransientError);
    srv.next({ status: 503, body: null, raw: 'unavailable' });
    srv.next({ status: 503, body: null, raw: 'unavailable' });
    srv.next({ status: 503, body: null, raw: 'unavailable' });
    const before = srv.calls();
    expect(await failure(client.call('res.partner', 'read', [[1]]))).toBeInstanceOf(TransientError);
    expect(srv.calls() - before).toBe(3);
    srv.next('drop');
    const dropped = await failure(client.call('res.partner', 'write', [[1], {}]));
    expect(dropped).toBeInstanceOf(TransientError);
    srv.next('hang');
    const timedOut = await failure(client.call('res.partner', 'write', [[1], {}], {}, { timeoutMs: 200 }));
    expect(timedOut).toBeInstanceOf(TransientError);
    expect(timedOut.details.timeout).toBe(true);
  });

  it('a method returning None (no result key) answers null', async () => {
    srv.next({ status: 200, body: { jsonrpc: '2.0', id: 73 } });
    expect(await client.call('stock.quant', 'action_apply_inventory', [[4]])).toBeNull();
  });
});

describe('connection pool', () => {
  it('keeps at most maxSockets keep-alive connections, however many calls run at once', async () => {
    const srv = await replayServer([17, 0]);
    const client = new OdooClient({ url: srv.url, db: 'odoo17', login: 'admin', apiKey: 'k-123456', maxSockets: 2 });
    try {
      await Promise.all(
        Array.from({ length: 40 }, () => client.call('res.partner', 'search_count', [], { domain: [] })),
      );
      await Promise.all(
        Array.from({ length: 40 }, () => client.call('res.partner', 'search_count', [], { domain: [] })),
      );
      expect(srv.sockets().maxOpen).toBeLessThanOrEqual(2);
      expect(srv.sockets().opened).toBeLessThanOrEqual(2);
    } finally {
      await client.close();
      srv.server.close();
    }
  });
});

describe('call traces', () => {
  it('hand onCall what was sent and answered, never the credentials', async () => {
    const srv = await replayServer([17, 0]);
    const records: OdooCallRecord[] = [];
    const client = new OdooClient({
      url: srv.url,
      db: 'odoo17',
      login: 'admin',
      apiKey: 'trace-secret-key-77',
      traceBodies: true,
      onCall: (r) => void records.push(r),
    });
    try {
      srv.next({ status: 200, body: { jsonrpc: '2.0', id: 1, result: [{ id: 7, name: 'Azure' }] } });
      await client.call('res.partner', 'search_read', [], { domain: [['id', '=', 7]], fields: ['name'] });
      const last = records[records.length - 1]!;
      expect(last).toMatchObject({
        model: 'res.partner',
        method: 'search_read',
        ok: true,
        request: { args: [], kwargs: { domain: [['id', '=', 7]] } },
        response: [{ id: 7, name: 'Azure' }],
      });
      expect(JSON.stringify(records)).not.toContain('trace-secret-key-77');
    } finally {
      await client.close();
      srv.server.close();
    }
  });
});

describe('JSON-2 errors recorded from Odoo 19', () => {
  let srv: Awaited<ReturnType<typeof replayServer>>;
  let client: OdooClient;
  const exchanges = fixture('odoo19/json2-exchanges.json').exchanges.filter(
    (e) => e.request.path?.startsWith('/json/2/') && e.response.status !== 200,
  );
  beforeAll(async () => {
    srv = await replayServer([19, 0]);
    client = new OdooClient({
      url: srv.url,
      db: 'odoo19',
      login: 'admin',
      apiKey: 'fixture-api-key',
      readRetries: 0,
      timeoutMs: 500,
    });
    srv.next({ status: 200, body: { lang: 'en_US', tz: 'UTC', uid: 2 } }); // context_get
    expect((await client.connect()).transport).toBe('json2');
  });
  afterAll(async () => {
    await client.close();
    srv.server.close();
  });

  it.each(exchanges.map((e) => [e.title ?? '', e] as const))('%s', async (_title, exchange) => {
    const { name } = exchange.response.body as { name: string };
    const kind: Record<string, new (...args: never[]) => BridgeError> = {
      'werkzeug.exceptions.Unauthorized': AuthError,
      'builtins.ValueError': ValidationError,
      'werkzeug.exceptions.NotFound': BusinessError,
      'odoo.exceptions.MissingError': BusinessError,
      'odoo.exceptions.ValidationError': ValidationError,
      'werkzeug.exceptions.UnprocessableEntity': ValidationError,
      'odoo.exceptions.AccessError': BusinessError,
    };
    srv.next({ status: exchange.response.status, body: exchange.response.body });
    const error = await failure(client.call('res.partner', 'write', [[1], { name: 'x' }]));
    expect(error).toBeInstanceOf(kind[name]!);
    expect(error.details.status).toBe(exchange.response.status);
  });

  it('classifies by status when the body is not Odoo JSON', async () => {
    srv.next({ status: 401, body: null, raw: 'no' });
    expect(await failure(client.call('res.partner', 'write', [[1], {}]))).toBeInstanceOf(AuthError);
    srv.next({ status: 504, body: null, raw: 'gateway timeout' });
    expect(await failure(client.call('res.partner', 'write', [[1], {}]))).toBeInstanceOf(TransientError);
  });
});
