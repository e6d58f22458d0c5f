// /api/v1/inventory: stock per SKU and location. PUT sets absolute on-hand quantities, at most 500 items a call;
// an item that cannot be applied is reported in `Errors` and the others still apply.
import type { SandboxContext } from '../context.ts';
import { unprocessable } from '../problem.ts';
import { route, type Route } from '../router.ts';
import type { Json } from '../validation.ts';
import { bodyObject, listAnswer } from './common.ts';

export const MAX_INVENTORY_ITEMS = 500;
export const DEFAULT_LOCATION = 'Main';

export function inventoryKey(sku: string, location: string): string {
  return `${sku}@${location}`;
}

export function inventoryRoutes({ store, counters }: SandboxContext): Route[] {
  return [
    route('GET', '/api/v1/inventory', ['products:read', 'inventory:write'], (request) => {
      const sku = request.query.get('sku');
      return listAnswer(request, sku ? store.inventoryOf(sku) : store.inventory.all());
    }),
    route('PUT', '/api/v1/inventory', ['inventory:write'], (request) => {
      const body = bodyObject(request, 'the inventory update');
      const items = body.Items;
      if (!Array.isArray(items))
        throw unprocessable('the inventory update needs Items', {
          Items: ['is required: a list of {Sku, LocationKey, Quantity}'],
        });
      if (items.length > MAX_INVENTORY_ITEMS) {
        throw unprocessable(`at most ${MAX_INVENTORY_ITEMS} items per call; got ${items.length}`, {
          Items: [`must hold at most ${MAX_INVENTORY_ITEMS} items; split the update into chunks`],
        });
      }
      let updated = 0;
      const errors: { Sku: string | null; Message: string }[] = [];
      items.forEach((raw: unknown, i) => {
        const item = (raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Json;
        const sku = typeof item.Sku === 'string' && item.Sku !== '' ? item.Sku : null;
        const location =
          item.LocationKey === undefined || item.LocationKey === null ? DEFAULT_LOCATION : item.LocationKey;
        const quantity = item.Quantity;
        if (sku === null) return errors.push({ Sku: null, Message: `Items[${i}].Sku is required` });
        if (!store.sellsSku(sku))
          return errors.push({ Sku: sku, Message: `unknown SKU ${sku}; create the product (or the variant) first` });
        if (typeof location !== 'string' || location === '')
          return errors.push({ Sku: sku, Message: `Items[${i}].LocationKey must be a non-empty string` });
        if (typeof quantity !== 'number' || !Number.isFinite(quantity) || quantity < 0) {
          return errors.push({
            Sku: sku,
            Message: `Items[${i}].Quantity must be a number of at least 0 (absolute on-hand); got ${JSON.stringify(quantity)}`,
          });
        }
        const key = inventoryKey(sku, location);
        const existing = store.inventory.getByKey(key);
        if (existing) store.inventory.update(existing.ID, (draft) => void (draft.Quantity = quantity));
        else store.inventory.insert({ CustomKey: key, Sku: sku, LocationKey: location, Quantity: quantity });
        updated++;
      });
      counters.inc('inventory.items_updated', updated);
      counters.inc('inventory.items_refused', errors.length);
      return { status: 200, body: { Updated: updated, Errors: errors } };
    }),
  ];
}
