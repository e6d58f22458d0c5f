// fulfillment-to-clarity: an outgoing Odoo picking done → a Clarity shipment (carrier, tracking number, shipped
// items) and the order's status: `PartiallyShipped` while a backorder remains, `Shipped` once every outgoing picking
// is done. Each backorder done later adds its own shipment. Runs on the ORDER's lane (picking → sale order →
// binding → order number), so it never overtakes the order's creation or cancellation.
//
// Exactly once: the shipment's CustomKey is derived from the picking (`odoo-picking-<id>`) and posted with an
// Idempotency-Key of the picking, so a repeat finds the first (409 → the existing shipment). An automation webhook
// is only a hint, posted on Odoo 17 and 18 before the validation commits: the picking is read again for a few
// seconds until it shows the hinted change (readAfterHint), then taken as it is.
import type { SalesOrder, ShipmentInput } from '../../connectors/clarity/contract.ts';
import { idempotencyKey } from '../../connectors/clarity/client.ts';
import {
  isOdooHint,
  m2oId,
  movesOfPickings,
  pickingsOfSaleOrder,
  readPickings,
  type PickingSummary,
} from '../../connectors/odoo/index.ts';
import type { JobResult, Route } from '../../engine/handler.ts';
import type { StoredEvent } from '../../store/events.repo.ts';
import { defineFlow, FLOW_PRIORITY, type FlowContext, type FlowServices } from '../flow.ts';
import { readHinted } from '../hinted-read.ts';
import { shippingStatus } from '../order-status.ts';
import {
  ORDER_ENTITY,
  SHIPMENT_ENTITY,
  orderNumberOfSaleOrder,
  orderRoute,
  saleOrderOfPicking,
} from '../orders/order-lane.ts';
import { claritySnapshotOf, writeOrderState } from '../orders/status-write.ts';

export const FULFILLMENT_TO_CLARITY_FLOW = 'fulfillment-to-clarity';

/** What the picking poller reads (and what a polled event carries). */
export const PICKING_POLL_FIELDS = [
  'name',
  'state',
  'origin',
  'sale_id',
  'picking_type_code',
  'backorder_id',
  'carrier_id',
  'carrier_tracking_ref',
  'date_done',
  'write_date',
] as const;

/**
 * Changes that cannot mean a shipment (not yet done, not a delivery) are not worth a job. A hint's values are the
 * record as of the change, so they tell this as well as a polled record does.
 */
function worthAJob(payload: unknown): boolean {
  if (payload === null || typeof payload !== 'object') return true;
  const record = isOdooHint(payload) ? payload.values : (payload as Record<string, unknown>);
  if (
    record.picking_type_code !== undefined &&
    record.picking_type_code !== false &&
    record.picking_type_code !== 'outgoing'
  )
    return false;
  return record.state === undefined || record.state === 'done' || record.state === 'cancel';
}

/** Picking → its sale order → the Clarity order number → the order's lane. Pickings of no Clarity order are skipped. */
async function routePicking(event: StoredEvent, services: FlowServices): Promise<Route | null> {
  if (!worthAJob(event.payload)) return null;
  const { client } = services.integration(event.integrationId).odoo;
  const payload = event.payload as Record<string, unknown>;
  const known = isOdooHint(event.payload) ? event.payload.values : payload;
  let saleId = m2oId(known.sale_id);
  if (saleId === undefined) {
    const [picking] = await readPickings(client, [Number(event.entityId)]);
    if (!picking) return null;
    saleId = await saleOrderOfPicking(client, picking);
  }
  if (saleId === undefined) return null;
  const orderNumber = await orderNumberOfSaleOrder(services, event.integrationId, saleId);
  return orderNumber ? orderRoute(event.integrationId, orderNumber) : null;
}

