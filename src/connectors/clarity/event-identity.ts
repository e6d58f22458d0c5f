// One rule for the identity of a Clarity change, shared by webhooks and the poller, so that a webhook and a poll that
// see the same record state produce the same dedup key (`integration:clarity:entity:entityId:version`).
//
//   entity   = the event type's prefix (`order`, `product`, `customer`, `return`) or the polled resource's kind
//   entityId = the CustomKey for orders (the order number) and products (the SKU): the keys the bridge's lanes use;
//              the store's `ID` (as text) for customers, returns and categories, whose CustomKey is not a stable
//              natural key in every store
//   version  = recordVersion(UpdatedDate, record): the change stamp plus a hash of the record as read
import type { BridgeEvent } from '../../core/event.ts';
import { normalizeStamp, recordVersion } from '../../core/ids.ts';
import type { BaseRecord, ClarityEntity } from './contract.ts';

export const CLARITY_SOURCE = 'clarity';

const ENTITIES: readonly ClarityEntity[] = ['order', 'product', 'customer', 'return', 'category'];

export function isClarityEntity(value: string): value is ClarityEntity {
  return (ENTITIES as readonly string[]).includes(value);
}

/** The entity id of a record (see the table at the top of this file). */
export function clarityEntityId(entity: ClarityEntity, record: Pick<BaseRecord, 'ID' | 'CustomKey'>): string {
  return entity === 'order' || entity === 'product' ? String(record.CustomKey) : String(record.ID);
}

export interface RecordEventInput {
  integrationId: string;
  entity: ClarityEntity;
  type: string;
  record: BaseRecord;
  /** The delivery id (`webhook-id`), for webhooks. */
  externalId?: string;
  /** When the change happened; defaults to the record's UpdatedDate. */
  occurredAt?: string;
}

/** The bridge event for one state of one record. */
export function clarityRecordEvent(input: RecordEventInput): BridgeEvent {
  const { record } = input;
  return {
    integrationId: input.integrationId,
    source: CLARITY_SOURCE,
    type: input.type,
    entity: input.entity,
    entityId: clarityEntityId(input.entity, record),
    version: recordVersion(record.UpdatedDate, record),
    ...(input.externalId !== undefined ? { externalId: input.externalId } : {}),
    occurredAt: normalizeStamp(input.occurredAt ?? record.UpdatedDate),
    payload: record,
  };
}

/** What a poll calls a change it sees (it cannot tell an update from a creation except by the dates). */
export function polledEventType(entity: ClarityEntity, record: BaseRecord & { StatusKey?: unknown }): string {
  if (entity === 'order' && record.StatusKey === 'Cancelled') return 'order.cancelled';
  return normalizeStamp(record.CreatedDate) === normalizeStamp(record.UpdatedDate)
    ? `${entity}.created`
    : `${entity}.updated`;
}
