// What the order-to-odoo flow's steps share: one order's job, the sale order found or made for it, and how a
// failure is recorded for that job alone.
import { describeError, ValidationError, type FieldProblem } from '../../core/errors.ts';
import type { SalesOrder } from '../../connectors/clarity/contract.ts';
import type { JobResult } from '../../engine/handler.ts';
import type { FlowContext } from '../flow.ts';
import { waitOutUnknownOutcome } from './batch-calls.ts';

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

/** order-to-odoo's options, checked before the bridge starts (each read where it is used). */
export function checkOrderOptions(options: Record<string, unknown>): void {
  const problems: FieldProblem[] = [];
  for (const name of ['confirm', 'holdOnReview']) {
    if (options[name] !== undefined && typeof options[name] !== 'boolean')
      problems.push({ field: name, reason: `must be true or false (got ${JSON.stringify(options[name])})` });
  }
  const retry = options.unknownOutcomeRetryMs;
  if (retry !== undefined && (typeof retry !== 'number' || !Number.isFinite(retry) || retry < 0))
    problems.push({
      field: 'unknownOutcomeRetryMs',
      reason: `must be milliseconds, 0 or more (got ${JSON.stringify(retry)})`,
    });
  const taxCodes = options.taxCodes;
  const isNames = (v: unknown) => Array.isArray(v) && v.every((n) => typeof n === 'string' && n.trim());
  if (
    taxCodes !== undefined &&
    (!taxCodes || typeof taxCodes !== 'object' || Array.isArray(taxCodes) || !Object.values(taxCodes).every(isNames))
  ) {
    problems.push({
      field: 'taxCodes',
      reason: 'must map each Clarity tax code to a list of Odoo tax names, e.g. { Standard: ["15% Sales"] }',
    });
  }
  if (problems.length) throw new ValidationError('order-to-odoo options', problems);
}

export const option = (ctx: FlowContext, name: string, fallback: boolean): boolean =>
  typeof ctx.options[name] === 'boolean' ? (ctx.options[name] as boolean) : fallback;

/**
 * How long a retry waits after an Odoo write whose answer was lost (option `unknownOutcomeRetryMs`; default
 * twice the Odoo call timeout, at least a minute).
 */
export function unknownOutcomeDelay(ctx: FlowContext): number {
  const configured = ctx.options.unknownOutcomeRetryMs;
  return typeof configured === 'number' && configured >= 0
    ? configured
    : Math.max(60_000, 2 * ctx.integration.settings.odoo.timeoutMs);
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
