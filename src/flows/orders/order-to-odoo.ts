// order-to-odoo: a Clarity order placed (or changed before it reached Odoo) → a confirmed Odoo sale.order, then
// `StatusKey: Confirmed` and `ErpReference` = the Odoo order name written back. On the order's lane
// `integration:order:<order number>`, in batches (engine batch contract): the batch's new orders are created in ONE
// `create` call and confirmed in ONE `action_confirm` call; an order Odoo refuses is isolated by splitting the batch.
// An order whose Odoo total differs from the store's is held in review, unconfirmed (settle-quotations.ts).
//
// Exactly once: before creating, an order is looked up by binding, then by client_order_ref (one search for the
// batch), then by its `__bridge__` external id (one search); found orders are adopted (confirmed if still a
// quotation), never created again. The binding is written in the transaction that completes the job.
//
// Options: order-options.ts (confirm, holdOnReview, unknownOutcomeRetryMs, taxes, taxCodes, carriers,
// genericShippingProduct, orderDate).
import type { SalesOrder } from '../../connectors/clarity/contract.ts';
import { BusinessError, ValidationError } from '../../core/errors.ts';
import {
  BRIDGE_MODULE,
  externalIdName,
  findExternalIds,
  findSaleOrdersByClientRef,
} from '../../connectors/odoo/index.ts';
import { defineFlow, FLOW_PRIORITY, type FlowContext } from '../flow.ts';
import { saleOrderStatus } from '../order-status.ts';
import { mapLimit } from '../../core/map-limit.ts';
import { batchStep } from './batch-calls.ts';
import { bindExternalIds, createOrders, postChatterNotes } from './create-sale-orders.ts';
import { ORDER_OPTION_KEYS, orderOptions } from './order-options.ts';
import { settleQuotations } from './settle-quotations.ts';
import { holdOrdersInReview, readAgainIfNotFresh, settleBound, supersedeEarlierHolds } from './order-holds.ts';
import { ORDER_TO_ODOO_FLOW, asError, ctxsOfJobs, fail, type OrderJob, type Placed, type Result } from './order-job.ts';
import { ORDER_ENTITY, ORDER_XMLID_ENTITY } from './order-lane.ts';
import { claritySnapshotOf, writeOrderState } from './status-write.ts';

export { ORDER_TO_ODOO_FLOW } from './order-job.ts';

export const orderToOdoo = defineFlow({
  name: ORDER_TO_ODOO_FLOW,
  description:
    'Clarity orders → Odoo sale orders (customer, lines, shipping, taxes; created and confirmed in batches), status written back',
  connectors: ['odoo', 'clarity'],
  priority: FLOW_PRIORITY.customerWaiting,
  on: ['clarity:order.created', 'clarity:order.updated'],
  options: { keys: ORDER_OPTION_KEYS, check: (options) => void orderOptions(options) },
  batch: { max: 50, waitMs: 50 },
  polls: { clarity: ['orders'] },
  async run(ctx) {
    const [result] = await runOrders([ctx]);
    if (result instanceof Error) throw result;
    return result!;
  },
  runBatch: runOrders,
});

/** One result per context, in order (the jobs of one integration). */
async function runOrders(ctxs: readonly FlowContext[]): Promise<Result[]> {
  const results = new Map<FlowContext, Result>();
  try {
    await runBatchOfOrders(ctxs, results);
  } catch (error) {
    // a failure of the batch as a whole (Odoo unreachable, ...) fails every order not yet decided
    for (const ctx of ctxs)
      if (!results.has(ctx)) results.set(ctx, error instanceof Error ? error : new Error(String(error)));
  }
  return ctxs.map((ctx) => results.get(ctx) ?? new Error('order-to-odoo decided nothing for this job'));
}

