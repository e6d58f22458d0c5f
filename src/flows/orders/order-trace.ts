// One order's journey as the store recorded it: every job on the order's lane (oldest first) with the event it
// came from, each attempt's steps (timing, request, answer, already redacted when recorded) and the order's
// binding. `bridge orders trace` prints it; the dashboard can show the same.
import { redact } from '../../core/redact.ts';
import type { Job, TraceStep } from '../../engine/job.ts';
import type { Binding } from '../../store/bindings.repo.ts';
import type { StoredEvent } from '../../store/events.repo.ts';
import type { Repos } from '../../store/index.ts';
import { ORDER_ENTITY, orderLane } from './order-lane.ts';

export interface TracedAttempt {
  attempt: number;
  worker: string;
  startedAt: number;
  finishedAt: number;
  result: string;
  error: unknown;
  steps: TraceStep[];
}

export interface TracedJob {
  job: Pick<
    Job,
    'id' | 'flow' | 'state' | 'outcome' | 'reason' | 'attempts' | 'createdAt' | 'updatedAt' | 'finishedAt'
  >;
  event:
    | Pick<
        StoredEvent,
        'id' | 'source' | 'type' | 'version' | 'occurredAt' | 'receivedAt' | 'duplicates' | 'externalId'
      >
    | undefined;
  attempts: TracedAttempt[];
}

export interface OrderTrace {
  integrationId: string;
  orderNumber: string;
  lane: string;
  binding: Binding | undefined;
  jobs: TracedJob[];
}

export async function orderTrace(
  repos: Repos,
  integrationId: string,
  orderNumber: string,
  limit = 500,
): Promise<OrderTrace> {
  const lane = orderLane(integrationId, orderNumber);
  const jobs = (await repos.jobs.list({ integrationId, lane, limit })).reverse();
  const traced: TracedJob[] = [];
  for (const job of jobs) {
    const event = job.eventId ? await repos.events.get(job.eventId) : undefined;
    const attempts = await repos.jobs.attempts(job.id);
    traced.push({
      job: {
        id: job.id,
        flow: job.flow,
        state: job.state,
        outcome: job.outcome,
        reason: job.reason,
        attempts: job.attempts,
        createdAt: job.createdAt,
        updatedAt: job.updatedAt,
        finishedAt: job.finishedAt,
      },
      event: event && {
        id: event.id,
        source: event.source,
        type: event.type,
        version: event.version,
        occurredAt: event.occurredAt,
        receivedAt: event.receivedAt,
        duplicates: event.duplicates,
        ...(event.externalId ? { externalId: event.externalId } : {}),
      },
      // recorded redacted; redacted again in case a secret became known after the recording
      attempts: attempts.map((a) => ({ ...a, steps: redact(a.steps) as TraceStep[], error: redact(a.error) })),
    });
  }
  const binding = await repos.bindings.byClarityKey(integrationId, ORDER_ENTITY, orderNumber);
  return { integrationId, orderNumber, lane, binding, jobs: traced };
}
