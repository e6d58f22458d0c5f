// Verification of Standard Webhooks signatures (https://www.standardwebhooks.com, the v1 contract's "Webhooks").
//
// signature = base64(HMAC-SHA256(key, `${webhook-id}.${webhook-timestamp}.${raw body}`)), key = the bytes base64-encoded
// after `whsec_`. The header may hold several space-separated `v1,<base64>` signatures (the store signs with every live
// secret during a rotation) and the bridge may hold several secrets (its own rotation): a message is accepted when any
// signature matches any secret. The timestamp must lie within 5 minutes of now, both ways, against replays.
//
// Contract of `verify`: it NEVER throws on anything a sender controls (headers, body); it returns
// `{ ok: true, message }` or `{ ok: false, reason, detail }`. Only a malformed configured secret throws, at construction.
// The body is hashed as the exact bytes received (a Buffer); never re-serialise JSON before verifying.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Secret, registerSecretValue } from '../../core/secret.ts';
import { WEBHOOK_HEADERS, WEBHOOK_SECRET_PREFIX } from './contract.ts';

export const DEFAULT_TOLERANCE_SEC = 5 * 60;

export type WebhookHeaders = Record<string, string | string[] | undefined> | { get(name: string): string | null };

/** A message whose signature matched. */
export interface VerifiedMessage {
  /** `webhook-id`: the same on every retry of one delivery. */
  id: string;
  /** `webhook-timestamp`, unix seconds. */
  timestamp: number;
  /** The raw body as received. */
  body: Buffer;
  /** Which configured secret matched (0-based), so an operator can tell when an old secret stops being used. */
  secretIndex: number;
}

export type VerifyFailureReason =
  | 'missing_headers'
  | 'malformed_id'
  | 'malformed_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'no_matching_signature'
  | 'malformed_body';

export type VerifyResult =
  { ok: true; message: VerifiedMessage } | { ok: false; reason: VerifyFailureReason; detail: string };

export interface WebhookVerifierOptions {
  /** The live signing secrets (`whsec_<base64>`); several during a rotation. */
  secrets: readonly (string | Secret)[];
  /** Allowed distance between the message's timestamp and now, in seconds (default 300). */
  toleranceSec?: number;
  /** Milliseconds since the epoch (tests pass a fixed clock). */
  now?: () => number;
}

/** The HMAC key of a `whsec_...` secret; throws a TypeError naming the problem (never the secret) when it is malformed. */
export function decodeWebhookSecret(secret: string | Secret): Buffer {
  const text = secret instanceof Secret ? secret.reveal() : secret;
  const encoded = text.startsWith(WEBHOOK_SECRET_PREFIX) ? text.slice(WEBHOOK_SECRET_PREFIX.length) : text;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 === 1) {
    throw new TypeError(
      `a webhook signing secret must be "whsec_" followed by base64 (got ${encoded.length} characters that are not)`,
    );
  }
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0) throw new TypeError('a webhook signing secret must not be empty');
  registerSecretValue(text);
  return key;
}

/** `v1,<base64>` for one message and one secret (what a store puts in `webhook-signature`). */
export function signWebhook(
  secret: string | Secret | Buffer,
  id: string,
  timestamp: number | string,
  body: Buffer | string,
): string {
  const key = Buffer.isBuffer(secret) ? secret : decodeWebhookSecret(secret);
  return `v1,${hmac(key, id, String(timestamp), typeof body === 'string' ? Buffer.from(body) : body)}`;
}

export class WebhookVerifier {
  readonly #keys: Buffer[];
  readonly #toleranceSec: number;
  readonly #now: () => number;

  constructor(options: WebhookVerifierOptions) {
    if (options.secrets.length === 0) throw new TypeError('a webhook verifier needs at least one signing secret');
    this.#keys = options.secrets.map((s) => decodeWebhookSecret(s));
    this.#toleranceSec = options.toleranceSec ?? DEFAULT_TOLERANCE_SEC;
    this.#now = options.now ?? Date.now;
  }

