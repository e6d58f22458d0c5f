// Products both ways over real HTTP: Odoo → Clarity (update, create with its category, variants, archive →
// deactivate), Clarity → Odoo (storefront-owned description), ownership (a Clarity price edit is not written to
// Odoo and is corrected back), echoes suppressed, a conflict recorded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './flows-catalog-harness.ts';
import { STORE_KINDS } from '../support/stores.ts';

describe.each(STORE_KINDS)('products both ways on %s', (store) => {
  let h: Harness;

  /** Brings one product in step both ways first (the store's seeded description goes to Odoo). */
  async function baseline(sku: string, templateId: number): Promise<void> {
    const since = await h.lastJobId();
    await h.odooChanged('product.template', templateId);
    await h.clarityChanged('product', h.clarity.store.product(sku)!);
    await h.settle(since);
  }

  beforeAll(async () => {
    // the description may be written on both sides here, so that a conflict on it can be shown
    h = await startHarness({
      store,
      products: 20,
      integration: { flows: { 'systems-of-record': { description: 'both' } } },
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
      { fields: ['product_tmpl_id'], context: { active_test: false } },
    );
    return variant!.product_tmpl_id[0];
  };

  describe('products Odoo → Clarity', () => {
    it('writes a changed price and name to Clarity, and the change coming back is an echo', async () => {
      const id = await templateOf('SKU-00001');
      await baseline('SKU-00001', id);
      await h.execute('product.template', 'write', [[id], { list_price: 123.45, name: 'Renamed Tee' }]);
      const since = await h.lastJobId();
      await h.odooChanged('product.template', id);
      const jobs = await h.settle(since);
      expect(jobs.map((j) => [j.flow, j.state, j.outcome])).toEqual([['product-to-clarity', 'done', 'applied']]);
      const product = h.clarity.store.product('SKU-00001')!;
      expect(product.Price).toBe(123.45);
      expect(product.Name).toBe('Renamed Tee');

      // the store's product.updated for our own write comes back: nothing is written either way
      const writes = () => h.calls('clarity PUT /api/v1/products/{ID}') + h.calls('odoo product.template.write');
      const before = writes();
      const echoFrom = await h.lastJobId();
      await h.clarityChanged('product', product);
      const echoes = await h.settle(echoFrom);
      expect(echoes.map((j) => [j.flow, j.outcome])).toEqual([['product-to-odoo', 'echo']]);
      expect(writes()).toBe(before);
    });

    it('creates a product made in Odoo in Clarity, with its category created by path', async () => {
      const [categId] = await h.execute<number[]>('product.category', 'name_create', ['Garden']);
      const id = await h.execute<number>('product.template', 'create', [
        { name: 'Watering Can', default_code: 'NEW-CAN', list_price: 19.9, categ_id: categId, weight: 0.8 },
      ]);
      const since = await h.lastJobId();
      await h.odooChanged('product.template', id);
      const jobs = await h.settle(since);
      expect(jobs.map((j) => j.outcome)).toEqual(['applied']);
      const product = h.clarity.store.product('NEW-CAN')!;
      expect(product).toMatchObject({ Name: 'Watering Can', Price: 19.9, Weight: 0.8, Active: true });
      expect(product.CategoryKeys).toHaveLength(1);
      expect(h.clarity.store.categories().map((c) => c.CustomKey)).toContain(product.CategoryKeys[0]);
    });

    it('sends a template with several variants as one Clarity product with its variants', async () => {
      const [variant] = await h.execute<{ product_tmpl_id: [number, string] }[]>(
        'product.product',
        'search_read',
        [[['default_code', '=', 'TEE-M']]],
        { fields: ['product_tmpl_id'] },
      );
      const id = variant!.product_tmpl_id[0];
      const since = await h.lastJobId();
      await h.odooChanged('product.template', id);
      await h.settle(since);
      const product = h.clarity.store.product(`odoo-template-${id}`)!;
      expect(product.Name).toBe('Studio Tee');
      expect(product.Variants?.map((v) => v.CustomKey).sort()).toEqual(['TEE-L', 'TEE-M', 'TEE-S']);
      expect(product.Variants?.find((v) => v.CustomKey === 'TEE-L')).toMatchObject({
        Price: 27,
        Attributes: { Option: 'L' },
      });
    });

    it('deactivates the Clarity product when the Odoo product is archived', async () => {
      const id = await templateOf('SKU-00002');
      await h.execute('product.template', 'write', [[id], { active: false }]);
      const since = await h.lastJobId();
      await h.odooChanged('product.template', id);
      await h.settle(since);
      expect(h.clarity.store.product('SKU-00002')!.Active).toBe(false);
    });
  });

  describe('products Clarity → Odoo', () => {
    it('writes the storefront-owned description to Odoo', async () => {
      const product = h.clarity.store.product('SKU-00003')!;
      const updated = await h.bridge.integrations
        .get('main')!
        .clarity.products.update(product.ID, { Description: 'Hand-stitched, soft as a cloud.' });
      const since = await h.lastJobId();
      await h.clarityChanged('product', updated);
      const jobs = await h.settle(since);
      expect(jobs.map((j) => [j.flow, j.outcome])).toEqual([['product-to-odoo', 'applied']]);
      const id = await templateOf('SKU-00003');
      const [template] = await h.execute<{ description_sale: string }[]>('product.template', 'read', [
        [id],
        ['description_sale'],
      ]);
      expect(template!.description_sale).toBe('Hand-stitched, soft as a cloud.');
    });

    it("does not write a Clarity price edit to Odoo (Odoo owns prices) and puts Odoo's price back in Clarity", async () => {
      const id = await templateOf('SKU-00004');
      await h.execute('product.template', 'write', [[id], { list_price: 50 }]);
      let since = await h.lastJobId();
      await h.odooChanged('product.template', id);
      await h.settle(since);
      expect(h.clarity.store.product('SKU-00004')!.Price).toBe(50);

      const clarity = h.bridge.integrations.get('main')!.clarity;
      const edited = await clarity.products.update(h.clarity.store.product('SKU-00004')!.ID, { Price: 1 });
      since = await h.lastJobId();
      await h.clarityChanged('product', edited);
      const jobs = await h.settle(since);
      expect(jobs.map((j) => j.outcome)).toEqual(['applied']);
      const [template] = await h.execute<{ list_price: number }[]>('product.template', 'read', [[id], ['list_price']]);
      expect(template!.list_price).toBe(50);
      expect(h.clarity.store.product('SKU-00004')!.Price).toBe(50);
    });

    it('settles a field both sides changed by the later change and records the conflict as an alert', async () => {
      const id = await templateOf('SKU-00005');
      await baseline('SKU-00005', id);
      // Odoo rewrites the description, then the store, a little later, rewrites it too: the store's later change wins
      await h.execute('product.template', 'write', [[id], { description_sale: 'Written in Odoo' }]);
      await new Promise((r) => setTimeout(r, 1100));
      const clarity = h.bridge.integrations.get('main')!.clarity;
      const edited = await clarity.products.update(h.clarity.store.product('SKU-00005')!.ID, {
        Description: 'Written in the store',
      });
      const since = await h.lastJobId();
      await h.clarityChanged('product', edited);
      await h.settle(since);
      const [template] = await h.execute<{ description_sale: string }[]>('product.template', 'read', [
        [id],
        ['description_sale'],
      ]);
      expect(template!.description_sale).toBe('Written in the store');
      const alerts = await h.bridge.engine.repos.alerts.list({ integrationId: 'main', open: true });
      expect(alerts.filter((a) => a.kind === 'conflict').map((a) => a.message)).toContainEqual(
        'product SKU-00005: both sides changed description_sale (clarity kept); the later change won',
      );
    });
  });
});
