// Writing an order's status, ERP reference and tracking number to Clarity: only what differs, and a status only
// when it moves forward (order-status.ts). What was written becomes the binding's Clarity snapshot.
import type { OrderStatus, SalesOrder, SalesOrderPatch } from '../../connectors/clarity/contract.ts';
import { statusToWrite } from '../order-status.ts';
import type { FlowContext } from '../flow.ts';

export interface WantedOrderState {
  status?: OrderStatus;
  erpReference?: string;
  trackingNumber?: string;
}

/** The PATCH that brings `current` to `wanted`, or undefined when there is nothing to write. */
export function orderPatch(
  current: Pick<SalesOrder, 'StatusKey' | 'ErpReference' | 'TrackingNumber'>,
  wanted: WantedOrderState,
): SalesOrderPatch | undefined {
  const patch: SalesOrderPatch = {};
  const status = statusToWrite(current.StatusKey, wanted.status);
  if (status) patch.StatusKey = status;
  if (wanted.erpReference && wanted.erpReference !== current.ErpReference) patch.ErpReference = wanted.erpReference;
  if (wanted.trackingNumber && wanted.trackingNumber !== current.TrackingNumber)
    patch.TrackingNumber = wanted.trackingNumber;
  return Object.keys(patch).length ? patch : undefined;
}

/** PATCHes the order when something is due; returns the order's state in Clarity afterwards. */
export async function writeOrderState(
  ctx: FlowContext,
  current: SalesOrder,
  wanted: WantedOrderState,
): Promise<{ order: SalesOrder; patch: SalesOrderPatch | undefined }> {
  const patch = orderPatch(current, wanted);
  if (!patch) {
    ctx.note('Clarity order up to date', {
      note: `status ${current.StatusKey}${current.ErpReference ? `, ERP reference ${current.ErpReference}` : ''}`,
    });
    return { order: current, patch };
  }
  const order = await ctx.step(
    `update Clarity order ${current.CustomKey}`,
    () => ctx.integration.clarity.orders.patch(current.ID, patch),
    {
      request: patch,
      response: (o) => ({ StatusKey: o.StatusKey, ErpReference: o.ErpReference, TrackingNumber: o.TrackingNumber }),
    },
  );
  return { order, patch };
}

/** The binding's Clarity snapshot of an order: what the bridge last had it show. */
export function claritySnapshotOf(
  order: Pick<SalesOrder, 'StatusKey' | 'ErpReference' | 'TrackingNumber'>,
): Record<string, unknown> {
  return {
    StatusKey: order.StatusKey,
    ErpReference: order.ErpReference ?? null,
    TrackingNumber: order.TrackingNumber ?? null,
  };
}
