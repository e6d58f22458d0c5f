// Lookups never outlive a fix (issue 11): a value the bridge cached is dropped as soon as the record behind it, or
// (for settings such as pricelists and taxes) anything in its model, changed in Odoo; at most one small search per
// model per interval, and at once for a replay. Over real HTTP against the Odoo sandbox, with a hand-turned clock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/core/clock.ts';
import {
  OdooClient,
  OdooLookups,
  activateCurrency,
  createPricelist,
  enablePricelists,
  findCurrency,
  type OdooCallRecord,
} from '../../src/connectors/odoo/index.ts';
import { startOdooSandbox, type OdooSandbox } from '../../src/sandbox/odoo/index.ts';

let sandbox: OdooSandbox;
let client: OdooClient;
let lookups: OdooLookups;
const calls: OdooCallRecord[] = [];
let now = 1_000_000;
const clock: Clock = { now: () => now, sleep: async () => undefined };

/** What Odoo was asked between two points (model.method). */
const asked = (from: number) => calls.slice(from).map((c) => `${c.model}.${c.method}`);

beforeAll(async () => {
  sandbox = await startOdooSandbox({ products: 5 });
  client = new OdooClient({
    url: sandbox.url,
    db: sandbox.db,
    login: sandbox.login,
    company: sandbox.company,
    apiKey: sandbox.apiKey,
    onCall: (c) => void calls.push(c),
  });
  lookups = new OdooLookups(client, { watchIntervalMs: 10_000, clock });
  const eur = (await findCurrency(client, 'EUR'))!;
  await activateCurrency(client, eur.id);
  await enablePricelists(client);
  await createPricelist(client, 'Europe', eur.id);
});

afterAll(async () => {
  await client?.close();
  await sandbox?.close();
});

describe('cached lookups and changes in Odoo', () => {
  it('serves a cached value without asking Odoo again within the interval', async () => {
    const first = await lookups.orderPricelist('EUR');
    const mark = calls.length;
    expect(await lookups.orderPricelist('EUR')).toBe(first);
    expect(asked(mark)).toEqual([]);
  });

  it('drops a pricelist that changed in Odoo once the interval passed: one search tells', async () => {
    const cached = await lookups.orderPricelist('EUR');
    // someone fixes Odoo by hand: the pricelist moves to the other company (as in the issue, the other way round)
    await sandbox.execute('product.pricelist', 'write', [[cached], { company_id: 2 }]);
    const better = (await sandbox.execute('product.pricelist', 'create', [
      { name: 'Europe (San Francisco)', currency_id: (await findCurrency(client, 'EUR'))!.id, company_id: 1 },
    ])) as number;
    expect(await lookups.orderPricelist('EUR')).toBe(cached); // within the interval: the cache stands
    now += 10_001;
    const mark = calls.length;
    expect(await lookups.orderPricelist('EUR')).toBe(better);
    expect(asked(mark)).toEqual(['product.pricelist.search_read', 'product.pricelist.search_read']);
    const mark2 = calls.length;
    await lookups.orderPricelist('EUR');
    expect(asked(mark2)).toEqual([]);
  });

  it('asks at once when a replay asks for it (checkForChanges), whatever the interval', async () => {
    const [product] = (await sandbox.execute('product.product', 'search_read', [[['default_code', '!=', false]]], {
      fields: ['default_code'],
      limit: 1,
    })) as { id: number; default_code: string }[];
    expect(await lookups.productBySku(product!.default_code)).toBe(product!.id);
    await sandbox.execute('product.product', 'write', [
      [product!.id],
      { default_code: `${product!.default_code}-NEW` },
    ]);
    now += 1; // well within the interval
    lookups.checkForChanges();
    await expect(lookups.productBySku(product!.default_code)).rejects.toThrow(/has no product SKU/);
    expect(await lookups.productBySku(`${product!.default_code}-NEW`)).toBe(product!.id);
  });

  it("keeps a product's cached id when another product changed (only the changed records go)", async () => {
    const [a, b] = (await sandbox.execute('product.product', 'search_read', [[['default_code', '=like', 'SKU-%']]], {
      fields: ['default_code'],
      limit: 2,
      order: 'id asc',
    })) as { id: number; default_code: string }[];
    await lookups.productBySku(a!.default_code);
    await lookups.productBySku(b!.default_code);
    // a second later, as a person's edit comes: write_date tells seconds apart, not changes within one
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await sandbox.execute('product.product', 'write', [[b!.id], { weight: 3.5 }]);
    now += 10_001;
    const mark = calls.length;
    expect(await lookups.productBySku(a!.default_code)).toBe(a!.id);
    // the check, then no new search for a: only b's entry was dropped
    expect(asked(mark)).toEqual(['product.product.search_read']);
  });
});