export const fulfillmentToClarity = defineFlow({
  name: FULFILLMENT_TO_CLARITY_FLOW,
  description: 'Odoo deliveries done → Clarity shipments (carrier, tracking, items) and PartiallyShipped / Shipped',
  connectors: ['odoo', 'clarity'],
  priority: FLOW_PRIORITY.customerWaiting,
  on: ['odoo:stock.picking.changed'],
  polls: {
    odoo: [{ model: 'stock.picking', fields: PICKING_POLL_FIELDS, domain: [['picking_type_code', '=', 'outgoing']] }],
  },
  route: routePicking,
  async run(ctx: FlowContext): Promise<JobResult> {
    const { integration, services } = ctx;
    const { client } = integration.odoo;
    const pickingId = Number(ctx.event?.entityId);
    const picking = await readHinted(
      ctx,
      'read picking',
      { model: 'stock.picking', id: pickingId },
      async () => (await readPickings(client, [pickingId]))[0],
    );
    if (!picking) {
      ctx.note('skipped', { note: `stock.picking ${pickingId} no longer exists in Odoo` });
      return { outcome: 'noop' };
    }
    if (picking.picking_type_code !== 'outgoing' || (picking.state !== 'done' && picking.state !== 'cancel')) {
      ctx.note('skipped', {
        note: `${picking.name} is ${picking.picking_type_code || 'not a delivery'} in state ${picking.state}: nothing shipped`,
      });
      return { outcome: 'noop' };
    }
    const saleId = await saleOrderOfPicking(client, picking);
    const orderNumber =
      saleId === undefined ? undefined : await orderNumberOfSaleOrder(services, integration.id, saleId);
    if (saleId === undefined || !orderNumber) {
      ctx.note('skipped', { note: `${picking.name} belongs to no order from Clarity` });
      return { outcome: 'noop' };
    }
    const order = await ctx.step('read Clarity order', () => integration.clarity.orders.getByKey(orderNumber), {
      response: (o) => ({ ID: o.ID, StatusKey: o.StatusKey }),
    });

    const shipment = picking.state === 'done' ? await postShipment(ctx, picking, order) : undefined;
    const pickings = (
      await ctx.step('read the order deliveries', () => pickingsOfSaleOrder(client, saleId), {
        response: (list) => list.map((p) => ({ id: p.id, name: p.name, state: p.state, type: p.picking_type_code })),
      })
    ).filter((p) => p.picking_type_code === 'outgoing');
    const status = shippingStatus(pickings);
    const tracking = latestTracking(pickings);
    const { order: shown, patch } = await writeOrderState(ctx, order, {
      ...(status ? { status } : {}),
      ...(tracking ? { trackingNumber: tracking } : {}),
    });

    const now = services.clock.now();
    const orderWrite = {
      integrationId: integration.id,
      entity: ORDER_ENTITY,
      clarityKey: orderNumber,
      odooId: saleId,
      claritySnapshot: claritySnapshotOf(shown),
    };
    const shipmentWrite = shipment
      ? {
          integrationId: integration.id,
          entity: SHIPMENT_ENTITY,
          clarityKey: `${orderNumber}/${shipment.CustomKey}`,
          odooId: picking.id,
          claritySnapshot: { ...shipment },
        }
      : undefined;
    if (shipmentWrite)
      ctx.note('binding', {
        note: `shipment ${shipmentWrite.clarityKey} ↔ stock.picking ${picking.id} (${picking.name})`,
      });
    return {
      outcome: shipment?.created || patch ? 'applied' : 'noop',
      effects: async (tx) => {
        await services.repos.bindings.upsert(orderWrite, now, tx);
        if (shipmentWrite) await services.repos.bindings.upsert(shipmentWrite, now, tx);
      },
    };
  },
});

/** The tracking number of the most recently done delivery that has one. */
function latestTracking(pickings: readonly PickingSummary[]): string | undefined {
  const done = pickings.filter(
    (p) => p.state === 'done' && typeof p.carrier_tracking_ref === 'string' && p.carrier_tracking_ref,
  );
  done.sort((a, b) => String(a.date_done).localeCompare(String(b.date_done)) || a.id - b.id);
  const last = done.at(-1);
  return last ? String(last.carrier_tracking_ref) : undefined;
}

/** Maps the done picking with its moves (shipment.odoo-to-clarity) and posts it; a repeat finds the first. */
async function postShipment(
  ctx: FlowContext,
  picking: PickingSummary,
  order: SalesOrder,
): Promise<(ShipmentInput & { created: boolean }) | undefined> {
  const { integration } = ctx;
  const { client } = integration.odoo;
  const version = (await client.connect()).version;
  const moves = await ctx.step('read moves', () => movesOfPickings(client, [picking.id]), {
    response: (list) => list.map((m) => ({ product: m.product_id, quantity: m.quantity, state: m.state })),
  });
  const mapping = await integration.mapping('shipment.odoo-to-clarity');
  const record = { ...picking, move_ids: moves.filter((m) => m.state !== 'cancel') };
  const lookups = await mapping.resolve([record], integration.resolver, { version });
  const { values } = await mapping.apply(record, { version, lookups });
  const shipment = {
    ...values,
    CarrierKey: values.CarrierKey ?? order.ShippingMethodKey ?? 'unspecified',
  } as unknown as ShipmentInput;
  if (!Array.isArray(shipment.Items) || shipment.Items.length === 0) {
    ctx.note('no shipment', { note: `${picking.name} is done with nothing shipped (every quantity 0)` });
    return undefined;
  }
  // seen already (the webhook hint and the poll of one change are two events): nothing to post
  const existing = (
    await ctx.step('read the order shipments', () => integration.clarity.shipments.list(order.ID), {
      response: (list) => list.map((s) => s.CustomKey),
    })
  ).find((s) => s.CustomKey === shipment.CustomKey);
  if (existing) {
    ctx.note('shipment already posted', {
      note: `Clarity order ${order.CustomKey} has shipment ${existing.CustomKey} (ID ${existing.ID})`,
    });
    return { ...shipment, created: false };
  }
  const { record: posted, created } = await ctx.step(
    `post shipment ${shipment.CustomKey}`,
    () =>
      integration.clarity.shipments.create(order.ID, shipment, {
        idempotencyKey: idempotencyKey('shipment', integration.id, picking.id),
      }),
    { request: shipment, response: (r) => ({ ID: r.record.ID, CustomKey: r.record.CustomKey, created: r.created }) },
  );
  return { ...shipment, CustomKey: posted.CustomKey, created };
}
