// Between making the batch's sale orders and writing back to the store: each quotation's total is compared with the
// store's. A quotation an earlier attempt made whose total differs is rebuilt from the mapping once, so what a fix
// in Odoo changed (a tax created, a pricelist moved) shows on replay; a total that still differs holds the order in
// review, unconfirmed. The rest are confirmed in one call (an order Odoo refuses is isolated), then dated with the
// store's order date (Odoo's confirmation stamps its own).
import {
  confirmSaleOrders,
  rebuildQuotation,
  setSaleOrderDates,
  type OdooVersion,
  type SaleOrderSummary,
} from '../../connectors/odoo/index.ts';
import { describeError } from '../../core/errors.ts';
import { mapLimit } from '../../core/map-limit.ts';
import { formatOdooDateTime, parseDateTime } from '../../mapping/convert.ts';
import type { FlowContext } from '../flow.ts';
import { batchStep, isolateFailures } from './batch-calls.ts';
import { mapOrders, readSummaries } from './create-sale-orders.ts';
import { asError, ctxsOfJobs, fail, noteSplit, rethrowUnknown, type Placed, type Result } from './order-job.ts';
import { orderOptions } from './order-options.ts';
import { totalsMismatch } from './order-totals.ts';

const QUOTATION_STATES = ['draft', 'sent'];

/** Each placed order's summary as it stands after this step (confirmed ones in state `sale`). */
export async function settleQuotations(
  placed: readonly Placed[],
  version: OdooVersion,
  results: Map<FlowContext, Result>,
): Promise<Map<number, SaleOrderSummary>> {
  if (!placed.length) return new Map();
  const { integration } = placed[0]!.job.ctx;
  const { client, lookups } = integration.odoo;
  const options = orderOptions(placed[0]!.job.ctx.options);
  const summaries = await readSummaries(placed);
  const isQuotation = (p: Placed) => QUOTATION_STATES.includes(summaries.get(p.id)?.state ?? '');
  const mismatch = async (p: Placed) =>
    totalsMismatch(p.job.order, summaries.get(p.id)!, await lookups.currencyRounding(p.job.order.CurrencyKey ?? ''));

  const stale: Placed[] = [];
  for (const p of placed) if (!p.created && isQuotation(p) && (await mismatch(p))) stale.push(p);
  if (stale.length) {
    const remapped = await mapOrders(
      stale.map((p) => p.job),
      version,
      results,
    );
    await mapLimit(remapped, 4, async ({ job, values }) => {
      const p = stale.find((s) => s.job === job)!;
      try {
        await job.ctx.step(
          `rebuild quotation ${summaries.get(p.id)!.name}`,
          () => rebuildQuotation(client, p.id, values),
          {
            request: values,
          },
        );
      } catch (error) {
        fail(job, asError(error), results);
      }
    });
    const reread = await readSummaries(stale.filter((p) => !results.has(p.job.ctx)));
    for (const [id, summary] of reread) summaries.set(id, summary);
  }

  const ready: Placed[] = [];
  for (const p of placed) {
    if (results.has(p.job.ctx) || !isQuotation(p)) continue;
    const problem = await mismatch(p);
    if (problem) fail(p.job, problem, results);
    else ready.push(p);
  }
  if (!options.confirm || !ready.length) return summaries;

  const confirmed = await isolateFailures(
    ready,
    async (list) => {
      await batchStep(
        ctxsOfJobs(list.map((p) => p.job)),
        `confirm ${list.length} sale order(s)`,
        () =>
          confirmSaleOrders(
            client,
            list.map((p) => p.id),
          ).catch(rethrowUnknown(list[0]!.job.ctx)),
        { request: { method: 'action_confirm', ids: list.map((p) => p.id) } },
      );
      return list.map(() => true);
    },
    (list, error) =>
      noteSplit(
        list.map((p) => p.job),
        error,
      ),
  );
  const done: Placed[] = [];
  for (const { item, result } of confirmed) {
    if (result instanceof Error) fail(item.job, result, results);
    else {
      summaries.set(item.id, { ...summaries.get(item.id)!, state: 'sale' });
      done.push(item);
    }
  }
  if (options.orderDate === 'store') await dateAsTheStore(done);
  return summaries;
}

/** Gives confirmed orders the store's order date (a failure is noted: the order stands, only its date differs). */
async function dateAsTheStore(placed: readonly Placed[]): Promise<void> {
  const dates = new Map<number, string>();
  for (const p of placed) {
    const created = p.job.order.CreatedDate;
    if (!created) continue;
    try {
      dates.set(p.id, formatOdooDateTime(parseDateTime(created, 'UTC').instant));
    } catch {
      p.job.ctx.note('order date kept', { note: `the store's order date ${JSON.stringify(created)} is not a date` });
    }
  }
  if (!dates.size) return;
  const { client } = placed[0]!.job.ctx.integration.odoo;
  try {
    await batchStep(
      ctxsOfJobs(placed.filter((p) => dates.has(p.id)).map((p) => p.job)),
      "set the store's order date",
      () => setSaleOrderDates(client, dates),
      (ctx) => ({ request: { date_order: dates.get(placed.find((p) => p.job.ctx === ctx)!.id) } }),
    );
  } catch (error) {
    for (const p of placed) p.job.ctx.note('order date not set', { note: describeError(error) });
  }
}
