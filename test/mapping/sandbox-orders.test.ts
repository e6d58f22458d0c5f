// The default mappings against what the Clarity sandbox's storefront really places: realistic names, unicode,
// multi-line addresses, several currencies, discounts, missing optional data. Every order must map without a
// problem on Odoo 17, 18 and 19, and the Odoo lines must add up to the Clarity totals (the money rule).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClaritySandbox, type ClaritySandbox } from '../../src/sandbox/clarity/index.ts';
import { MappingCatalog, type LookupResolver } from '../../src/mapping/index.ts';

/** Knows every key: ids from a running counter, so the mappings' own behaviour is what is tested. */
function knowsEverything(): LookupResolver {
  let next = 1000;
  const ids = new Map<string, number>();
  return {
    async resolve(kind, keys) {
      return new Map(
        keys.map((key) => {
          const k = `${kind}:${key}`;
          if (!ids.has(k)) ids.set(k, next++);
          const id = ids.get(k)!;
          return [key, kind === 'taxes_by_code' ? [id] : id] as const;
        }),
      );
    },
  };
}

let sandbox: ClaritySandbox;
let orders: Awaited<ReturnType<ClaritySandbox['placeOrders']>>;

beforeAll(async () => {
  sandbox = await startClaritySandbox({ products: 40 });
  orders = await sandbox.placeOrders(60);
});
afterAll(() => sandbox.close());

describe('default mappings on storefront orders', () => {
  const catalog = new MappingCatalog();

  for (const version of [17, 18, 19] as const) {
    it(`maps every order, its customer and its addresses for Odoo ${version}`, async () => {
      const order = await catalog.get(undefined, 'order.clarity-to-odoo');
      const customer = await catalog.get(undefined, 'order-customer.clarity-to-odoo');
      const address = await catalog.get(undefined, 'address.clarity-to-odoo');
      const resolver = knowsEverything();
      const outcomes = await order.applyEach(orders, resolver, {
        version,
        contextOf: (_o, i) => ({ partnerId: i + 1 }),
      });
      for (const [i, outcome] of outcomes.entries())
        expect(outcome.ok ? [] : outcome.error.message, orders[i]!.CustomKey).toEqual([]);
      for (const o of orders) {
        const lookups = await customer.resolve([o], resolver, { version });
        await expect(customer.apply(o, { version, lookups })).resolves.toBeTruthy();
        for (const contact of [o.BillingContact, o.ShippingContact]) {
          const found = await address.resolve([contact], resolver, { version });
          await expect(
            address.apply(contact, { version, lookups: found, context: { parentId: 1, addressType: 'delivery' } }),
          ).resolves.toBeTruthy();
        }
      }
    });
  }

  it('gives Odoo lines whose untaxed total is the Clarity subtotal less discounts plus shipping', async () => {
    const mapping = await catalog.get(undefined, 'order.clarity-to-odoo');
    const outcomes = await mapping.applyEach(orders, knowsEverything(), {
      version: 17,
      contextOf: () => ({ partnerId: 1 }),
    });
    let withDiscount = 0;
    for (const [i, outcome] of outcomes.entries()) {
      const source = orders[i]!;
      if (!outcome.ok) throw outcome.error;
      const lines = outcome.result.values.order_line as [
        0,
        0,
        { price_unit: number; product_uom_qty: number; discount?: number },
      ][];
      const untaxed = lines.reduce(
        (sum, [, , l]) => sum + l.price_unit * l.product_uom_qty * (1 - (l.discount ?? 0) / 100),
        0,
      );
      expect(untaxed, source.CustomKey).toBeCloseTo(
        source.Totals.SubTotal - source.Totals.Discounts + source.Totals.Shipping,
        2,
      );
      expect(lines.length).toBe(source.SalesItems.length + (source.Totals.Shipping > 0 ? 1 : 0));
      if (source.Totals.Discounts > 0) withDiscount++;
    }
    expect(withDiscount).toBeGreaterThan(0);
    expect(orders.some((o) => o.Totals.Shipping > 0)).toBe(true);
    expect(new Set(orders.map((o) => o.CurrencyKey)).size).toBeGreaterThan(1);
  });
});
