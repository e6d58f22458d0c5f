// Follows each order of the demo through its stages, as the Clarity store shows them: placed → in Odoo
// (Confirmed, with the Odoo order name) → shipped (with a tracking number), timing each stage.
import type { ClaritySandbox } from '../clarity/index.ts';

export interface TrackedOrder {
  number: string;
  customer: string;
  total: string;
  placedAt: number;
  confirmedAt?: number;
  erpReference?: string;
  shippedAt?: number;
  tracking?: string;
  status: string;
}

export type Transition = { order: TrackedOrder; stage: 'placed' | 'confirmed' | 'shipped' };

export class OrderTracker {
  readonly orders = new Map<string, TrackedOrder>();

  constructor(private readonly clarity: ClaritySandbox) {}

  /** Reads the store and returns what changed since the last look. */
  poll(now = Date.now()): Transition[] {
    const transitions: Transition[] = [];
    for (const order of this.clarity.store.orders()) {
      let tracked = this.orders.get(order.CustomKey);
      if (!tracked) {
        const name =
          [order.BillingContact.FirstName, order.BillingContact.LastName].filter(Boolean).join(' ') ||
          order.UserEmail ||
          '';
        tracked = {
          number: order.CustomKey,
          customer: name,
          total: `${order.Totals.Total.toFixed(2)} ${order.CurrencyKey}`,
          placedAt: now,
          status: order.StatusKey,
        };
        this.orders.set(order.CustomKey, tracked);
        transitions.push({ order: tracked, stage: 'placed' });
      }
      tracked.status = order.StatusKey;
      if (!tracked.confirmedAt && order.ErpReference) {
        tracked.confirmedAt = now;
        tracked.erpReference = order.ErpReference;
        transitions.push({ order: tracked, stage: 'confirmed' });
      }
      if (!tracked.shippedAt && (order.StatusKey === 'Shipped' || order.StatusKey === 'Completed')) {
        tracked.shippedAt = now;
        const shipments = this.clarity.store.shipments(order.ID);
        tracked.tracking = shipments
          .map((s) => s.TrackingNumber)
          .filter(Boolean)
          .join(', ');
        transitions.push({ order: tracked, stage: 'shipped' });
      }
    }
    return transitions;
  }

  summary(): { placed: number; inOdoo: number; shipped: number; toOdoo: Percentiles; toShipped: Percentiles } {
    const all = [...this.orders.values()];
    const confirmed = all.filter((o) => o.confirmedAt !== undefined);
    const shipped = all.filter((o) => o.shippedAt !== undefined);
    return {
      placed: all.length,
      inOdoo: confirmed.length,
      shipped: shipped.length,
      toOdoo: percentiles(confirmed.map((o) => o.confirmedAt! - o.placedAt)),
      toShipped: percentiles(shipped.map((o) => o.shippedAt! - o.placedAt)),
    };
  }
}

export interface Percentiles {
  p50: number | null;
  p95: number | null;
}

function percentiles(values: number[]): Percentiles {
  if (!values.length) return { p50: null, p95: null };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95) };
}
