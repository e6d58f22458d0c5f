// The order status shown in Clarity (DESIGN.md "Order status shown in Clarity"), one rule for every flow that
// writes it: placed → Pending; confirmed in Odoo → Confirmed; some outgoing pickings done → PartiallyShipped; all
// done → Shipped; shipped and paid → Completed; cancelled → Cancelled; held in review by the bridge → OnHold.
// A status never moves backwards: the forward chain is ranked; OnHold is a side track off the early statuses,
// left only forwards; Cancelled and Completed are final.
import type { OrderStatus } from '../connectors/clarity/contract.ts';

const RANK: Record<OrderStatus, number> = {
  Pending: 0,
  OnHold: 0,
  Confirmed: 1,
  Processing: 2,
  PartiallyShipped: 3,
  Shipped: 4,
  Completed: 5,
  Cancelled: 6,
};

const FINAL: readonly OrderStatus[] = ['Cancelled', 'Completed'];

/** Whether Clarity's status may move from `current` to `next` (moving to the same status is no move). */
export function canMoveStatus(current: OrderStatus | null | undefined, next: OrderStatus): boolean {
  if (!current) return true;
  if (current === next) return false;
  if (FINAL.includes(current)) return false;
  // a cancellation may come at any point before the order is final (the cancel flow decides whether it is allowed)
  if (next === 'Cancelled') return true;
  // held by the bridge: only an order not yet shipped can be held
  if (next === 'OnHold') return RANK[current] <= RANK.Processing;
  // released from hold: any forward status but Pending
  if (current === 'OnHold') return next !== 'Pending';
  return RANK[next] > RANK[current];
}

/** The status to write, or undefined when the order already stands there or further on. */
export function statusToWrite(
  current: OrderStatus | null | undefined,
  next: OrderStatus | undefined,
): OrderStatus | undefined {
  return next !== undefined && canMoveStatus(current, next) ? next : undefined;
}

/** The status an order's outgoing pickings stand for: none done → undefined; some → PartiallyShipped; all → Shipped. */
export function shippingStatus(pickings: readonly { state: string }[]): OrderStatus | undefined {
  const live = pickings.filter((p) => p.state !== 'cancel');
  const done = live.filter((p) => p.state === 'done').length;
  if (done === 0) return undefined;
  return done === live.length ? 'Shipped' : 'PartiallyShipped';
}

/** The status an Odoo sale.order state stands for (before any shipping). */
export function saleOrderStatus(state: string): OrderStatus | undefined {
  switch (state) {
    case 'draft':
    case 'sent':
      return 'Pending';
    case 'sale':
    case 'done':
      return 'Confirmed';
    case 'cancel':
      return 'Cancelled';
    default:
      return undefined;
  }
}
