// `bridge sync` over real HTTP: a full product sync into an empty store, stopped halfway, resumes from its checkpoint
// and finishes with both sides equal and no duplicates; a second run writes nothing; a dry run writes nothing and
// says what it would do; the stock sync sends each level once; the customer sync brings both sides together.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSyncKind, syncDeps, SyncAborted, type SyncDeps, type SyncProgress } from '../../src/flows/sync/index.ts';
import { startHarness, type Harness } from './flows-catalog-harness.ts';
import { STORE_KINDS } from '../support/stores.ts';

describe.each(STORE_KINDS)('full sync on %s', (store) => {
  let h: Harness;
  let deps: SyncDeps;

  beforeAll(async () => {
    h = await startHarness({ store, products: 240, clarityProducts: 0 });
    deps = syncDeps(h.bridge);
  });

  afterAll(async () => {
    await h?.close();
  });

  // the store's catalog: the products Odoo sells (its delivery products are not for sale)
  const templates = () =>
    h.execute<{ id: number; default_code: string | false; product_variant_count: number }[]>(
      'product.template',
      'search_read',
      [[['sale_ok', '=', true]]],
      { fields: ['default_code', 'product_variant_count'] },
    );

  describe('bridge sync products', () => {
    it('a dry run says what it would create and writes nothing', async () => {
      const report = await runSyncKind('products', deps, { full: true, dryRun: true, pageSize: 100 });
      expect(report.counts.created).toBe((await templates()).length);
      expect(report.planned[0]).toMatchObject({
        action: 'create',
        fields: { CustomKey: expect.any(String), Price: expect.any(Number) },
      });
      expect(h.clarity.store.products()).toHaveLength(0);
    });

    it('resumes a full sync stopped halfway and finishes with both sides equal and no duplicates', async () => {
      const stop = new AbortController();
      const seen: SyncProgress[] = [];
      await expect(
        runSyncKind('products', deps, {
          full: true,
          dryRun: false,
          pageSize: 50,
          signal: stop.signal,
          onProgress: (p) => {
            seen.push(p);
            if (p.done >= 100) stop.abort();
          },
        }),
      ).rejects.toBeInstanceOf(SyncAborted);
      const halfway = h.clarity.store.products().length;
      // the first 100 templates, less the delivery products among them (not for sale)
      expect(halfway).toBeGreaterThanOrEqual(94);
      const odoo = await templates();
      expect(halfway).toBeLessThan(odoo.length);

      const report = await runSyncKind('products', deps, { full: true, dryRun: false, pageSize: 50 });
      expect(report.resumed).toBe(true);
      const keys = h.clarity.store.products().map((p) => p.CustomKey);
      expect(new Set(keys).size).toBe(keys.length);
      const expected = odoo.map((t) =>
        t.default_code && t.product_variant_count <= 1 ? t.default_code : `odoo-template-${t.id}`,
      );
      expect([...keys].sort()).toEqual([...expected].sort());
      expect(report.counts.failed).toBe(0);
      // every template is looked at (one out of the catalog may need withdrawing from the store)
      expect(seen.at(-1)!.total).toBe(await h.execute('product.template', 'search_count', [[]]));
    });

    it('writes nothing in a second full sync when nothing changed, and only the changed product after a change', async () => {
      const idle = await runSyncKind('products', deps, { full: true, dryRun: false });
      expect(idle.counts).toMatchObject({ created: 0, updated: 0, failed: 0 });
      expect(idle.counts.unchanged).toBe((await templates()).length);

      const [variant] = await h.execute<{ product_tmpl_id: [number, string] }[]>(
        'product.product',
        'search_read',
        [[['default_code', '=', 'SKU-00010']]],
        { fields: ['product_tmpl_id'] },
      );
      await h.execute('product.template', 'write', [[variant!.product_tmpl_id[0]], { list_price: 999 }]);
      const incremental = await runSyncKind('products', deps, { full: false, dryRun: false });
      expect(incremental.counts).toMatchObject({ created: 0, updated: 1, failed: 0 });
      expect(h.clarity.store.product('SKU-00010')!.Price).toBe(999);
    });
  });

  describe('bridge sync stock', () => {
    it('sends every level once, then nothing while the levels stay the same', async () => {
      const first = await runSyncKind('stock', deps, { full: true, dryRun: false });
      expect(first.counts.updated).toBeGreaterThan(200);
      expect(h.clarity.store.stockOf('SKU-00001')).toBeGreaterThan(0);
      const [product] = await h.execute<{ qty_available: number }[]>(
        'product.product',
        'search_read',
        [[['default_code', '=', 'SKU-00001']]],
        { fields: ['qty_available'] },
      );
      expect(h.clarity.store.stockOf('SKU-00001')).toBe(product!.qty_available);
      const second = await runSyncKind('stock', deps, { full: true, dryRun: false });
      expect(second.counts.updated).toBe(0);
      expect(second.counts.unchanged).toBe(first.counts.updated + first.counts.unchanged);
    });
  });

  describe('bridge sync customers', () => {
    it('brings customers of both sides together by email, once', async () => {
      await h.execute('res.partner', 'create', [{ name: 'Erp Only', email: 'erp.only@example.com' }]);
      await h.bridge.integrations
        .get('main')!
        .clarity.customers.create(
          { Email: 'store.only@example.com', FirstName: 'Store', LastName: 'Only' },
          { idempotencyKey: 'test-store-only' },
        );
      const report = await runSyncKind('customers', deps, { full: true, dryRun: false });
      expect(report.counts.failed).toBe(0);
      expect(h.clarity.store.customer('erp.only@example.com')).toMatchObject({ FirstName: 'Erp', LastName: 'Only' });
      expect(await h.execute('res.partner', 'search_count', [[['email', '=ilike', 'store.only@example.com']]])).toBe(1);
      const again = await runSyncKind('customers', deps, { full: true, dryRun: false });
      expect(again.counts).toMatchObject({ created: 0, updated: 0, failed: 0 });
    });
  });
});
