// A verified webhook body → the bridge's event. Like verification, it never throws on what a sender controls: it
// returns `{ ok: true, event }` or `{ ok: false, reason, detail }` (ingest answers 2xx and raises an alert, so the
// store does not retry, and finally disable the subscription for, a message that will never parse).
import type { BridgeEvent } from '../../core/event.ts';
import type { BaseRecord, WebhookEnvelope } from './contract.ts';
import { clarityRecordEvent, isClarityEntity } from './event-identity.ts';
import type { VerifiedMessage } from './webhook.ts';

export type ParseResult =
  | { ok: true; event: BridgeEvent }
  | { ok: false; reason: 'not_json' | 'bad_envelope' | 'unknown_entity' | 'bad_record'; detail: string };

/**
 * The event for a verified delivery: entity from the type's prefix, identity per event-identity.ts,
 * `externalId` = the `webhook-id` (the same on every retry of the delivery).
 */
export function parseWebhookEvent(message: VerifiedMessage, integrationId: string): ParseResult {
  let envelope: unknown;
  try {
    envelope = JSON.parse(message.body.toString('utf8'));
  } catch {
    return { ok: false, reason: 'not_json', detail: 'the webhook body is not JSON' };
  }
  if (!isObject(envelope) || typeof envelope.type !== 'string' || !isObject(envelope.data)) {
    return { ok: false, reason: 'bad_envelope', detail: 'expected {"id","type","occurredAt","data":{...}}' };
  }
  const { type, data, occurredAt } = envelope as unknown as WebhookEnvelope<Record<string, unknown>>;
  const entity = type.split('.')[0] ?? '';
  if (!isClarityEntity(entity))
    return { ok: false, reason: 'unknown_entity', detail: `no entity for event type "${type.slice(0, 60)}"` };
  if (
    (typeof data.ID !== 'number' && typeof data.ID !== 'string') ||
    typeof data.CustomKey !== 'string' ||
    !isDate(data.UpdatedDate)
  ) {
    return {
      ok: false,
      reason: 'bad_record',
      detail: `a ${entity} in a webhook needs ID, CustomKey and an ISO-8601 UpdatedDate`,
    };
  }
  return {
    ok: true,
    event: clarityRecordEvent({
      integrationId,
      entity,
      type,
      record: data as unknown as BaseRecord,
      externalId: message.id,
      ...(isDate(occurredAt) ? { occurredAt } : {}),
    }),
  };
}

function isDate(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
