// Error classes and injected faults over real HTTP against the Odoo sandbox, for each version and transport:
// what the engine sees (the error's class) is what decides retry, dead-letter, review or pause.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError, BusinessError, TransientError, ValidationError, type BridgeError } from '../../src/core/errors.ts';
import { startOdooSandbox, type OdooSandbox } from '../../src/sandbox/odoo/index.ts';
import { OdooClient, type OdooVersion, type TransportKind } from '../../src/connectors/odoo/index.ts';

const COMBOS: { version: OdooVersion; transport: TransportKind }[] = [
  { version: 16, transport: 'jsonrpc' },
  { version: 17, transport: 'jsonrpc' },
  { version: 18, transport: 'jsonrpc' },
  { version: 19, transport: 'jsonrpc' },
  { version: 19, transport: 'json2' },
];

async function failure(promise: Promise<unknown>): Promise<BridgeError> {
  try {
    await promise;
  } catch (error) {
    return error as BridgeError;
  }
  throw new Error('expected the call to fail');
}

describe.each(COMBOS)('Odoo $version over $transport: errors and faults', ({ version, transport }) => {
  let sandbox: OdooSandbox;
  let client: OdooClient;
  const calls: string[] = [];
  const connect = (extra: Partial<ConstructorParameters<typeof OdooClient>[0]> = {}) =>
    new OdooClient({
      url: sandbox.url,
      db: sandbox.db,
      login: sandbox.login,
      company: sandbox.company,
      apiKey: sandbox.apiKey,
      transport,
      readRetries: 2,
      retryBaseMs: 1,
      timeoutMs: 2_000,
      onCall: (c) => void calls.push(`${c.model}.${c.method}#${c.attempt}`),
      ...extra,
    });

  beforeAll(async () => {
    sandbox = await startOdooSandbox({ version, port: 0, products: 10 });
    client = connect();
    await client.connect();
  });
  afterAll(async () => {
    await client?.close();
    await sandbox?.close();
  });

  it('a missing mandatory field is a ValidationError naming the field', async () => {
    const error = await failure(client.create('sale.order', { client_order_ref: 'NO-PARTNER' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems.map((p) => p.field)).toContain('partner_id');
  });

  it('an unknown field is a ValidationError; an unknown model and a missing record are BusinessErrors', async () => {
    expect(await failure(client.create('res.partner', { name: 'x', x_nope_field: 1 }))).toBeInstanceOf(ValidationError);
    expect(await failure(client.call('x.nope', 'search_read', [], { domain: [] }))).toBeInstanceOf(BusinessError);
    expect(await failure(client.write('res.partner', [99_999_999], { name: 'x' }))).toBeInstanceOf(BusinessError);
  });

  it('a refused private method (AccessError) is a BusinessError raising an alert', async () => {
    const error = await failure(client.call('sale.order', '_create_invoices', [[1]]));
    expect(error).toBeInstanceOf(BusinessError);
    expect(error.details.alert).toBe(true);
  });

  it('a wrong API key or password is an AuthError', async () => {
    const wrong = connect({ apiKey: 'wrong-key-123' });
    expect(await failure(wrong.searchRead('res.partner', { limit: 1, fields: ['name'] }))).toBeInstanceOf(AuthError);
    await wrong.close();
    if (transport === 'jsonrpc') {
      const byPassword = new OdooClient({
        url: sandbox.url,
        db: sandbox.db,
        login: sandbox.login,
        company: sandbox.company,
        password: sandbox.password,
        transport,
      });
      expect((await byPassword.searchRead('res.partner', { limit: 1, fields: ['name'] })).length).toBe(1);
      await byPassword.close();
      const badPassword = new OdooClient({
        url: sandbox.url,
        db: sandbox.db,
        login: sandbox.login,
        company: sandbox.company,
        password: 'nope',
        transport,
      });
      expect(await failure(badPassword.connect())).toBeInstanceOf(AuthError);
      await badPassword.close();
    }
  });

  it('JSON-2 is refused before Odoo 19 with a clear message, and used on 19', async () => {
    const json2 = connect({ transport: 'json2' });
    if (version < 19) await expect(json2.connect()).rejects.toThrow(/JSON-2 came with Odoo 19/);
    else expect((await json2.connect()).transport).toBe('json2');
    await json2.close();
  });

  it('5xx answers are transient; reads are retried, writes are not', async () => {
    sandbox.setFaults({ errorRate: 1 });
    calls.length = 0;
    expect(await failure(client.read('res.partner', [1], ['name']))).toBeInstanceOf(TransientError);
    expect(calls.filter((c) => c.startsWith('res.partner.read'))).toEqual([
      'res.partner.read#1',
      'res.partner.read#2',
      'res.partner.read#3',
    ]);
    calls.length = 0;
    expect(await failure(client.write('res.partner', [1], { name: 'x' }))).toBeInstanceOf(TransientError);
    expect(calls).toEqual(['res.partner.write#1']);
    sandbox.setFaults({ errorRate: 0 });
  });

  it('dropped connections and serialization failures are transient', async () => {
    sandbox.setFaults({ dropRate: 1 });
    expect(await failure(client.searchRead('res.partner', { limit: 1, fields: ['name'] }))).toBeInstanceOf(
      TransientError,
    );
    sandbox.setFaults({ dropRate: 0, serializationFailureRate: 1 });
    const error = await failure(client.create('res.partner', { name: 'race' }));
    expect(error).toBeInstanceOf(TransientError);
    sandbox.setFaults({ serializationFailureRate: 0 });
    expect((await client.searchRead('res.partner', { limit: 1, fields: ['name'] })).length).toBe(1);
  });

  it('a call slower than its deadline is a transient timeout', async () => {
    sandbox.setFaults({ slowMethods: { 'res.partner.search_count': 600 } });
    const error = await failure(client.searchCount('res.partner', [], { timeoutMs: 150 }));
    expect(error).toBeInstanceOf(TransientError);
    expect(error.details.timeout).toBe(true);
    sandbox.setFaults({ slowMethods: {} });
  });

  it('a revoked credential (AccessDenied) is an AuthError, and the client recovers when it works again', async () => {
    sandbox.setFaults({ accessDeniedAfterCalls: 0 });
    expect(await failure(client.searchRead('res.partner', { limit: 1, fields: ['name'] }))).toBeInstanceOf(AuthError);
    sandbox.setFaults({ accessDeniedAfterCalls: null });
    expect((await client.searchRead('res.partner', { limit: 1, fields: ['name'] })).length).toBe(1);
  });
});
