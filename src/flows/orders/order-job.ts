// What the order-to-odoo flow's steps share: one order's job, the sale order found or made for it, and how a
// failure is recorded for that job alone.
import { describeError } from '../../core/errors.ts';
import type { SalesOrder } from '../../connectors/clarity/contract.ts';
import type { JobResult } from '../../engine/handler.ts';
import type { FlowContext } from '../flow.ts';
import { waitOutUnknownOutcome } from './batch-calls.ts';
import { orderOptions } from './order-options.ts';

export const ORDER_TO_ODOO_FLOW = 'order-to-odoo';

export type Result = JobResult | Error;

export interface OrderJob {
  ctx: FlowContext;
  order: SalesOrder;
  number: string;
}

/** A sale order the bridge created or found for a job, on its way to confirmation and write-back. */
export interface Placed {
  job: OrderJob;
  id: number;
  created: boolean;
  chatterNote?: string;
}

/**
 * How long a retry waits after an Odoo write whose answer was lost (option `unknownOutcomeRetryMs`; default
 * twice the Odoo call timeout, at least a minute).
 */
export function unknownOutcomeDelay(ctx: FlowContext): number {
  const configured = orderOptions(ctx.options).unknownOutcomeRetryMs;
  return configured ?? Math.max(60_000, 2 * ctx.integration.settings.odoo.timeoutMs);
}

export function rethrowUnknown(ctx: FlowContext): (error: unknown) => never {
  const delay = unknownOutcomeDelay(ctx);
  return (error) => {
    throw waitOutUnknownOutcome(error, delay);
  };
}

/** Records a job's failure (the first one wins: a job fails for its first reason). */
export function fail(job: OrderJob, error: Error, results: Map<FlowContext, Result>): void {
  if (!results.has(job.ctx)) results.set(job.ctx, error);
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export function ctxsOfJobs(jobs: readonly { ctx: FlowContext }[]): FlowContext[] {
  return jobs.map((j) => j.ctx);
}

/** Notes on each job of a (sub)batch that Odoo refused it as a whole. */
export function noteSplit(jobs: readonly OrderJob[], error: Error): void {
  for (const job of jobs) job.ctx.note('batch refused by Odoo; splitting it', { note: describeError(error) });
}
