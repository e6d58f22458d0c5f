// Runs one flow for one record in this process, outside the queue (the customer sync does this for each customer):
// the same code a job runs, with its effects (bindings) committed in one transaction afterwards.
import type { JobResult } from '../../engine/handler.ts';
import { DEFAULT_PRIORITY, type Job } from '../../engine/job.ts';
import type { EventJobPayload } from '../../engine/router.ts';
import type { FlowContext, FlowDefinition, FlowServices } from '../flow.ts';
import type { SyncDeps } from './sync-types.ts';

export function servicesOf(deps: SyncDeps): FlowServices {
  return {
    integration: () => deps.integration,
    repos: deps.repos,
    clock: deps.clock,
    logger: deps.logger,
    withLock: deps.withLock,
  };
}

export async function runFlowDirectly(
  deps: SyncDeps,
  flow: FlowDefinition,
  payload: EventJobPayload,
  signal?: AbortSignal,
): Promise<JobResult> {
  if (!flow.run) throw new Error(`flow ${flow.name} has no single-record run`);
  const now = deps.clock.now();
  const job: Job = {
    id: 0,
    integrationId: deps.integration.id,
    flow: flow.name,
    lane: `${deps.integration.id}:sync`,
    seq: now,
    priority: flow.priority ?? DEFAULT_PRIORITY,
    dedupKey: `sync:${flow.name}:${payload.event.entity}:${payload.event.entityId}`,
    state: 'running',
    outcome: null,
    reason: null,
    eventId: null,
    recordKey: null,
    version: null,
    connectors: [...flow.connectors],
    payload,
    attempts: 1,
    maxAttempts: 1,
    runAt: now,
    leaseUntil: null,
    lockedBy: null,
    lastError: null,
    createdAt: now,
    updatedAt: now,
    finishedAt: null,
  };
  const ctx: FlowContext = {
    job,
    signal: signal ?? new AbortController().signal,
    step: (_name, fn) => fn(),
    note: () => undefined,
    withLock: deps.withLock,
    integration: deps.integration,
    services: servicesOf(deps),
    event: payload.event,
    data: payload.data,
    options: deps.integration.settings.flows[flow.name] ?? {},
  };
  const result = await flow.run(ctx);
  if (result.effects) await deps.store.transaction(result.effects);
  return result;
}
