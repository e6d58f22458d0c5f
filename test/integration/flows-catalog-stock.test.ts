// Stock Odoo → Clarity over real HTTP: absolute levels after a quant change, a burst to one SKU coalesced into one
// update with the latest level, a safety buffer per SKU and per category, available instead of on-hand, and a
// delivery validated in Odoo (a picking event) lowering the level.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSaleOrder,
  pickingsOfSaleOrder,
  setOnHand,
  validatePicking,
  type OdooClient,
} from '../../src/connectors/odoo/index.ts';
import { startHarness, type Harness } from './flows-catalog-harness.ts';
import { STORE_KINDS } from '../support/stores.ts';

describe.each(STORE_KINDS)('stock on %s', (store) => {
  let h: Harness;
  let client: OdooClient;

  beforeAll(async () => {
    h = await startHarness({
      store,
      products: 20,
      integration: {
        flows: {
          'stock-to-clarity': {
            safetyBuffer: { default: 0, skus: { 'SKU-00003': 5 }, categories: { 'Home/Kitchen': 2 } },
          },
        },
      },
    });
    client = h.bridge.integrations.get('main')!.odoo.client;
  });

  afterAll(async () => {
    await h?.close();
  });

  const productId = async (sku: string): Promise<number> =>
    (await h.execute<number[]>('product.product', 'search', [[['default_code', '=', sku]]]))[0]!;
  const WH_STOCK = 8;

  /** Sets the on-hand in Odoo and records the quant's change event; returns the quant id. */
  async function setStock(sku: string, quantity: number): Promise<number> {
    const quant = await setOnHand(client, { productId: await productId(sku), locationId: WH_STOCK, quantity });
    await h.odooChanged('stock.quant', quant);
    return quant;
  }

  const inventoryPuts = () => h.calls('clarity PUT /api/v1/inventory');

  describe('stock Odoo → Clarity', () => {
    it('sets the absolute on-hand level of a product after its quant changed', async () => {
      const since = await h.lastJobId();
      await setStock('SKU-00001', 77);
      const jobs = await h.settle(since);
      expect(jobs.map((j) => [j.flow, j.state, j.outcome, j.lastError])).toEqual([
        ['stock-to-clarity', 'done', 'applied', null],
      ]);
      expect(h.clarity.store.stockOf('SKU-00001')).toBe(77);
    });

    it("sends a new product's levels with it, then each variant's own level as it changes", async () => {
      await setOnHand(client, { productId: await productId('TEE-M'), locationId: WH_STOCK, quantity: 4 });
      const [variant] = await h.execute<{ product_tmpl_id: [number, string] }[]>(
        'product.product',
        'search_read',
        [[['default_code', '=', 'TEE-M']]],
        { fields: ['product_tmpl_id'] },
      );
      let since = await h.lastJobId();
      await h.odooChanged('product.template', variant!.product_tmpl_id[0]);
      await h.settle(since);
      expect(h.clarity.store.stockOf('TEE-M')).toBe(4);
      since = await h.lastJobId();
      await setStock('TEE-M', 6);
      const jobs = await h.settle(since);
      expect(jobs.map((j) => [j.flow, j.outcome])).toEqual([['stock-to-clarity', 'applied']]);
      expect(h.clarity.store.stockOf('TEE-M')).toBe(6);
    });

    it('coalesces a burst of changes to one SKU into one update carrying the latest level', async () => {
      const puts = inventoryPuts();
      const since = await h.lastJobId();
      for (const level of [10, 11, 12, 13, 14, 9]) await setStock('SKU-00002', level);
      const jobs = await h.settle(since);
      expect(jobs.length).toBeGreaterThan(1);
      expect(h.clarity.store.stockOf('SKU-00002')).toBe(9);
      expect(inventoryPuts() - puts).toBe(1);
      expect(jobs.filter((j) => j.outcome === 'applied')).toHaveLength(1);
    });

    it('holds back the safety buffer of the SKU, else of its category', async () => {
      const since = await h.lastJobId();
      await setStock('SKU-00003', 40);
      await setStock('SKU-00004', 40); // 4th seeded product: Home/Kitchen
      await setStock('SKU-00005', 1);
      await h.settle(since);
      expect(h.clarity.store.stockOf('SKU-00003')).toBe(35);
      expect(h.clarity.store.stockOf('SKU-00004')).toBe(38);
      expect(h.clarity.store.stockOf('SKU-00005')).toBe(1);
    });

    it('lowers the level when a delivery of a confirmed order is validated (picking event)', async () => {
      await setStock('SKU-00006', 30);
      let since = await h.lastJobId();
      await h.settle(since);
      const [partner] = await h.execute<number[]>('res.partner', 'search', [[['name', '=', 'Deco Addict']]]);
      const order = await createSaleOrder(
        client,
        { partner_id: partner, order_line: [[0, 0, { product_id: await productId('SKU-00006'), product_uom_qty: 4 }]] },
        { confirm: true },
      );
      const [picking] = await pickingsOfSaleOrder(client, order);
      await validatePicking(client, picking!.id);
      since = await h.lastJobId();
      await h.odooChanged('sale.order', order);
      await h.odooChanged('stock.picking', picking!.id);
      await h.settle(since);
      expect(h.clarity.store.stockOf('SKU-00006')).toBe(26);
    });

    it('sends nothing when a quant changed but the level did not', async () => {
      const quant = await setStock('SKU-00007', 12);
      await h.settle(await h.lastJobId());
      const puts = inventoryPuts();
      // a counted quantity not applied yet changes the quant, not the on-hand level
      await h.execute('stock.quant', 'write', [[quant], { inventory_quantity: 15 }], {
        context: { inventory_mode: true },
      });
      const since = await h.lastJobId();
      await h.odooChanged('stock.quant', quant);
      const jobs = await h.settle(since);
      expect(jobs.map((j) => j.outcome)).toEqual(['noop']);
      expect(inventoryPuts()).toBe(puts);
      expect(h.clarity.store.stockOf('SKU-00007')).toBe(12);
    });
  });
});
