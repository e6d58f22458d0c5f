// Catalog scope and ownership over real HTTP (issue 11, point 5): a full sync publishes only the products Odoo sells
// (not its delivery products) and withdraws one the store shows; the store's own categories and weights survive
// Odoo's defaults (root category `All`, weight 0); a product whose sale_ok is turned off is deactivated in the store
// (not deleted, and not archived in Odoo when the store's change comes back); no stock level of a product out of the
// catalog is sent; the `domain` option changes what is published.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setOnHand, type OdooClient } from '../../src/connectors/odoo/index.ts';
import { runSyncKind, syncDeps, type SyncDeps, type SyncReport } from '../../src/flows/sync/index.ts';
import { startHarness, type Harness } from './flows-catalog-harness.ts';
import { STORE_KINDS } from '../support/stores.ts';

type Template = { id: number; default_code: string | false; product_variant_count: number; sale_ok: boolean };

const keyOf = (t: Template): string =>
  t.default_code && t.product_variant_count <= 1 ? t.default_code : `odoo-template-${t.id}`;

describe.each(STORE_KINDS)('catalog scope and ownership on %s', (store) => {
  describe('the default catalog: the products Odoo sells', () => {
    let h: Harness;
    let deps: SyncDeps;
    let client: OdooClient;
    let report: SyncReport;

    const templates = (domain: unknown[] = []) =>
      h.execute<Template[]>('product.template', 'search_read', [domain], {
        fields: ['default_code', 'product_variant_count', 'sale_ok'],
      });
    const templateOf = async (sku: string): Promise<number> => {
      const [variant] = await h.execute<{ product_tmpl_id: [number, string] }[]>(
        'product.product',
        'search_read',
        [[['default_code', '=', sku]]],
        { fields: ['product_tmpl_id'], context: { active_test: false } },
      );
      return variant!.product_tmpl_id[0];
    };
    const clarity = () => h.bridge.integrations.get('main')!.clarity;

    beforeAll(async () => {
      h = await startHarness({ store, products: 20 });
      deps = syncDeps(h.bridge);
      client = h.bridge.integrations.get('main')!.odoo.client;
      // what an earlier version's full sync left in the store: a delivery product published
      await clarity().products.create(
        { CustomKey: 'Delivery_007', Name: 'Standard delivery', Price: 0 },
        { idempotencyKey: 'test-published-delivery' },
      );
      // the merchandiser's category, weight and name for a product Odoo has with its defaults
      const [root] = await h.execute<number[]>('product.category', 'search', [
        [
          ['name', '=', 'All'],
          ['parent_id', '=', false],
        ],
      ]);
      await h.execute('product.template', 'write', [
        [await templateOf('SKU-00003')],
        { categ_id: root, weight: 0, list_price: 77 },
      ]);
      await clarity().products.update(h.clarity.store.product('SKU-00003')!.ID, {
        CategoryKeys: ['Outdoor/Camping'],
        Weight: 2.5,
        Name: 'Trail Mug, enamel',
      });
      report = await runSyncKind('products', deps, { full: true, dryRun: false });
    });

    afterAll(async () => {
      await h?.close();
    });

    it('publishes every product for sale and none of those Odoo does not sell', async () => {
      expect(report.counts.failed).toBe(0);
      const notForSale = await templates([['sale_ok', '=', false]]);
      // the products of the demo's shipping methods
      expect(notForSale.map((t) => t.default_code).sort()).toEqual(['Delivery_007', 'Delivery_009', 'Delivery_010']);
      const inStore = new Set(h.clarity.store.products().map((p) => p.CustomKey));
      for (const t of notForSale.filter((t) => t.default_code !== 'Delivery_007'))
        expect(inStore.has(keyOf(t)), `${keyOf(t)} published`).toBe(false);
      for (const t of await templates([['sale_ok', '=', true]])) expect(inStore.has(keyOf(t)), keyOf(t)).toBe(true);
      // skipped: those never in the store (Delivery_007, which it showed, was deactivated)
      expect(report.counts.skipped).toBe(notForSale.length - 1);
    });

    it('deactivates a product not for sale that the store shows, without deleting it', () => {
      expect(h.clarity.store.product('Delivery_007')).toMatchObject({ Name: 'Standard delivery', Active: false });
    });

    it("keeps the store's category, weight and name over Odoo's defaults, and still writes Odoo's price", () => {
      expect(h.clarity.store.product('SKU-00003')).toMatchObject({
        CategoryKeys: ['Outdoor/Camping'],
        Weight: 2.5,
        Name: 'Trail Mug, enamel',
        Price: 77,
      });
      expect(h.clarity.store.categories().map((c) => c.CustomKey)).not.toContain('All');
    });

    it('writes nothing in a second full sync', async () => {
      const again = await runSyncKind('products', deps, { full: true, dryRun: false });
      expect(again.counts).toMatchObject({ created: 0, updated: 0, failed: 0 });
      expect(h.clarity.store.product('SKU-00003')).toMatchObject({ CategoryKeys: ['Outdoor/Camping'], Weight: 2.5 });
    });

    it("sends a weight entered in Odoo (Odoo owns weights) but never Odoo's category (the store owns categories)", async () => {
      const [decor] = await h.execute<number[]>('product.category', 'search', [
        [['complete_name', '=', 'All / Home / Decor']],
      ]);
      await h.execute('product.template', 'write', [
        [await templateOf('SKU-00003')],
        { weight: 1.25, categ_id: decor },
      ]);
      const since = await h.lastJobId();
      await h.odooChanged('product.template', await templateOf('SKU-00003'));
      await h.settle(since);
      expect(h.clarity.store.product('SKU-00003')).toMatchObject({ Weight: 1.25, CategoryKeys: ['Outdoor/Camping'] });
    });

    it('does not publish a change of a product not for sale', async () => {
      const id = await templateOf('Delivery_009');
      await h.execute('product.template', 'write', [[id], { list_price: 22 }]);
      const since = await h.lastJobId();
      await h.odooChanged('product.template', id);
      const jobs = await h.settle(since);
      expect(jobs.map((j) => [j.flow, j.state, j.outcome])).toEqual([['product-to-clarity', 'done', 'noop']]);
      expect(h.clarity.store.product('Delivery_009')).toBeUndefined();
    });

    it('deactivates a product whose sale_ok is turned off, keeps it active in Odoo, and shows it again when it is for sale', async () => {
      const id = await templateOf('SKU-00004');
      await h.execute('product.template', 'write', [[id], { sale_ok: false }]);
      let since = await h.lastJobId();
      await h.odooChanged('product.template', id);
      await h.settle(since);
      const withdrawn = h.clarity.store.product('SKU-00004')!;
      expect(withdrawn.Active).toBe(false);

      // the store's product.updated for that change comes back: Odoo's product is not archived for it
      since = await h.lastJobId();
      await h.clarityChanged('product', withdrawn);
      await h.settle(since);
      const [template] = await h.execute<{ active: boolean }[]>('product.template', 'read', [[id], ['active']]);
      expect(template!.active).toBe(true);

      await h.execute('product.template', 'write', [[id], { sale_ok: true }]);
      since = await h.lastJobId();
      await h.odooChanged('product.template', id);
      await h.settle(since);
      expect(h.clarity.store.product('SKU-00004')!.Active).toBe(true);
    });

    it('sends no stock level of a product not for sale, by the stock flow or the stock sync', async () => {
      const productId = async (sku: string) =>
        (await h.execute<number[]>('product.product', 'search', [[['default_code', '=', sku]]]))[0]!;
      await h.execute('product.template', 'write', [[await templateOf('SKU-00005')], { sale_ok: false }]);
      const before = h.clarity.store.stockOf('SKU-00005')!;
      expect(before).toBeGreaterThan(0);
      const since = await h.lastJobId();
      for (const [sku, quantity] of [
        ['SKU-00005', before + 40],
        ['SKU-00006', 61],
      ] as const) {
        const quant = await setOnHand(client, { productId: await productId(sku), locationId: 8, quantity });
        await h.odooChanged('stock.quant', quant);
      }
      await h.settle(since);
      expect(h.clarity.store.stockOf('SKU-00006')).toBe(61);
      expect(h.clarity.store.stockOf('SKU-00005')).toBe(before);

      const sync = await runSyncKind('stock', deps, { full: true, dryRun: false });
      expect(sync.counts.failed).toBe(0);
      expect(h.clarity.store.stockOf('SKU-00005')).toBe(before);
    });
  });

  describe('a catalog domain in the configuration', () => {
    let h: Harness;
    const domain = [
      ['sale_ok', '=', true],
      ['categ_id.name', '=', 'Kitchen'],
    ];

    beforeAll(async () => {
      h = await startHarness({
        store,
        products: 24,
        clarityProducts: 0,
        integration: { flows: { 'product-to-clarity': { domain } } },
      });
    });

    afterAll(async () => {
      await h?.close();
    });

    it('publishes only the products the domain names', async () => {
      const report = await runSyncKind('products', syncDeps(h.bridge), { full: true, dryRun: false });
      expect(report.counts.failed).toBe(0);
      const kitchen = await h.execute<Template[]>('product.template', 'search_read', [domain], {
        fields: ['default_code', 'product_variant_count'],
      });
      expect(kitchen.length).toBe(3);
      expect(
        h.clarity.store
          .products()
          .map((p) => p.CustomKey)
          .sort(),
      ).toEqual(kitchen.map(keyOf).sort());
    });
  });
});
