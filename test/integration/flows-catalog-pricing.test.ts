// The storefront's sale price from the Odoo pricelist the integration names (fixed, discount and formula rules, by
// product, category and dates), and categories of products made in Clarity created in Odoo.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './flows-catalog-harness.ts';
import { STORE_KINDS } from '../support/stores.ts';

describe.each(STORE_KINDS)('sale prices and categories on %s', (store) => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({
      store,
      products: 8,
      integration: {
        flows: {
          'product-to-clarity': { salePricelist: 'black friday' },
          'product-to-odoo': { createInOdoo: true },
        },
      },
    });
  });

  afterAll(async () => {
    await h?.close();
  });

  const templateOf = async (sku: string): Promise<number> => {
    const [variant] = await h.execute<{ product_tmpl_id: [number, string] }[]>(
      'product.product',
      'search_read',
      [[['default_code', '=', sku]]],
      { fields: ['product_tmpl_id'] },
    );
    return variant!.product_tmpl_id[0];
  };

  async function pushed(...skus: string[]): Promise<void> {
    const since = await h.lastJobId();
    for (const sku of skus) await h.odooChanged('product.template', await templateOf(sku));
    const jobs = await h.settle(since);
    expect(jobs.map((j) => [j.flow, j.state])).toEqual(skus.map(() => ['product-to-clarity', 'done']));
  }

  describe('sale price from the configured pricelist', () => {
    it('sends each product its pricelist price: fixed, category discount, formula, none', async () => {
      const [garden] = await h.execute<number[]>('product.category', 'name_create', ['Garden']);
      const [tools] = await h.execute<[number, string]>('product.category', 'name_create', ['Tools']);
      await h.execute('product.category', 'write', [[tools], { parent_id: garden }]);
      const [a, b, c, d] = await Promise.all(['SKU-00001', 'SKU-00002', 'SKU-00003', 'SKU-00004'].map(templateOf));
      await h.execute('product.template', 'write', [[a!, b!, c!, d!], { list_price: 50 }]);
      await h.execute('product.template', 'write', [[b!], { categ_id: tools }]);
      const pricelist = await h.execute<number>('product.pricelist', 'create', [
        { name: 'Black Friday', currency_id: 1 },
      ]);
      await h.execute('product.pricelist.item', 'create', [
        [
          {
            pricelist_id: pricelist,
            applied_on: '1_product',
            product_tmpl_id: a,
            compute_price: 'fixed',
            fixed_price: 39.99,
          },
          // on the parent category: applies to the child category's product too
          {
            pricelist_id: pricelist,
            applied_on: '2_product_category',
            categ_id: garden,
            compute_price: 'percentage',
            percent_price: 20,
          },
          {
            pricelist_id: pricelist,
            applied_on: '1_product',
            product_tmpl_id: c,
            compute_price: 'formula',
            price_discount: 15,
            price_round: 5,
            price_surcharge: -0.01,
          },
          // over already: ignored
          {
            pricelist_id: pricelist,
            applied_on: '1_product',
            product_tmpl_id: d,
            compute_price: 'fixed',
            fixed_price: 1,
            date_start: '2020-11-27 00:00:00',
            date_end: '2020-11-30 00:00:00',
          },
        ],
      ]);
      await pushed('SKU-00001', 'SKU-00002', 'SKU-00003', 'SKU-00004');
      const salePrice = (sku: string) => h.clarity.store.product(sku)!.SalePrice;
      expect(salePrice('SKU-00001')).toBe(39.99);
      expect(salePrice('SKU-00002')).toBe(40);
      // 50 - 15% = 42.5, rounded to a multiple of 5 = 45 (half up), less 0.01
      expect(salePrice('SKU-00003')).toBe(44.99);
      expect(salePrice('SKU-00004')).toBeNull();
      expect(h.clarity.store.product('SKU-00001')!.Price).toBe(50);
    });

    it('clears the sale price once the rule is gone', async () => {
      const a = await templateOf('SKU-00001');
      const rules = await h.execute<number[]>('product.pricelist.item', 'search', [[['product_tmpl_id', '=', a]]]);
      await h.execute('product.pricelist.item', 'unlink', [rules]);
      await h.execute('product.template', 'write', [[a], { name: 'Tee, no longer on sale' }]);
      await pushed('SKU-00001');
      expect(h.clarity.store.product('SKU-00001')!.SalePrice).toBeNull();
    });

    it('holds the product in review, saying how to fix it, while the pricelist cannot be found; a replay then sends it', async () => {
      const [pricelist] = await h.execute<number[]>('product.pricelist', 'search', [[['name', '=', 'Black Friday']]]);
      await h.execute('product.pricelist', 'write', [[pricelist], { name: 'Cyber Monday' }]);
      const b = await templateOf('SKU-00002');
      await h.execute('product.template', 'write', [[b], { name: 'Renamed while the pricelist was renamed' }]);
      let since = await h.lastJobId();
      await h.odooChanged('product.template', b);
      const [held] = await h.settle(since);
      expect(held).toMatchObject({ flow: 'product-to-clarity', state: 'review' });
      expect(held!.reason).toMatch(/no pricelist named "black friday".*salePricelist/);
      expect(h.clarity.store.product('SKU-00002')!.Name).not.toBe('Renamed while the pricelist was renamed');

      await h.execute('product.pricelist', 'write', [[pricelist], { name: 'Black Friday' }]);
      since = await h.lastJobId();
      await h.bridge.engine.queue.replay([held!.id]);
      await h.settle(since);
      expect(await h.bridge.engine.queue.get(held!.id)).toMatchObject({ state: 'done', outcome: 'applied' });
      expect(h.clarity.store.product('SKU-00002')).toMatchObject({
        Name: 'Renamed while the pricelist was renamed',
        SalePrice: 40,
      });
    });
  });

  describe('categories of products made in Clarity', () => {
    it('creates the missing Odoo categories by path, once, and files the product under them', async () => {
      const { clarity } = h.bridge.integrations.get('main')!;
      await clarity.categories.create(
        { CustomKey: 'Expedition', Name: 'Expedition' },
        { idempotencyKey: 't-expedition' },
      );
      await clarity.categories.create(
        { CustomKey: 'Expedition/Polar', Name: 'Polar', ParentKey: 'Expedition' },
        { idempotencyKey: 't-polar' },
      );
      const made = await Promise.all(
        ['TENT-1', 'TENT-2'].map((sku) =>
          clarity.products.create(
            { CustomKey: sku, Name: `Tent ${sku}`, Price: 199, CategoryKeys: ['Expedition/Polar'] } as never,
            { idempotencyKey: `t-${sku}` },
          ),
        ),
      );
      const since = await h.lastJobId();
      for (const { record } of made) await h.clarityChanged('product', record, 'product.created');
      const jobs = await h.settle(since);
      expect(jobs.map((j) => [j.flow, j.state, j.outcome])).toEqual([
        ['product-to-odoo', 'done', 'applied'],
        ['product-to-odoo', 'done', 'applied'],
      ]);
      const categories = await h.execute<{ id: number; complete_name: string }[]>(
        'product.category',
        'search_read',
        [[['complete_name', 'ilike', 'Expedition']]],
        { fields: ['complete_name'] },
      );
      expect(categories.map((c) => c.complete_name).sort()).toEqual(['All / Expedition', 'All / Expedition / Polar']);
      const products = await h.execute<{ default_code: string; categ_id: [number, string] }[]>(
        'product.product',
        'search_read',
        [[['default_code', 'like', 'TENT-']]],
        { fields: ['default_code', 'categ_id'] },
      );
      expect(products.map((p) => p.categ_id[1])).toEqual(['All / Expedition / Polar', 'All / Expedition / Polar']);
    });
  });
});
