// Calls made once for a batch of orders, recorded in every order's trace, and the isolation of a bad order in a
// batch Odoo refuses: the batch is split in halves, recursively, until the one order Odoo refuses stands alone.
import { AuthError, TransientError } from '../../core/errors.ts';
import type { StepDetail } from '../../engine/handler.ts';
import type { FlowContext } from '../flow.ts';

/**
 * Runs `fn` once and records it as a step in each job's trace (each with the same timing; the request and answer
 * may differ per job). Rejects with `fn`'s error after recording it everywhere.
 */
export async function batchStep<T>(
  ctxs: readonly FlowContext[],
  name: string,
  fn: () => Promise<T>,
  detail?: StepDetail<T> | ((ctx: FlowContext, index: number) => StepDetail<T>),
): Promise<T> {
  if (ctxs.length === 0) return fn();
  const shared = fn();
  shared.catch(() => undefined);
  const detailOf = (ctx: FlowContext, i: number) => (typeof detail === 'function' ? detail(ctx, i) : detail);
  const settled = await Promise.allSettled(ctxs.map((ctx, i) => ctx.step(name, () => shared, detailOf(ctx, i))));
  const first = settled[0]!;
  if (first.status === 'rejected') throw first.reason;
  return first.value;
}

/** An error that may have happened after Odoo did the work (or that says nothing of one order): never split on it. */
function failsTheWholeBatch(error: unknown): boolean {
  return error instanceof TransientError || error instanceof AuthError || !(error instanceof Error);
}

export interface Isolated<T, R> {
  item: T;
  result: R | Error;
}

/**
 * Calls `call` with every item at once (one Odoo call, all or nothing). When Odoo refuses, the batch is split in
 * halves and each half tried on its own, recursively, so that only the order(s) Odoo refuses alone fail. An error
 * that may mean Odoo did the work (timeout, 5xx) fails the whole (sub)batch as is: its retry finds what was done.
 * `onSplit` reports each split (for the traces).
 */
export async function isolateFailures<T, R>(
  items: readonly T[],
  call: (items: readonly T[]) => Promise<R[]>,
  onSplit?: (failed: readonly T[], error: Error) => void,
): Promise<Isolated<T, R>[]> {
  if (items.length === 0) return [];
  try {
    const results = await call(items);
    return items.map((item, i) => ({ item, result: results[i]! }));
  } catch (caught) {
    const error = caught instanceof Error ? caught : new Error(String(caught));
    if (items.length === 1 || failsTheWholeBatch(caught)) return items.map((item) => ({ item, result: error }));
    onSplit?.(items, error);
    const half = Math.ceil(items.length / 2);
    const left = await isolateFailures(items.slice(0, half), call, onSplit);
    const right = await isolateFailures(items.slice(half), call, onSplit);
    return [...left, ...right];
  }
}

/**
 * A write whose answer was lost (timeout, dropped connection) may still be running in Odoo: a retry that looked for
 * its result too early would not see it yet and do it again. Such an error is given a retry delay long enough for
 * Odoo to have finished (`delayMs`), after which the retry finds what it did by client_order_ref.
 */
export function waitOutUnknownOutcome(error: unknown, delayMs: number): unknown {
  if (!(error instanceof TransientError) || !error.details.network) return error;
  return new TransientError(
    `${error.message}; Odoo may still be doing it, so the retry waits ${Math.round(delayMs / 1000)} s and then looks for what it did`,
    {
      cause: error,
      ...(error.connector ? { connector: error.connector } : {}),
      details: { ...error.details, outcomeUnknown: true },
      retryAfterMs: Math.max(error.retryAfterMs ?? 0, delayMs),
    },
  );
}
