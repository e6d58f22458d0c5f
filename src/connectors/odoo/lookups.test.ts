import { describe, expect, it } from 'vitest';
import { BusinessError } from '../../core/errors.ts';
import type { OdooClient, OdooRecord, SearchReadQuery } from './client.ts';
import { anyOf, escapeLike } from './batched-lookup.ts';
import { OdooLookups } from './lookups.ts';
import { TtlCache } from './ttl-cache.ts';

/** A client double: answers search_read from fixed rows per model and records the queries. */
function stubClient(rows: Record<string, OdooRecord[]>) {
  const queries: { model: string; query: SearchReadQuery }[] = [];
  const listeners = new Set<(model: string) => void>();
  const client = {
    async searchRead(model: string, query: SearchReadQuery) {
      queries.push({ model, query });
      return rows[model] ?? [];
    },
    onWrite(listener: (model: string) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    client: client as unknown as OdooClient,
    queries,
    wrote: (model: string) => listeners.forEach((l) => l(model)),
  };
}

describe('OdooLookups', () => {
  it('batches the misses of one tick into one search_read and caches the answers', async () => {
    const stub = stubClient({
      'res.country': [
        { id: 233, code: 'US' },
        { id: 38, code: 'CA' },
      ],
    });
    const lookups = new OdooLookups(stub.client, { watchIntervalMs: 0 });
    expect(await Promise.all([lookups.country('us'), lookups.country('CA'), lookups.country('US')])).toEqual([
      233, 38, 233,
    ]);
    expect(stub.queries).toHaveLength(1);
    expect(stub.queries[0]!.query.domain).toEqual(['|', ['code', '=ilike', 'us'], ['code', '=ilike', 'ca']]);
    expect(await lookups.country('Us')).toBe(233);
    expect(stub.queries).toHaveLength(1);
  });

  it('names the unknown key in a BusinessError and does not cache the miss', async () => {
    const stub = stubClient({ 'product.product': [{ id: 7, default_code: 'E-COM07' }] });
    const lookups = new OdooLookups(stub.client, { watchIntervalMs: 0 });
    const error = await lookups.productBySku('NOPE-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BusinessError);
    expect((error as BusinessError).message).toContain('"NOPE-1"');
    expect((error as BusinessError).details).toMatchObject({ lookup: 'product SKU', key: 'NOPE-1' });
    await lookups.productBySku('NOPE-1').catch(() => undefined);
    expect(stub.queries).toHaveLength(2);
  });

  it('escapes LIKE wildcards so "A_1%" matches only itself', async () => {
    const stub = stubClient({ 'product.product': [{ id: 1, default_code: 'A_1%' }] });
    const lookups = new OdooLookups(stub.client, { watchIntervalMs: 0 });
    expect(await lookups.productBySku('A_1%')).toBe(1);
    expect(stub.queries[0]!.query.domain).toEqual([['default_code', '=ilike', 'a\\_1\\%']]);
    expect(escapeLike('a\\b')).toBe('a\\\\b');
  });

  it('drops the cache of a model the bridge wrote to', async () => {
    const stub = stubClient({ 'delivery.carrier': [{ id: 3, name: 'UPS' }] });
    const lookups = new OdooLookups(stub.client, { watchIntervalMs: 0 });
    await lookups.carrier('ups');
    stub.wrote('res.partner');
    await lookups.carrier('ups');
    expect(stub.queries).toHaveLength(1);
    stub.wrote('delivery.carrier');
    await lookups.carrier('ups');
    expect(stub.queries).toHaveLength(2);
  });

  it('looks states up within their country and categories by path', async () => {
    const stub = stubClient({
      'res.country': [{ id: 233, code: 'US' }],
      'res.country.state': [{ id: 13, code: 'CA', country_id: [233, 'United States'] }],
      'product.category': [{ id: 4, complete_name: 'All / Saleable' }],
      'product.pricelist': [{ id: 2, name: 'EUR list', currency_id: [1, 'EUR'] }],
    });
    const lookups = new OdooLookups(stub.client, { watchIntervalMs: 0 });
    expect(await lookups.state('US', 'ca')).toBe(13);
    expect(await lookups.category('all/saleable')).toBe(4);
    expect(await lookups.pricelist('eur')).toBe(2);
    await expect(lookups.state('US', 'ZZ')).rejects.toThrow(/"ZZ" in US/);
  });
});

describe('anyOf', () => {
  it('ORs expressions in prefix notation', () => {
    expect(anyOf([[['a', '=', 1]], [['b', '=', 2]], ['&', ['c', '=', 3], ['d', '=', 4]]])).toEqual([
      '|',
      '|',
      ['a', '=', 1],
      ['b', '=', 2],
      '&',
      ['c', '=', 3],
      ['d', '=', 4],
    ]);
  });
});

describe('TtlCache', () => {
  it('expires entries and evicts the least recently used beyond its bound', () => {
    let now = 0;
    const cache = new TtlCache<number>({ ttlMs: 100, maxEntries: 2, now: () => now });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    now = 150;
    expect(cache.get('a')).toBeUndefined();
  });
});

describe('domain expressions', () => {
  it('make implicit ANDs explicit so domains can be ORed', async () => {
    const { anyOf, asExpression } = await import('./batched-lookup.ts');
    expect(
      asExpression([
        ['a', '=', 1],
        ['b', '=', 2],
        ['c', '=', 3],
      ]),
    ).toEqual(['&', '&', ['a', '=', 1], ['b', '=', 2], ['c', '=', 3]]);
    expect(asExpression(['|', ['a', '=', 1], ['b', '=', 2], ['c', '=', 3]])).toEqual([
      '&',
      '|',
      ['a', '=', 1],
      ['b', '=', 2],
      ['c', '=', 3],
    ]);
    expect(asExpression(['!', ['a', '=', 1]])).toEqual(['!', ['a', '=', 1]]);
    expect(
      anyOf([
        asExpression([
          ['a', '=', 1],
          ['b', '=', 2],
        ]),
        asExpression([['c', '=', 3]]),
      ]),
    ).toEqual(['|', '&', ['a', '=', 1], ['b', '=', 2], ['c', '=', 3]]);
  });
});
