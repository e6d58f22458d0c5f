// Odoo's "Send Webhook Notification" automation POSTs (fixture 23): body `{_action, _id, _model, ...fields}`, no
// custom header, so the secret token travels in the URL path. Each POST is only a hint: Odoo posts from inside the
// transaction that made the change, before it commits, so the bridge reads the record and, when what it reads is
// older than the hint, retries (TransientError) rather than drops.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { systemClock, type Clock } from '../../core/clock.ts';
import { TransientError } from '../../core/errors.ts';
import type { BridgeEvent } from '../../core/event.ts';
import { normalizeStamp, recordVersion } from '../../core/ids.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import { registerSecretValue, type Secret } from '../../core/secret.ts';
import { CONNECTOR } from './errors.ts';

/** The payload of a hint event. */
export interface OdooHint {
  hint: true;
  model: string;
  id: number;
  /** `<server action name>(#<id>)` */
  action: string;
  /** The fields the rule sends, as of the change (many2one as bare ids). */
  values: Record<string, unknown>;
  /** When the bridge received it (ISO-8601). */
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
      // Odoo's own change stamp when the rule sends it (setup-webhooks asks for write_date), so the hint compares
      // with polled versions of the record on Odoo's clock; the bridge's receive time only as a fallback.
      const stamp = typeof values.write_date === 'string' ? values.write_date : receivedAt;
      await options.onEvent({
        integrationId: options.integrationId,
        source: 'odoo',
        type: options.eventType?.(model, values) ?? `${model}.changed`,
        entity: model,
        entityId: String(id),
        version: recordVersion(stamp, { model, id, values }),
        occurredAt: normalizeStamp(stamp),
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

/**
 * Checks a record read after a hint. Throws a TransientError when the read predates the hinted change (the values
 * the hint carries are not there yet and nothing newer was written): Odoo had not committed yet, so retry soon.
 */
export function assertNotOlderThanHint(hint: OdooHint, record: Record<string, unknown>): void {
  const differing = Object.entries(hint.values).filter(
    ([field, value]) => field in record && !sameValue(value, record[field]),
  );
  if (differing.length === 0) return;
  const written = typeof record.write_date === 'string' ? normalizeStamp(record.write_date).slice(0, 19) : '';
  // a record changed again after the hint arrived is newer than the hint, not older
  if (written > hint.receivedAt.slice(0, 19)) return;
  throw new TransientError(
    `Odoo ${hint.model} ${hint.id} read before the hinted change was committed (${differing.map(([f]) => f).join(', ')} not yet as hinted); retrying`,
    {
      connector: CONNECTOR,
      retryAfterMs: 1_000,
      details: {
        model: hint.model,
        id: hint.id,
        fields: differing.map(([f]) => f),
        hintReceivedAt: hint.receivedAt,
        recordWriteDate: record.write_date,
      },
    },
  );
}

/** Hint values are as Odoo sends them (many2one = bare id, empty = false); read values as read ([id, name]). */
function sameValue(hinted: unknown, read: unknown): boolean {
  const norm = (v: unknown): unknown =>
    Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'string' ? v[0] : v;
  const a = norm(hinted);
  const b = norm(read);
  if (a === b) return true;
  if ((a === false || a === null) && (b === false || b === null)) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && [...a].sort().every((v, i) => v === [...b].sort()[i]);
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-9;
  // Odoo sends datetimes through str(): "2026-11-25 08:33:16.123456" vs the read "2026-11-25 08:33:16"
  if (typeof a === 'string' && typeof b === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/.test(a))
    return a.slice(0, 19) === b.slice(0, 19);
  return false;
}
