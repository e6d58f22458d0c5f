// One company per integration (issue 11): the client resolves the company it works in at connect and every call
// runs in it, so lookups never find another company's records and what it creates belongs to it; a user with several
// companies and none named is refused with the list, as is a company the user cannot act in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError } from '../../src/core/errors.ts';
import { OdooClient, OdooLookups, type OdooClientOptions } from '../../src/connectors/odoo/index.ts';
import { startOdooSandbox, type OdooSandbox } from '../../src/sandbox/odoo/index.ts';

let sandbox: OdooSandbox;
const clients: OdooClient[] = [];

const clientFor = (company: OdooClientOptions['company']) => {
  const client = new OdooClient({
    url: sandbox.url,
    db: sandbox.db,
    login: sandbox.login,
    apiKey: sandbox.apiKey,
    readRetries: 0,
    ...(company !== undefined ? { company } : {}),
  });
  clients.push(client);
  return client;
};

beforeAll(async () => {
  sandbox = await startOdooSandbox({ products: 3 });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await sandbox?.close();
});

describe('the company an integration works in', () => {
  it('refuses to guess between several companies, naming them', async () => {
    const error = await clientFor(undefined)
      .connect()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toBe(
      `the bridge's Odoo user can act in 2 companies: "My Company (San Francisco)" (id 1), "My Company (Chicago)" (id 2); set odoo.company to the one this integration works in`,
    );
  });

  it('refuses a company the user cannot act in', async () => {
    const error = await clientFor('Acme Ltd')
      .connect()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toMatch(
      /odoo\.company is "Acme Ltd", but the bridge's Odoo user can act only in/,
    );
  });

  it('works in the named company (by name, any case, or by id): its records only, and what it makes is its own', async () => {
    const chicago = clientFor('my company (chicago)');
    expect((await chicago.connect()).company).toEqual({
      id: 2,
      name: 'My Company (Chicago)',
      currencyId: 1,
      currency: 'USD',
    });
    expect(await new OdooLookups(chicago, { watchIntervalMs: 0 }).warehouse('CHIC1')).toBe(2);
    await expect(new OdooLookups(chicago, { watchIntervalMs: 0 }).warehouse('WH')).rejects.toThrow(/no warehouse "WH"/);
    const id = await chicago.create('sale.order', { partner_id: 10 });
    const [order] = await chicago.read('sale.order', [id], ['company_id', 'warehouse_id']);
    expect(order).toMatchObject({ company_id: [2, 'My Company (Chicago)'], warehouse_id: [2, 'Chicago1'] });

    const sanFrancisco = clientFor(1);
    expect((await sanFrancisco.connect()).company.name).toBe('My Company (San Francisco)');
    expect(await sanFrancisco.search('stock.warehouse', [])).toEqual([1]);
  });
});
