// Odoo's "Send Webhook Notification" automation POSTs (fixture 23): body `{_action, _id, _model, ...fields}`, no
// custom header, so the secret token travels in the URL path. Each POST is only a hint (fixture 25): on 17 and 18
// Odoo posts from inside the transaction that made the change, before it commits, and the write_date it posts may
// be the record's previous one. The flows read the record through readAfterHint (hint-read.ts).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { systemClock, type Clock } from '../../core/clock.ts';
import type { BridgeEvent } from '../../core/event.ts';
import { normalizeStamp, recordVersion } from '../../core/ids.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import { registerSecretValue, type Secret } from '../../core/secret.ts';

/** The payload of a hint event. */
export interface OdooHint {
  hint: true;
  model: string;
  id: number;
  /** `<server action name>(#<id>)` */
  action: string;
  /**
   * The fields the rule sends, as of the change (many2one as bare ids). Their `write_date` is a lower bound of the
   * change's: Odoo may post the record's previous one (fixture 25).
   */
  values: Record<string, unknown>;
  /** When the bridge received it (ISO-8601): the change happened no later than this. */
  receivedAt: string;
}

export function isOdooHint(payload: unknown): payload is OdooHint {
  return payload !== null && typeof payload === 'object' && (payload as { hint?: unknown }).hint === true;
}

/** The path the bridge serves Odoo's webhooks on; the token is a path segment (mount `/webhooks/odoo/:integration/:token`). */
export function odooWebhookPath(integrationId: string, token: string): string {
  return `/webhooks/odoo/${encodeURIComponent(integrationId)}/${encodeURIComponent(token)}`;
}

/** A URL or path with the webhook token masked, for anything that logs request lines. */
export function redactWebhookPath(path: string): string {
  return path.replace(/(\/webhooks\/odoo\/[^/]+\/)[^/?#]+/, '$1********');
}

export interface OdooWebhookReceiverOptions {
  integrationId: string;
  token: Secret;
  onEvent: (event: BridgeEvent) => Promise<void> | void;
  /** Event type of a hint (default `<model>.changed`, the type the poller gives the same change). */
  eventType?: (model: string, values: Record<string, unknown>) => string;
  /** Only these models are accepted (default: any). */
  models?: readonly string[];
  clock?: Clock;
  logger?: Logger;
}

export interface WebhookAnswer {
  status: number;
  body: { ok: boolean; error?: string };
}

export interface OdooWebhookReceiver {
  /** Handles one POST: the token presented in the path and the body (raw text or parsed JSON). */
  receive(presentedToken: string, body: unknown): Promise<WebhookAnswer>;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export function createOdooWebhookReceiver(options: OdooWebhookReceiverOptions): OdooWebhookReceiver {
  const expected = digest(options.token.reveal());
  registerSecretValue(options.token.reveal());
  const logger = options.logger ?? silentLogger();
  const clock = options.clock ?? systemClock;

  return {
    async receive(presentedToken, rawBody) {
      // equal-length digests: the comparison takes the same time whatever the presented token
      if (!timingSafeEqual(digest(presentedToken), expected)) {
        logger.warn({ integration: options.integrationId }, 'Odoo webhook refused: wrong token');
        return { status: 401, body: { ok: false, error: 'unknown webhook token' } };
      }
      let body: unknown = rawBody;
      if (typeof rawBody === 'string' || Buffer.isBuffer(rawBody)) {
        try {
          body = JSON.parse(String(rawBody)) as unknown;
        } catch {
          return { status: 400, body: { ok: false, error: 'the body is not JSON' } };
        }
      }
      const fields = body as Record<string, unknown> | null;
      const model = fields?._model;
      const id = fields?._id ?? fields?.id;
      if (typeof model !== 'string' || typeof id !== 'number') {
        return { status: 400, body: { ok: false, error: 'expected an Odoo webhook body with _model and _id' } };
      }
      if (options.models && !options.models.includes(model)) {
        logger.info({ integration: options.integrationId, model }, 'Odoo webhook for a model no flow reads; ignored');
        return { status: 202, body: { ok: true } };
      }
      const values: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(fields!)) if (!k.startsWith('_')) values[k] = v;
      const receivedAt = new Date(clock.now()).toISOString();
      const hint: OdooHint = { hint: true, model, id, action: String(fields?._action ?? ''), values, receivedAt };
      await options.onEvent({
        integrationId: options.integrationId,
        source: 'odoo',
        type: options.eventType?.(model, values) ?? `${model}.changed`,
        entity: model,
        entityId: String(id),
        version: hintVersion(hint),
        // the change happened between the hinted write_date and now: its place in the lane is now, after the
        // events of earlier changes, and never ahead of the poller's event of this same change (stamped by Odoo
        // with the change's own write_date)
        occurredAt: receivedAt,
        payload: hint,
      });
      logger.debug({ integration: options.integrationId, model, id }, 'Odoo webhook hint received');
      return { status: 202, body: { ok: true } };
    },
  };
}

/** A node:http handler for `POST <prefix>/<token>` (tests, or a server without a framework). */
export function odooWebhookHttpHandler(
  receiver: OdooWebhookReceiver,
  prefix: string,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || !path.startsWith(`${prefix}/`)) return answer(404, { ok: false, error: 'not found' });
    const token = decodeURIComponent(path.slice(prefix.length + 1));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      receiver.receive(token, Buffer.concat(chunks).toString('utf8')).then(
        (a) => answer(a.status, a.body),
        () =>
          answer(503, {
            ok: false,
            error: 'could not record the event; Odoo will not retry, the poller will catch up',
          }),
      );
    });
  };
}

/** The stamp of a hint without Odoo's write_date: older than any version, so it never makes another event stale. */
const NO_STAMP = '1970-01-01T00:00:00.000Z';

/**
 * A hint's version. Its stamp is the hinted write_date, a lower bound of the change's real version, so that the
 * stale check never skips the poller's later event of the same change because of it (a stamp later than the change,
 * such as the receive time, would). A hint without write_date claims no version; its receive time then keeps two
 * such hints with equal values two events.
 */
export function hintVersion(hint: OdooHint): string {
  const stamp = typeof hint.values.write_date === 'string' ? toTheSecond(hint.values.write_date) : undefined;
  const content = { model: hint.model, id: hint.id, values: hint.values };
  return recordVersion(stamp ?? NO_STAMP, stamp ? content : { ...content, receivedAt: hint.receivedAt });
}

/**
 * Odoo posts write_date with microseconds ("2026-12-07 07:57:48.533013") but reads it to the second: cut to the
 * second, or the hint would look newer than the poller's version of the same change made in that second.
 */
function toTheSecond(stamp: string): string | undefined {
  try {
    return `${normalizeStamp(stamp).slice(0, 19)}.000Z`;
  } catch {
    return undefined;
  }
}
