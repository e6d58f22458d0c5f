// What the engine runs: a handler per flow name. Flows (src/flows) build these with defineFlow; the engine
// knows nothing of Odoo or Clarity.
import type { Kysely } from 'kysely';
import type { BridgeEvent } from '../core/event.ts';
import type { Database } from '../store/schema.ts';
import type { Job, Outcome } from './job.ts';
import type { WithLock } from './locks.ts';

export interface StepDetail<T> {
  /** What was sent (redacted before it is stored). */
  request?: unknown;
  /** What to record of the answer (default: nothing, to keep traces small). */
  response?: (result: T) => unknown;
}

export interface JobContext {
  readonly job: Job;
  /** Aborted when the worker shuts down past its grace period. */
  readonly signal: AbortSignal;
  /** Runs and records one step of the job's trace: its timing, request and answer. */
  step<T>(name: string, fn: () => Promise<T>, detail?: StepDetail<T>): Promise<T>;
  /** Records a step that already happened (a decision, a skipped write). */
  note(name: string, detail?: { request?: unknown; response?: unknown; note?: string }): void;
  /** A named lock across processes (find-or-create races). */
  withLock: WithLock;
}

/** A job's result. Expected outcomes are values; failures are thrown typed errors. */
export interface JobResult {
  outcome: Outcome;
  /**
   * Writes committed in the same transaction that completes the job (bindings, the effect itself). Use `tx` for
   * every query here: on SQLite the store has one connection, and a query on another handle would wait for this
   * very transaction.
   */
  effects?: (tx: Kysely<Database>) => Promise<void>;
}

/** Where an event goes for one flow: its lane and, for stale detection, the record it carries. */
export interface Route {
  lane: string;
  /** Idempotency of the job within the flow (default: the event id). */
  key?: string;
  recordKey?: string;
  version?: string;
  seq?: number;
  payload?: unknown;
}

export interface Handler {
  name: string;
  /** Connectors the flow calls: pausing one holds exactly these jobs; limits apply per connector. */
  connectors: readonly string[];
  /** Event types (`source:type`, or `type` from any source) this flow subscribes to. */
  on?: readonly string[];
  /** Computes the job for an event (default: lane `integration:entity:id`, the event as payload). Null skips it. */
  route?(event: BridgeEvent & { id: string }): Promise<Route | Route[] | null> | Route | Route[] | null;
  /** Hand up to `max` jobs from distinct lanes at once, waiting at most `waitMs` for them. */
  batch?: { max: number; waitMs: number };
  run?(ctx: JobContext): Promise<JobResult>;
  /**
   * One result (or thrown-equivalent Error) per context, in order; each job settles on its own. The jobs of one
   * batch are all of one integration (the worker splits a claim by integration).
   */
  runBatch?(ctxs: readonly JobContext[]): Promise<(JobResult | Error)[]>;
  /** Max attempts for this flow's jobs (default: the engine's). */
  attempts?: number;
  /** Claim order against other flows' jobs: lowest first (default DEFAULT_PRIORITY, 5). */
  priority?: number;
}
