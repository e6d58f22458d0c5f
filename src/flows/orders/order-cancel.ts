// order-cancel, both ways, on the order's lane:
// - a Clarity `order.cancelled` cancels the Odoo sale order if nothing has shipped; if a delivery is already done
//   the job goes to review (BusinessError) with the reason, for a person to arrange a return instead;
// - a sale order cancelled in Odoo (seen by the sale.order poll or an automation hint) shows `Cancelled` in Clarity.
import type { SalesOrder } from '../../connectors/clarity/contract.ts';
import { BusinessError } from '../../core/errors.ts';
import {
  cancelSaleOrder,
  findSaleOrderByClientRef,
  isOdooHint,
  pickingsOfSaleOrder,
  readSaleOrders,
} from '../../connectors/odoo/index.ts';
import type { JobResult, Route } from '../../engine/handler.ts';
import { defaultRoute } from '../../engine/router.ts';
import type { StoredEvent } from '../../store/events.repo.ts';
import { defineFlow, FLOW_PRIORITY, type FlowContext, type FlowServices } from '../flow.ts';
import { readHinted } from '../hinted-read.ts';
import { ORDER_ENTITY, orderNumberOfSaleOrder, orderRoute } from './order-lane.ts';
import { claritySnapshotOf, writeOrderState } from './status-write.ts';

export const ORDER_CANCEL_FLOW = 'order-cancel';

async function routeCancel(event: StoredEvent, services: FlowServices): Promise<Route | null> {
  if (event.source === 'clarity') return defaultRoute(event);
  // an Odoo sale order: only a cancellation matters (a hint's values are the record as of the change)
  const record = isOdooHint(event.payload) ? event.payload.values : (event.payload as Record<string, unknown> | null);
  if (record?.state !== undefined && record.state !== 'cancel') return null;
  const orderNumber = await orderNumberOfSaleOrder(services, event.integrationId, Number(event.entityId));
  return orderNumber ? orderRoute(event.integrationId, orderNumber) : null;
}

export const orderCancel = defineFlow({
  name: ORDER_CANCEL_FLOW,
  description:
    'Order cancellations both ways: Clarity → Odoo (review if already shipped), Odoo → Clarity status Cancelled',
  connectors: ['odoo', 'clarity'],
  priority: FLOW_PRIORITY.customerWaiting,
  on: ['clarity:order.cancelled', 'odoo:sale.order.changed'],
  polls: {
    odoo: [
      {
        model: 'sale.order',
        fields: ['name', 'state', 'client_order_ref', 'write_date'],
        domain: [['state', '=', 'cancel']],
      },
    ],
    clarity: ['orders'],
  },
  route: routeCancel,
  run: (ctx) => (ctx.event?.source === 'clarity' ? cancelInOdoo(ctx) : cancelledInOdoo(ctx)),
});

async function cancelInOdoo(ctx: FlowContext): Promise<JobResult> {
  const { integration, services } = ctx;
  const { client } = integration.odoo;
  const orderNumber = String(ctx.event?.entityId);
  const binding = await services.repos.bindings.byClarityKey(integration.id, ORDER_ENTITY, orderNumber);
  const saleId =
    binding?.odooId ??
    (await ctx.step('find sale order by client_order_ref', () => findSaleOrderByClientRef(client, orderNumber)))?.id;
  if (!saleId) {
    ctx.note('nothing to cancel', { note: `order ${orderNumber} never reached Odoo` });
    return { outcome: 'noop' };
  }
  const [sale] = await ctx.step('read sale order', () => readSaleOrders(client, [saleId]), {
    response: (list) => list.map((o) => ({ id: o.id, name: o.name, state: o.state })),
  });
  if (!sale) {
    ctx.note('nothing to cancel', { note: `sale.order ${saleId} no longer exists in Odoo` });
    return { outcome: 'noop' };
  }
  if (sale.state === 'cancel') {
    ctx.note('already cancelled', { note: `${sale.name} is cancelled in Odoo` });
    return { outcome: 'noop' };
  }
  const shipped = (await ctx.step('read the order deliveries', () => pickingsOfSaleOrder(client, saleId))).filter(
    (p) => p.picking_type_code === 'outgoing' && p.state === 'done',
  );
  if (shipped.length) {
    throw new BusinessError(
      `order ${orderNumber} was cancelled in Clarity, but ${sale.name} has already shipped (${shipped.map((p) => p.name).join(', ')}); the bridge does not cancel a shipped order: arrange a return in Odoo, then discard this job`,
      { details: { orderNumber, saleOrder: sale.name, shipped: shipped.map((p) => p.name) } },
    );
  }
  await ctx.step(`cancel ${sale.name}`, () => cancelSaleOrder(client, saleId), {
    request: { method: 'action_cancel', id: saleId },
  });
  const write = {
    integrationId: integration.id,
    entity: ORDER_ENTITY,
    clarityKey: orderNumber,
    odooId: saleId,
    odooSnapshot: { name: sale.name, state: 'cancel' },
  };
  return { outcome: 'applied', effects: (tx) => services.repos.bindings.upsert(write, services.clock.now(), tx) };
}

async function cancelledInOdoo(ctx: FlowContext): Promise<JobResult> {
  const { integration, services } = ctx;
  const { client } = integration.odoo;
  const saleId = Number(ctx.event?.entityId);
  const sale = await readHinted(
    ctx,
    'read sale order',
    { model: 'sale.order', id: saleId },
    async () => (await client.read('sale.order', [saleId], ['name', 'state', 'client_order_ref', 'write_date']))[0],
  );
  if (!sale) return { outcome: 'noop' };
  if (sale.state !== 'cancel') {
    ctx.note('skipped', { note: `${String(sale.name)} is ${String(sale.state)}, not cancelled` });
    return { outcome: 'noop' };
  }
  const orderNumber = await orderNumberOfSaleOrder(services, integration.id, saleId);
  if (!orderNumber) return { outcome: 'noop' };
  const order: SalesOrder = await ctx.step(
    'read Clarity order',
    () => integration.clarity.orders.getByKey(orderNumber),
    { response: (o) => ({ ID: o.ID, StatusKey: o.StatusKey }) },
  );
  const { order: shown, patch } = await writeOrderState(ctx, order, { status: 'Cancelled' });
  const write = {
    integrationId: integration.id,
    entity: ORDER_ENTITY,
    clarityKey: orderNumber,
    odooId: saleId,
    odooSnapshot: { name: sale.name, state: 'cancel' },
    claritySnapshot: claritySnapshotOf(shown),
  };
  return {
    outcome: patch ? 'applied' : 'noop',
    effects: (tx) => services.repos.bindings.upsert(write, services.clock.now(), tx),
  };
}
