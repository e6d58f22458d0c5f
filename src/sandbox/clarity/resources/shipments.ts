// /api/v1/orders/{ID}/shipments: what was shipped for an order. CustomKey is unique per order (the bridge's
// idempotency anchor), and an order cannot ship more of a SKU than it holds.
import type { SandboxContext } from '../context.ts';
import type { Shipment, ShipmentItem } from '../model.ts';
import { paginate, readPageRequest } from '../paging.ts';
import { route, type Route } from '../router.ts';
import { shipmentIndexKey } from '../store.ts';
import { FieldChecker, type Json } from '../validation.ts';
import {
  bodyObject,
  checkCustomKey,
  createdAnswer,
  found,
  idParam,
  knownFieldsOnly,
  requireFreeKey,
} from './common.ts';

const FIELDS = [
  'CustomKey',
  'CarrierKey',
  'TrackingNumber',
  'ShippedDate',
  'Items',
  'Active',
  'OrderID',
  'OrderKey',
] as const;

export function shipmentRoutes({ store }: SandboxContext): Route[] {
  return [
    route('GET', '/api/v1/orders/:id/shipments', ['orders:read'], (request) => {
      const id = idParam(request, 'order');
      found(store.orders.get(id), `no order with ID ${id}`);
      return { status: 200, body: paginate(store.shipmentsOf(id), readPageRequest(request.query)) };
    }),
    route('POST', '/api/v1/orders/:id/shipments', ['orders:write'], (request) => {
      const id = idParam(request, 'order');
      const order = found(store.orders.get(id), `no order with ID ${id}`);
      const body = bodyObject(request, 'the shipment');
      const check = new FieldChecker();
      knownFieldsOnly(check, body, FIELDS);
      const customKey = checkCustomKey(check, body, true);
      // A retried shipment (same CustomKey) is a 409 before anything else: its items would count twice otherwise.
      if (customKey !== undefined) {
        requireFreeKey(
          store.shipments.hasKey(shipmentIndexKey(order.ID, customKey)),
          'shipment of this order',
          customKey,
          `/api/v1/orders/${order.ID}/shipments`,
        );
      }
      const carrier = check.requiredString(body, 'CarrierKey', 50);
      const tracking = check.optionalString(body, 'TrackingNumber', 100);
      const shippedDateRaw = check.optionalString(body, 'ShippedDate', 40);
      let shippedDate = new Date().toISOString();
      if (typeof shippedDateRaw === 'string') {
        const ms = Date.parse(shippedDateRaw);
        if (Number.isNaN(ms))
          check.add('ShippedDate', `must be an ISO-8601 date-time; got ${JSON.stringify(shippedDateRaw)}`);
        else shippedDate = new Date(ms).toISOString();
      }
      const items = checkItems(check, body.Items, order.SalesItems, store.shipmentsOf(order.ID));
      check.throwIfAny('the shipment');
      const shipment = store.shipments.insert({
        CustomKey: customKey!,
        OrderID: order.ID,
        OrderKey: order.CustomKey,
        CarrierKey: carrier!,
        TrackingNumber: tracking ?? null,
        ShippedDate: shippedDate,
        Items: items,
      } satisfies Omit<Shipment, 'ID' | 'CreatedDate' | 'UpdatedDate' | 'Active'>);
      return createdAnswer(shipment, `/api/v1/orders/${order.ID}/shipments`);
    }),
  ];
}

/** Items `[{Sku, Quantity}]`: SKUs of the order, whole positive quantities, never more than still unshipped. */
function checkItems(
  check: FieldChecker,
  value: unknown,
  ordered: { Sku: string; Quantity: number }[],
  earlier: Shipment[],
): ShipmentItem[] {
  if (!Array.isArray(value) || value.length === 0) {
    check.add('Items', 'is required: a non-empty list of {Sku, Quantity}');
    return [];
  }
  const orderedQty = new Map<string, number>();
  for (const line of ordered) orderedQty.set(line.Sku, (orderedQty.get(line.Sku) ?? 0) + line.Quantity);
  const shippedQty = new Map<string, number>();
  for (const s of earlier)
    for (const item of s.Items) shippedQty.set(item.Sku, (shippedQty.get(item.Sku) ?? 0) + item.Quantity);
  const items: ShipmentItem[] = [];
  value.forEach((raw: unknown, i) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      check.add(`Items[${i}]`, 'must be an object {Sku, Quantity}');
      return;
    }
    const item = raw as Json;
    const sku = check.requiredString(item, 'Sku', 100, `Items[${i}].Sku`);
    const quantity = check.requiredNumber(item, 'Quantity', { min: 1, integer: true }, `Items[${i}].Quantity`);
    if (sku === undefined || quantity === undefined) return;
    const onOrder = orderedQty.get(sku);
    if (onOrder === undefined) {
      check.add(`Items[${i}].Sku`, `${sku} is not on this order; its SKUs: ${[...orderedQty.keys()].join(', ')}`);
      return;
    }
    const already = shippedQty.get(sku) ?? 0;
    if (already + quantity > onOrder) {
      check.add(
        `Items[${i}].Quantity`,
        `would ship ${already + quantity} of ${sku} but the order holds ${onOrder} (${already} already shipped)`,
      );
      return;
    }
    shippedQty.set(sku, already + quantity);
    items.push({ Sku: sku, Quantity: quantity });
  });
  return items;
}
