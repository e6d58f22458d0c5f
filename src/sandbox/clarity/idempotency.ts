// `Idempotency-Key` on POST: the same key with the same body answers the first response again; the same key with
// another body is refused with 422. Keys are kept per client and path for 24 hours.
import { createHash } from 'node:crypto';
import { stableStringify } from '../../core/ids.ts';
import { unprocessable } from './problem.ts';
import type { ApiResponse } from './router.ts';

const KEEP_MS = 24 * 3600 * 1000;
const MAX_KEY_LENGTH = 255;

interface Entry {
  fingerprint: string;
  storedAt: number;
  /** Settles with the first response; a concurrent second request waits for it instead of running twice. */
  response: Promise<ApiResponse>;
}

export class IdempotencyKeys {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Runs `execute` once per (scope, key); replays carry `Idempotent-Replayed: true`. */
  async run(
    scope: string,
    key: string,
    body: unknown,
    rawBody: string,
    execute: () => Promise<ApiResponse>,
    onReplay: () => void,
  ): Promise<ApiResponse> {
    if (key.length === 0 || key.length > MAX_KEY_LENGTH) {
      throw unprocessable('Idempotency-Key is not valid', {
        'Idempotency-Key': [`must be 1 to ${MAX_KEY_LENGTH} characters`],
      });
    }
    this.evictOld();
    // Bodies that parse to the same JSON (key order, spacing) count as the same body.
    const fingerprint = createHash('sha256')
      .update(body === undefined ? rawBody : stableStringify(body))
      .digest('hex');
    const id = `${scope}\n${key}`;
    const existing = this.entries.get(id);
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        throw unprocessable(
          'this Idempotency-Key was already used with a different body; use a new key for a different request',
          {
            'Idempotency-Key': ['already used with a different request body'],
          },
        );
      }
      const first = await existing.response;
      onReplay();
      return { ...first, headers: { ...first.headers, 'idempotent-replayed': 'true' } };
    }
    const response = execute();
    const entry: Entry = { fingerprint, storedAt: this.now(), response };
    this.entries.set(id, entry);
    try {
      const result = await response;
      if (result.status >= 400) this.entries.delete(id);
      return result;
    } catch (error) {
      // Like Stripe: a refused request (validation, conflict) created nothing, so its key stays free for a
      // corrected request; only successful results are replayed.
      this.entries.delete(id);
      throw error;
    }
  }

  private evictOld(): void {
    const cutoff = this.now() - KEEP_MS;
    for (const [id, entry] of this.entries) {
      if (entry.storedAt >= cutoff) break; // insertion order = age order
      this.entries.delete(id);
    }
  }
}
