// Everything about one order runs on its lane `integration:order:<Clarity order number>` (DESIGN.md "Lanes"):
// the Clarity order, its Odoo sale order, pickings, shipments, cancellation. Odoo records find their order through
// the binding (entity `order`, Clarity key = order number, odoo id = sale.order id), else the sale order's
// client_order_ref, which is the order number too.
import { laneKey } from '../../core/ids.ts';
import { m2oId, type OdooClient } from '../../connectors/odoo/index.ts';
import type { Route } from '../../engine/handler.ts';
import type { FlowServices } from '../flow.ts';

export const ORDER_ENTITY = 'order';
export const SHIPMENT_ENTITY = 'shipment';

export function orderLane(integrationId: string, orderNumber: string): string {
  return laneKey(integrationId, ORDER_ENTITY, orderNumber);
}

/** The `__bridge__` external id name of an order's sale.order (the connector makes it xml-id safe). */
export const ORDER_XMLID_ENTITY = 'order';

/** The Clarity order number of an Odoo sale order: its binding, else its client_order_ref. */
export async function orderNumberOfSaleOrder(
  services: FlowServices,
  integrationId: string,
  saleOrderId: number,
): Promise<string | undefined> {
  const binding = await services.repos.bindings.byOdooId(integrationId, ORDER_ENTITY, saleOrderId);
  if (binding) return binding.clarityKey;
  const [order] = await services
    .integration(integrationId)
    .odoo.client.read('sale.order', [saleOrderId], ['client_order_ref']);
  return typeof order?.client_order_ref === 'string' && order.client_order_ref ? order.client_order_ref : undefined;
}

/** The sale order of a picking: `sale_id`, else the order named by its `origin`. */
export async function saleOrderOfPicking(
  client: OdooClient,
  picking: { sale_id?: unknown; origin?: unknown },
): Promise<number | undefined> {
  const id = m2oId(picking.sale_id);
  if (id !== undefined) return id;
  if (typeof picking.origin !== 'string' || !picking.origin) return undefined;
  // Odoo 18 writes `<order name> - <client_order_ref>` when the order carries the customer's reference
  const name = picking.origin.split(' - ')[0]!;
  const [found] = await client.search('sale.order', [['name', '=', name]], { limit: 1 });
  return found;
}

/** A route onto an order's lane (no stale detection: Odoo's stamps and the hints' are not comparable). */
export function orderRoute(integrationId: string, orderNumber: string, payload?: unknown): Route {
  return { lane: orderLane(integrationId, orderNumber), ...(payload !== undefined ? { payload } : {}) };
}
