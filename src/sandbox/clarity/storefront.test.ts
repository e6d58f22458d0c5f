import { describe, expect, it } from 'vitest';
import { seededRandom } from '../seed-catalog.ts';
import { Counters } from './counters.ts';
import { seedStore } from './seed.ts';
import { ClarityStore } from './store.ts';
import { Storefront } from './storefront.ts';

function storefront(products = 30) {
  const store = new ClarityStore(() => Date.parse('2026-03-01T10:00:00Z'));
  seedStore(store, products);
  const skus = store.products.all().map((p) => p.CustomKey);
  return { store, front: new Storefront(store, new Counters(), () => skus) };
}

describe('storefront generator', () => {
  it('places the same orders for the same seed', async () => {
    const a = await storefront().front.placeOrders(20, { seed: 11 });
    const b = await storefront().front.placeOrders(20, { seed: 11 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const c = await storefront().front.placeOrders(20, { seed: 12 });
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('announces a new customer before the order, and a returning customer only once', () => {
    const { store, front } = storefront();
    const events: string[] = [];
    store.onChange((type) => events.push(type));
    const random = seededRandom(5);
    for (let i = 0; i < 60; i++) front.placeOrder(random);
    expect(events.filter((e) => e === 'order.created')).toHaveLength(60);
    expect(events.filter((e) => e === 'customer.created')).toHaveLength(store.customers.size);
    expect(store.customers.size).toBeLessThan(60);
    expect(events[0]).toBe('customer.created');
  });

  it('does not sell seeded products that were deactivated', () => {
    const { store, front } = storefront(3);
    store.products.update(1, (p) => void (p.Active = false));
    store.products.update(2, (p) => void (p.Active = false));
    const random = seededRandom(9);
    for (let i = 0; i < 20; i++)
      expect(front.placeOrder(random).SalesItems.map((item) => item.Sku)).toEqual(['SKU-00003']);
  });

  it('sells in the currencies asked for, from countries that use them', async () => {
    const orders = await storefront().front.placeOrders(30, { currencies: ['GBP'], seed: 2 });
    expect(new Set(orders.map((o) => `${o.CurrencyKey}/${o.ShippingContact.Address.CountryCode}`))).toEqual(
      new Set(['GBP/GB']),
    );
  });
});
