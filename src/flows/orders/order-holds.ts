// The order-to-odoo flow's care for orders over time: an order already in Odoo (status write-back only), events
// that are no longer fresh (read the order again: it may have been cancelled), orders held in review (OnHold in
// Clarity, one live review item per order).
import type { SalesOrder } from '../../connectors/clarity/contract.ts';
import { BusinessError, ValidationError } from '../../core/errors.ts';
import type { Binding } from '../../store/bindings.repo.ts';
import type { FlowContext } from '../flow.ts';
import { canMoveStatus } from '../order-status.ts';
import { mapLimit } from '../../core/map-limit.ts';
import { ORDER_TO_ODOO_FLOW, asError, fail, type OrderJob, type Result } from './order-job.ts';
import { orderOptions } from './order-options.ts';
import { ORDER_ENTITY } from './order-lane.ts';
import { claritySnapshotOf, orderPatch, writeOrderState } from './status-write.ts';

/** An order already in Odoo: a no-op, unless the status the bridge wrote is no longer shown (then it is written again). */
export async function settleBound(job: OrderJob, binding: Binding): Promise<Result> {
  const snapshot = (binding.claritySnapshot ?? {}) as {
    StatusKey?: SalesOrder['StatusKey'];
    ErpReference?: string | null;
  };
  const wanted = {
    ...(snapshot.StatusKey ? { status: snapshot.StatusKey } : {}),
    ...(snapshot.ErpReference ? { erpReference: snapshot.ErpReference } : {}),
  };
  if (!orderPatch(job.order, wanted)) {
    const same =
      job.order.StatusKey === snapshot.StatusKey &&
      (job.order.ErpReference ?? null) === (snapshot.ErpReference ?? null);
    job.ctx.note('already in Odoo', { note: `order ${job.number} is sale.order ${binding.odooId}; nothing to write` });
    return { outcome: same ? 'echo' : 'noop' };
  }
  // the event may be older than what Clarity shows now: decide on the order as it is
  const { clarity } = job.ctx.integration;
  const current = await job.ctx.step('read Clarity order', () => clarity.orders.get(job.order.ID), {
    response: (o) => ({ StatusKey: o.StatusKey, ErpReference: o.ErpReference }),
  });
  const { order, patch } = await writeOrderState(job.ctx, current, wanted);
  if (!patch) return { outcome: 'noop' };
  const { services, integration } = job.ctx;
  const write = {
    integrationId: integration.id,
    entity: ORDER_ENTITY,
    clarityKey: job.number,
    claritySnapshot: claritySnapshotOf(order),
  };
  return { outcome: 'applied', effects: (tx) => services.repos.bindings.upsert(write, services.clock.now(), tx) };
}

/** An event older than this (or a retry, or a replay) is not trusted to show the order as it is now. */
const FRESH_FOR_MS = 30_000;

/**
 * Orders whose event is not fresh (a retry, a replay from review, a late delivery) are read again before they are
 * created: the customer may have cancelled in the meantime. A fresh webhook carries the whole order as it is.
 */
export async function readAgainIfNotFresh(jobs: OrderJob[], results: Map<FlowContext, Result>): Promise<void> {
  const now = jobs[0]?.ctx.services.clock.now() ?? 0;
  const stale = jobs.filter(
    (j) => j.ctx.job.attempts > 1 || j.ctx.job.lastError !== null || now - j.ctx.job.createdAt > FRESH_FOR_MS,
  );
  await mapLimit(stale, 8, async (job) => {
    try {
      job.order = await job.ctx.step(
        'read Clarity order again (the event is not fresh)',
        () => job.ctx.integration.clarity.orders.get(job.order.ID),
        {
          response: (o) => ({ StatusKey: o.StatusKey, UpdatedDate: o.UpdatedDate }),
        },
      );
      if (job.order.StatusKey === 'Cancelled') {
        job.ctx.note('skipped', { note: `order ${job.number} was cancelled in Clarity before it reached Odoo` });
        results.set(job.ctx, { outcome: 'noop' });
      }
    } catch (error) {
      fail(job, asError(error), results);
    }
  });
}

/**
 * One live item per order: when a job of an order settles (done, or held in review/dead), the earlier jobs of this
 * flow held on the same lane are discarded as superseded. The newest is the one to replay: the engine skips a replay
 * older than what was applied since (e.g. the store's echo of the bridge putting the order on hold).
 */
export async function supersedeEarlierHolds(jobs: OrderJob[], results: Map<FlowContext, Result>): Promise<void> {
  for (const job of jobs) {
    const result = results.get(job.ctx);
    const settled =
      result !== undefined &&
      (!(result instanceof Error) || result instanceof BusinessError || result instanceof ValidationError);
    if (!settled) continue;
    const { repos, clock } = job.ctx.services;
    const held = await repos.jobs.list({
      integrationId: job.ctx.integration.id,
      lane: job.ctx.job.lane,
      flow: ORDER_TO_ODOO_FLOW,
      states: ['review', 'dead'],
      limit: 20,
    });
    const earlier = held.filter((j) => j.id < job.ctx.job.id).map((j) => j.id);
    if (!earlier.length) continue;
    const why =
      result instanceof Error
        ? `superseded by job ${job.ctx.job.id}, which holds order ${job.number} now`
        : `order ${job.number} reached Odoo through job ${job.ctx.job.id}`;
    const discarded = await repos.jobs.discard(earlier, why, clock.now());
    if (discarded.length)
      job.ctx.note('superseded earlier jobs', { note: `discarded job(s) ${discarded.join(', ')}: ${why}` });
  }
}

/** Orders going to review show `OnHold` in Clarity (best effort: the review itself is what matters). */
export async function holdOrdersInReview(jobs: OrderJob[]): Promise<void> {
  await mapLimit(jobs, 8, async (job) => {
    if (!orderOptions(job.ctx.options).holdOnReview || !canMoveStatus(job.order.StatusKey, 'OnHold')) return;
    try {
      await writeOrderState(job.ctx, job.order, { status: 'OnHold' });
    } catch {
      // the job is in review either way
    }
  });
}
