// Jobs as the engine sees them (DESIGN.md "Job states").

export const JOB_STATES = ['pending', 'running', 'retrying', 'paused', 'review', 'dead', 'done', 'discarded'] as const;
export type JobState = (typeof JOB_STATES)[number];

export const OUTCOMES = ['applied', 'stale', 'echo', 'noop'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** States in which a job still holds its place in its lane. */
export const ACTIVE_STATES: readonly JobState[] = ['pending', 'retrying', 'running', 'paused'];
/** States an operator can replay from. */
export const REPLAYABLE_STATES: readonly JobState[] = ['dead', 'review'];

export interface NewJob {
  integrationId: string;
  flow: string;
  /** The ordering key (`integration:entity:id`): one running job per lane, in `seq` order. */
  lane: string;
  /** Idempotency of the enqueue: a second job with the same key is not created. */
  dedupKey: string;
  payload: unknown;
  /** Order within the lane (the event's occurrence time in ms); defaults to now. */
  seq?: number;
  eventId?: string;
  /** The record this job applies (`source:entity:id`) and its version, for stale detection. */
  recordKey?: string;
  version?: string;
  /** Connectors the flow uses, so pausing one holds exactly its jobs. */
  connectors: readonly string[];
  maxAttempts?: number;
  runAt?: number;
  /** Claim order across lanes: lowest first (default DEFAULT_PRIORITY). */
  priority?: number;
}

/**
 * A job's priority when its flow names none. Ready jobs are claimed lowest priority first, then by when they are due:
 * an order or a shipment (0) does not wait behind a backlog of catalog echoes or a full sync (5 and above).
 */
export const DEFAULT_PRIORITY = 5;

export interface Job {
  id: number;
  integrationId: string;
  flow: string;
  lane: string;
  seq: number;
  priority: number;
  dedupKey: string;
  state: JobState;
  outcome: Outcome | null;
  reason: string | null;
  eventId: string | null;
  recordKey: string | null;
  version: string | null;
  connectors: string[];
  payload: unknown;
  attempts: number;
  maxAttempts: number;
  runAt: number;
  leaseUntil: number | null;
  lockedBy: string | null;
  lastError: unknown;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

/** One recorded step of an attempt: what was sent, what came back, how long it took. */
export interface TraceStep {
  name: string;
  startedAt: number;
  ms: number;
  request?: unknown;
  response?: unknown;
  note?: string;
  error?: string;
}
