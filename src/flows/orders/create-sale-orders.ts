// Making the batch's new sale orders: map each order (an unknown SKU or invalid data stops it before its customer
// is touched), find or create the customers, create all orders in ONE call (an order Odoo refuses is isolated by
// splitting), record their `__bridge__` external ids, read them back, post the chatter notes.
import {
  createSaleOrders,
  postNote,
  readSaleOrders,
  recordExternalIds,
  type OdooVersion,
  type SaleOrderSummary,
} from '../../connectors/odoo/index.ts';
import { describeError } from '../../core/errors.ts';
import type { FlowContext } from '../flow.ts';
import { mapLimit } from '../../core/map-limit.ts';
import { batchStep, isolateFailures, waitOutUnknownOutcome } from './batch-calls.ts';
import {
  asError,
  ctxsOfJobs,
  fail,
  noteSplit,
  rethrowUnknown,
  unknownOutcomeDelay,
  type OrderJob,
  type Placed,
  type Result,
} from './order-job.ts';
import { orderOptions } from './order-options.ts';
import { resolveOrderParties } from './order-parties.ts';

/** An order mapped to its Odoo values, its customer found or made. */
export interface MappedOrder {
  job: OrderJob;
  values: Record<string, unknown>;
  chatterNote?: string;
}

/**
 * Maps orders to sale.order values: lookups for the batch at once, a first pass before Odoo is touched (an unknown
 * SKU or invalid data stops the order before its customer is made), then the customers, then the values.
 */
export async function mapOrders(
  jobs: OrderJob[],
  version: OdooVersion,
  results: Map<FlowContext, Result>,
): Promise<MappedOrder[]> {
  if (!jobs.length) return [];
  const { integration, services } = jobs[0]!.ctx;
  const mapping = await integration.mapping('order.clarity-to-odoo');
  const orders = jobs.map((j) => j.order);
  const taxes = orderOptions(jobs[0]!.ctx.options).taxes;
  const lookups = await batchStep(ctxsOfJobs(jobs), 'resolve products, pricelists, carriers and taxes', () =>
    mapping.resolve(orders, integration.resolver, { version, context: { taxes } }),
  );

  const mappable: OrderJob[] = [];
  for (const job of jobs) {
    try {
      await mapping.apply(job.order, { version, lookups, context: { partnerId: 1, taxes } });
      mappable.push(job);
    } catch (error) {
      fail(job, asError(error), results);
    }
  }
  if (!mappable.length) return [];

  const parties = await batchStep(
    ctxsOfJobs(mappable),
    'find or create customers and addresses',
    () =>
      resolveOrderParties(
        integration,
        services,
        mappable.map((j) => j.order),
        version,
      ),
    {
      response: (found) =>
        Object.fromEntries([...found].map(([k, v]) => [k, v instanceof Error ? describeError(v) : v])),
    },
  );
  const mapped: MappedOrder[] = [];
  for (const job of mappable) {
    const party = parties.get(job.number);
    if (!party || party instanceof Error) {
      // a partner or address create whose answer was lost may still land: its retry must not make a second one
      fail(
        job,
        party
          ? asError(waitOutUnknownOutcome(party, unknownOutcomeDelay(job.ctx)))
          : new Error(`no customer resolved for order ${job.number}`),
        results,
      );
      continue;
    }
    try {
      const { values, extras } = await mapping.apply(job.order, {
        version,
        lookups,
        context: {
          partnerId: party.partnerId,
          invoicePartnerId: party.invoicePartnerId,
          shippingPartnerId: party.shippingPartnerId,
          taxes,
        },
      });
      const chatterNote =
        typeof extras.chatterNote === 'string' && extras.chatterNote.trim() ? extras.chatterNote : undefined;
      mapped.push({ job, values, ...(chatterNote ? { chatterNote } : {}) });
    } catch (error) {
      fail(job, asError(error), results);
    }
  }
  return mapped;
}

/** Maps the new orders and creates them all in one call (an order Odoo refuses is isolated by splitting). */
export async function createOrders(
  jobs: OrderJob[],
  version: OdooVersion,
  results: Map<FlowContext, Result>,
): Promise<Placed[]> {
  const ready = await mapOrders(jobs, version, results);
  if (!ready.length) return [];
  const { client } = ready[0]!.job.ctx.integration.odoo;
  const created = await isolateFailures(
    ready,
    (list) =>
      batchStep(
        ctxsOfJobs(list.map((r) => r.job)),
        `create ${list.length} sale order(s)`,
        () =>
          createSaleOrders(
            client,
            list.map((r) => r.values),
            { raw: true },
          ).catch(rethrowUnknown(list[0]!.job.ctx)),
        (_ctx, i) => ({
          request: list[i]!.values,
          response: (ids) => ({ id: ids[i], batch: ids.length }),
        }),
      ),
    (list, error) =>
      noteSplit(
        list.map((r) => r.job),
        error,
      ),
  );
  const placed: Placed[] = [];
  for (const { item, result } of created) {
    if (result instanceof Error) fail(item.job, result, results);
    else
      placed.push({
        job: item.job,
        id: result,
        created: true,
        ...(item.chatterNote ? { chatterNote: item.chatterNote } : {}),
      });
  }
  return placed;
}

/** The `__bridge__` external ids of orders, in one call; a refusal is noted, never fatal (client_order_ref finds them too). */
export async function bindExternalIds(placed: Placed[], names: Map<string, string>): Promise<void> {
  if (!placed.length) return;
  const { client } = placed[0]!.job.ctx.integration.odoo;
  const entries = placed.map((p) => ({ name: names.get(p.job.number)!, model: 'sale.order', resId: p.id }));
  try {
    await batchStep(
      ctxsOfJobs(placed.map((p) => p.job)),
      'record external ids',
      () => recordExternalIds(client, entries),
      { request: { names: entries.map((e) => e.name) } },
    );
  } catch (error) {
    // one of them exists already (an earlier attempt): the order is found by client_order_ref anyway
    for (const p of placed) p.job.ctx.note('external id not recorded', { note: describeError(error) });
  }
}

export async function readSummaries(placed: readonly Placed[]): Promise<Map<number, SaleOrderSummary>> {
  if (!placed.length) return new Map();
  const { client } = placed[0]!.job.ctx.integration.odoo;
  const read = await batchStep(
    ctxsOfJobs(placed.map((p) => p.job)),
    'read sale orders',
    () =>
      readSaleOrders(
        client,
        placed.map((p) => p.id),
      ),
    {
      response: (orders) =>
        orders.map((o) => ({ id: o.id, name: o.name, state: o.state, amount_total: o.amount_total })),
    },
  );
  return new Map(read.map((o) => [o.id, o]));
}

/** The payment method and the customer's note on each new order's chatter (Odoo's `note` is the terms). */
export async function postChatterNotes(placed: Placed[]): Promise<void> {
  await mapLimit(placed, 8, async (p) => {
    const { client } = p.job.ctx.integration.odoo;
    try {
      await p.job.ctx.step('post on the order chatter', () => postNote(client, 'sale.order', p.id, p.chatterNote!), {
        request: { body: p.chatterNote },
      });
    } catch {
      // a note that could not be posted does not undo the order; the trace shows it
    }
  });
}
