// On-hand quantities: read them, and set an absolute quantity the way Odoo's inventory adjustment does (fixture 16).
import type { OdooClient } from '../client.ts';

const INVENTORY_MODE = { inventory_mode: true };

/**
 * Sets the on-hand quantity of a product in a location to `quantity` (absolute, so repeating it is harmless).
 * stock.quant.create in inventory mode returns the existing quant; action_apply_inventory books the difference.
 * Without inventory mode Odoo would silently create an empty quant and change nothing.
 */
export async function setOnHand(
  client: OdooClient,
  input: { productId: number; locationId: number; quantity: number },
): Promise<number> {
  const quantId = await client.create(
    'stock.quant',
    { product_id: input.productId, location_id: input.locationId, inventory_quantity: input.quantity },
    { context: INVENTORY_MODE },
  );
  await client.call('stock.quant', 'action_apply_inventory', [[quantId]], {}, { context: INVENTORY_MODE });
  return quantId;
}

/** On-hand quantity per product in a location and its children (Odoo's `qty_available` under a location context). */
export async function onHand(
  client: OdooClient,
  productIds: readonly number[],
  locationId?: number,
): Promise<Map<number, number>> {
  const records = await client.read(
    'product.product',
    productIds,
    ['qty_available'],
    locationId ? { context: { location: locationId } } : {},
  );
  return new Map(records.map((r) => [r.id, Number(r.qty_available)]));
}
