// The event: a change notification from either side (DESIGN.md "Concepts").

export interface BridgeEvent {
  integrationId: string;
  /** Which side produced it: `clarity` or `odoo` (a string, so the engine stays ignorant of both). */
  source: string;
  /** The event type, e.g. `order.created`, `stock.picking.done`. */
  type: string;
  /** The record kind at the source, e.g. `order`, `stock.picking`. */
  entity: string;
  /** The record's id at the source. */
  entityId: string;
  /** The record's version (see `recordVersion`). */
  version: string;
  /** The delivery's own id (a webhook's `webhook-id`), when there is one; also deduplicated. */
  externalId?: string;
  /** When the source says the change happened (ISO-8601). */
  occurredAt: string;
  /** The record as received (or a hint, for Odoo automation webhooks). */
  payload: unknown;
}

/** What `recordEvent` says about an event it was handed. */
export type RecordOutcome = { status: 'recorded'; id: string } | { status: 'duplicate'; id: string };
