// Reading a record after an automation webhook's hint. What a real Odoo posts (fixture 25):
// - the record's `write_date` as the ORM cache holds it: for a change Odoo computes (a picking's state, from its
//   moves) the *previous* write_date; for a change written directly (a sale order's state) the new one;
// - on 17 and 18 from inside the transaction, before it commits (a reader sees the old record until ~20–130 ms
//   after the POST is answered); on 19 after the commit.
// So the hinted write_date is a lower bound of the change's version, never the version to wait for: a record read
// with a later write_date is newer than the hint; the same (or an earlier) one without the hinted values means
// Odoo has not committed yet, which is worth a short wait, never a retry until the job is dead.
import type { Clock } from '../../core/clock.ts';
import { TransientError } from '../../core/errors.ts';
import { normalizeStamp } from '../../core/ids.ts';
import { CONNECTOR } from './errors.ts';
import type { OdooHint } from './webhook.ts';

/** How long after Odoo's POST a job waits for the hinted change to be committed before taking what it reads. */
export const HINT_COMMIT_WAIT_MS = 10_000;
/** The first pause between reads (doubled up to 1 s): Odoo commits within ~0.1 s of its POST. */
const FIRST_PAUSE_MS = 50;
const LONGEST_PAUSE_MS = 1_000;

/** A record read after a hint: it shows the hinted change (or a later one), or Odoo has not committed it yet. */
export type HintComparison = { committed: true } | { committed: false; pending: string[] };

/** Fields compared with the read: the change stamp is judged apart, and only as a lower bound. */
const STAMP_FIELDS = new Set(['write_date', '__last_update']);

/** Compares a record as read with the hint Odoo posted about it. */
export function compareWithHint(hint: OdooHint, record: Record<string, unknown>): HintComparison {
  const hinted = secondsOf(hint.values.write_date);
  const written = secondsOf(record.write_date);
  // written again after the hinted write_date: newer than the hint, whatever its values (a picking whose webhook
  // carried its previous write_date reads with a later one once the validation is committed)
  if (hinted !== undefined && written !== undefined && written > hinted) return { committed: true };
  const pending = Object.entries(hint.values)
    .filter(([field, value]) => !STAMP_FIELDS.has(field) && field in record && !sameValue(value, record[field]))
    .map(([field]) => field);
  return pending.length === 0 ? { committed: true } : { committed: false, pending };
}

export interface HintedRead<T> {
  /** The record as last read (undefined: it no longer exists). */
  record: T | undefined;
  /** False when the wait ran out with the hinted change still not visible: `record` is what Odoo has. */
  committed: boolean;
  /** The hinted fields the record still does not show (when not committed). */
  pending: string[];
  reads: number;
  waitedMs: number;
}

export interface HintedReadOptions {
  clock: Clock;
  /** Ends the wait early (the worker shutting down): a TransientError, so that the job runs again later. */
  signal?: AbortSignal;
  /** From the hint's arrival (default HINT_COMMIT_WAIT_MS). */
  waitMs?: number;
}

/**
 * Reads a record (`read`) and, when a hint announced a change the read does not show yet, reads it again after
 * short pauses until it does or `waitMs` has passed since the POST arrived. Without a hint it reads once.
 */
export async function readAfterHint<T extends Record<string, unknown>>(
  hint: OdooHint | undefined,
  read: () => Promise<T | undefined>,
  options: HintedReadOptions,
): Promise<HintedRead<T>> {
  const { clock, signal } = options;
  const started = clock.now();
  const deadline = hint ? Date.parse(hint.receivedAt) + (options.waitMs ?? HINT_COMMIT_WAIT_MS) : started;
  let pause = FIRST_PAUSE_MS;
  for (let reads = 1; ; reads++) {
    const record = await read();
    const comparison: HintComparison = hint && record ? compareWithHint(hint, record) : { committed: true };
    const now = clock.now();
    const result = { record, reads, waitedMs: now - started };
    if (comparison.committed) return { ...result, committed: true, pending: [] };
    if (now >= deadline) return { ...result, committed: false, pending: comparison.pending };
    if (signal?.aborted) throw stopped(hint!, comparison.pending);
    await clock.sleep(Math.min(pause, deadline - now), signal);
    pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
  }
}

/** Waiting for the commit cut short (the worker stopping): the job is worth running again, not finishing now. */
function stopped(hint: OdooHint, pending: string[]): TransientError {
  return new TransientError(
    `stopped waiting for Odoo to commit the change its webhook announced to ${hint.model} ${hint.id} (${pending.join(', ')} not yet as hinted); the job runs again`,
    { connector: CONNECTOR, retryAfterMs: 1_000, details: { model: hint.model, id: hint.id, fields: pending } },
  );
}

/** An Odoo datetime (`YYYY-MM-DD HH:MM:SS[.ffffff]`, UTC) to the second, as ISO-8601; undefined if none. */
function secondsOf(stamp: unknown): string | undefined {
  if (typeof stamp !== 'string' || !stamp) return undefined;
  try {
    return normalizeStamp(stamp).slice(0, 19);
  } catch {
    return undefined;
  }
}

/** Hint values are as Odoo posts them (many2one = bare id, empty = false); read values as read ([id, name]). */
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
  // Odoo posts datetimes through str(): "2026-11-25 08:33:16.123456" against the read "2026-11-25 08:33:16"
  if (typeof a === 'string' && typeof b === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/.test(a))
    return a.slice(0, 19) === b.slice(0, 19);
  return false;
}
