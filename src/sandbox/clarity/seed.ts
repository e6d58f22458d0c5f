// Seeds the store with the catalog the Odoo sandbox also holds (same SKUs, names, prices, stock), so orders
// placed here find their products there.
import { SEED_CATEGORIES, seedCatalog } from '../seed-catalog.ts';
import { DEFAULT_LOCATION, inventoryKey } from './resources/inventory.ts';
import type { ClarityStore } from './store.ts';

export function seedStore(store: ClarityStore, productCount: number): void {
  const stamp = store.clock.next();
  for (const path of SEED_CATEGORIES) {
    const parts = path.split('/');
    parts.forEach((name, i) => {
      const key = parts.slice(0, i + 1).join('/');
      if (store.categories.hasKey(key)) return;
      store.categories.insert(
        { CustomKey: key, Name: name, ParentKey: i === 0 ? null : parts.slice(0, i).join('/') },
        stamp,
      );
    });
  }
  for (const seed of seedCatalog(productCount)) {
    store.products.insert(
      {
        CustomKey: seed.sku,
        Barcode: seed.barcode,
        Name: seed.name,
        Description: `${seed.name}. Part of our ${seed.category.replace('/', ' › ')} range.`,
        SeoUrl: seoSlug(`${seed.name}-${seed.sku}`),
        CategoryKeys: [seed.category],
        Price: seed.listPrice,
        SalePrice: null,
        Weight: seed.weight,
        TaxCode: 'Standard',
        IsUnlimitedStock: false,
        AllowBackOrder: false,
        Variants: [],
      },
      stamp,
    );
    store.inventory.insert(
      {
        CustomKey: inventoryKey(seed.sku, DEFAULT_LOCATION),
        Sku: seed.sku,
        LocationKey: DEFAULT_LOCATION,
        Quantity: seed.onHand,
      },
      stamp,
    );
  }
}

export function seoSlug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