  verify(headers: WebhookHeaders, rawBody: Buffer | Uint8Array | string): VerifyResult {
    try {
      return this.#verify(headers, rawBody);
    } catch {
      // Belt and braces: nothing a sender controls may turn into an exception.
      return { ok: false, reason: 'missing_headers', detail: 'the webhook headers could not be read' };
    }
  }

  #verify(headers: WebhookHeaders, rawBody: Buffer | Uint8Array | string): VerifyResult {
    const id = single(header(headers, WEBHOOK_HEADERS.id));
    const stamp = single(header(headers, WEBHOOK_HEADERS.timestamp));
    const signatureHeader = header(headers, WEBHOOK_HEADERS.signature);
    const signatures = Array.isArray(signatureHeader) ? signatureHeader.join(' ') : signatureHeader;
    if (!id || !stamp || !signatures) {
      const missing = [
        !id && WEBHOOK_HEADERS.id,
        !stamp && WEBHOOK_HEADERS.timestamp,
        !signatures && WEBHOOK_HEADERS.signature,
      ].filter(Boolean);
      return { ok: false, reason: 'missing_headers', detail: `missing header(s): ${missing.join(', ')}` };
    }
    // Ids are visible ASCII: text outside it has no single byte form to sign (a lone surrogate, a latin1 header byte).
    if (!/^[\x21-\x7e]{1,256}$/.test(id))
      return { ok: false, reason: 'malformed_id', detail: 'webhook-id must be 1 to 256 visible ASCII characters' };
    if (!/^\d{1,12}$/.test(stamp))
      return { ok: false, reason: 'malformed_timestamp', detail: 'webhook-timestamp must be unix seconds' };
    const timestamp = Number(stamp);
    const nowSec = Math.floor(this.#now() / 1000);
    if (nowSec - timestamp > this.#toleranceSec) {
      return {
        ok: false,
        reason: 'timestamp_too_old',
        detail: `webhook-timestamp is ${nowSec - timestamp} s old (tolerance ${this.#toleranceSec} s)`,
      };
    }
    if (timestamp - nowSec > this.#toleranceSec) {
      return {
        ok: false,
        reason: 'timestamp_too_new',
        detail: `webhook-timestamp is ${timestamp - nowSec} s in the future (tolerance ${this.#toleranceSec} s)`,
      };
    }
    let body: Buffer;
    if (Buffer.isBuffer(rawBody)) body = rawBody;
    else if (rawBody instanceof Uint8Array) body = Buffer.from(rawBody.buffer, rawBody.byteOffset, rawBody.byteLength);
    else if (typeof rawBody === 'string') body = Buffer.from(rawBody, 'utf8');
    else return { ok: false, reason: 'malformed_body', detail: 'the raw body must be a Buffer' };

    const offered = signatures
      .split(' ')
      .filter((s) => s.startsWith('v1,'))
      .map((s) => Buffer.from(s.slice(3), 'utf8'));
    if (offered.length > 0) {
      for (let index = 0; index < this.#keys.length; index++) {
        const expected = Buffer.from(hmac(this.#keys[index]!, id, stamp, body), 'utf8');
        // Compare the base64 texts: equal length first (not secret), then in constant time.
        for (const candidate of offered) {
          if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) {
            return { ok: true, message: { id, timestamp, body, secretIndex: index } };
          }
        }
      }
    }
    return {
      ok: false,
      reason: 'no_matching_signature',
      detail: `none of ${offered.length} v1 signature(s) matches a configured secret`,
    };
  }
}

function hmac(key: Buffer, id: string, stamp: string, body: Buffer): string {
  return createHmac('sha256', key).update(`${id}.${stamp}.`, 'utf8').update(body).digest('base64');
}

function header(headers: WebhookHeaders, name: string): string | string[] | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function')
    return (headers as { get(n: string): string | null }).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const direct = record[name];
  if (direct !== undefined) return direct;
  for (const key of Object.keys(record)) if (key.toLowerCase() === name) return record[key];
  return undefined;
}

/** One header value; a repeated id or timestamp header is ambiguous and counts as missing. */
function single(value: string | string[] | undefined): string | undefined {
  if (Array.isArray(value)) return value.length === 1 ? value[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}