async function runBatchOfOrders(ctxs: readonly FlowContext[], results: Map<FlowContext, Result>): Promise<void> {
  const { integration, services } = ctxs[0]!;
  const jobs: OrderJob[] = [];
  for (const ctx of ctxs) {
    const order = ctx.event?.payload as SalesOrder | undefined;
    if (!order || typeof order.CustomKey !== 'string' || !order.CustomKey) {
      results.set(
        ctx,
        new ValidationError('the job carries no Clarity order (expected an order event with the whole order)', [
          { field: 'CustomKey', reason: 'is required' },
        ]),
      );
    } else if (order.StatusKey === 'Cancelled') {
      ctx.note('skipped', {
        note: `order ${order.CustomKey} is cancelled in Clarity; the order-cancel flow handles it`,
      });
      results.set(ctx, { outcome: 'noop' });
    } else {
      jobs.push({ ctx, order, number: order.CustomKey });
    }
  }
  if (!jobs.length) return;

  // a retry or a replay may follow a fix in Odoo (a tax created, a pricelist moved): lookups ask what changed
  if (jobs.some((j) => j.ctx.job.lastError !== null)) integration.odoo.lookups.checkForChanges();

  const bindings = await services.repos.bindings.byClarityKeys(
    integration.id,
    ORDER_ENTITY,
    jobs.map((j) => j.number),
  );
  const unbound: OrderJob[] = [];
  for (const job of jobs) {
    const binding = bindings.get(job.number);
    if (binding?.odooId) results.set(job.ctx, await settleBound(job, binding).catch((e: unknown) => asError(e)));
    else unbound.push(job);
  }
  await readAgainIfNotFresh(unbound, results);
  unbound.splice(0, unbound.length, ...unbound.filter((j) => !results.has(j.ctx)));
  if (!unbound.length) return;

  const { client } = integration.odoo;
  const version = (await client.connect()).version;
  const ctxsOf = ctxsOfJobs;

  // Exactly once: look for what an earlier attempt may have made, by client_order_ref, then by external id.
  const byRef = await batchStep(
    ctxsOf(unbound),
    'find sale orders by client_order_ref',
    () =>
      findSaleOrdersByClientRef(
        client,
        unbound.map((j) => j.number),
      ),
    {
      request: { client_order_ref: unbound.map((j) => j.number) },
      response: (found) => [...found.values()].map((o) => ({ id: o.id, name: o.name, ref: o.client_order_ref })),
    },
  );
  const xmlIds = new Map(unbound.map((j) => [j.number, externalIdName(integration.id, ORDER_XMLID_ENTITY, j.number)]));
  const missing = unbound.filter((j) => !byRef.has(j.number));
  const byXmlId = missing.length
    ? await batchStep(
        ctxsOf(missing),
        'find sale orders by external id',
        () =>
          findExternalIds(
            client,
            missing.map((j) => xmlIds.get(j.number)!),
          ),
        {
          request: { module: BRIDGE_MODULE, names: missing.map((j) => xmlIds.get(j.number)) },
        },
      )
    : new Map();

  const placed: Placed[] = [];
  const toCreate: OrderJob[] = [];
  for (const job of unbound) {
    const found =
      byRef.get(job.number)?.id ??
      (byXmlId.get(xmlIds.get(job.number)!)?.model === 'sale.order'
        ? byXmlId.get(xmlIds.get(job.number)!)!.resId
        : undefined);
    if (found !== undefined) {
      job.ctx.note('found in Odoo', {
        note: `sale.order ${found} already carries order ${job.number} (an earlier attempt made it): adopted, not created again`,
      });
      placed.push({ job, id: found, created: false });
    } else {
      toCreate.push(job);
    }
  }

  placed.push(...(await createOrders(toCreate, version, results)));

  // External ids for what has none yet (one call), so a later attempt finds the order even if its ref changes.
  const needXmlId = placed.filter((p) => p.created || !byXmlId.has(xmlIds.get(p.job.number)!));
  await bindExternalIds(needXmlId, xmlIds);

  // Totals compared with the store's, then the quotations confirmed in one call (see settle-quotations.ts).
  const summaries = await settleQuotations(placed, version, results);

  await postChatterNotes(placed.filter((p) => p.created && p.chatterNote && !results.has(p.job.ctx)));

  await mapLimit(
    placed.filter((p) => !results.has(p.job.ctx)),
    8,
    async (p) => {
      try {
        const summary = summaries.get(p.id);
        if (!summary)
          throw new BusinessError(`sale.order ${p.id} of order ${p.job.number} could not be read back from Odoo`);
        const status = saleOrderStatus(summary.state);
        const { order } = await writeOrderState(p.job.ctx, p.job.order, {
          ...(status ? { status } : {}),
          erpReference: summary.name,
        });
        const write = {
          integrationId: integration.id,
          entity: ORDER_ENTITY,
          clarityKey: p.job.number,
          odooId: p.id,
          odooSnapshot: { name: summary.name, state: summary.state },
          claritySnapshot: claritySnapshotOf(order),
        };
        p.job.ctx.note('binding', { note: `order ${p.job.number} ↔ sale.order ${p.id} (${summary.name})` });
        results.set(p.job.ctx, {
          outcome: 'applied',
          effects: (tx) => services.repos.bindings.upsert(write, services.clock.now(), tx),
        });
      } catch (error) {
        fail(p.job, asError(error), results);
      }
    },
  );
  await holdOrdersInReview(jobs.filter((j) => results.get(j.ctx) instanceof BusinessError));
  await supersedeEarlierHolds(jobs, results);
}
