// A flow's read of the Odoo record its event is about. When the event is an automation webhook's hint, the record
// is read again for a few seconds until it shows the hinted change (Odoo 17 and 18 post before they commit); if it
// never does, the job goes on with what Odoo has and its trace says so. Never a retry until the job is dead.
import { isOdooHint, readAfterHint } from '../connectors/odoo/index.ts';
import type { FlowContext } from './flow.ts';

/** Reads `model` `id` as the step `step`; the record, or undefined when it no longer exists. */
export async function readHinted<T extends Record<string, unknown>>(
  ctx: FlowContext,
  step: string,
  ref: { model: string; id: number },
  read: () => Promise<T | undefined>,
): Promise<T | undefined> {
  const hint = isOdooHint(ctx.event?.payload) ? ctx.event.payload : undefined;
  const result = await ctx.step(
    step,
    () => readAfterHint(hint, read, { clock: ctx.services.clock, signal: ctx.signal }),
    {
      request: ref,
      response: (r) => (hint ? { record: r.record ?? null, reads: r.reads, waitedMs: r.waitedMs } : (r.record ?? null)),
    },
  );
  if (hint && result.record && !result.committed) {
    const shown = result.pending.map(
      (f) => `${f} ${JSON.stringify(result.record![f])} (hinted ${JSON.stringify(hint.values[f])})`,
    );
    ctx.note('hinted change not seen', {
      note: `Odoo's webhook (${hint.receivedAt}) announced a change to ${ref.model} ${ref.id} that it still does not show after ${result.reads} reads: ${shown.join(', ')}; going on with what Odoo has (its transaction may have been rolled back; the poller brings any later change)`,
    });
  }
  return result.record;
}
