// The router: turns each stored event into jobs for the flows that subscribe to its type, in the same
// transaction that marks the event routed, so an event is never lost between the inbox and the queue.
import type { Clock } from '../core/clock.ts';
import { TransientError, describeError } from '../core/errors.ts';
import { laneKey } from '../core/ids.ts';
import type { Logger } from '../core/logger.ts';
import type { Store } from '../store/db.ts';
import type { StoredEvent } from '../store/events.repo.ts';
import type { Repos } from '../store/index.ts';
import type { Handler, Route } from './handler.ts';
import { DEFAULT_PRIORITY, type NewJob } from './job.ts';
import type { Queue } from './queue.ts';
import type { Inbox } from './inbox.ts';
import type { TryLock } from './locks.ts';

/** What a job created from an event carries as payload. */
export interface EventJobPayload {
  event: {
    id: string;
    source: string;
    type: string;
    entity: string;
    entityId: string;
    version: string;
    occurredAt: string;
    payload: unknown;
  };
  data?: unknown;
}

/** Events routed per pass. */
const BATCH = 500;
/** Routes computed at once within a pass. */
const ROUTES_IN_FLIGHT = 32;
const ROUTER_LOCK = 'bridge:router';

export interface RouterDeps {
  store: Store;
  repos: Repos;
  queue: Queue;
  inbox: Inbox;
  handlers: readonly Handler[];
  clock: Clock;
  logger: Logger;
  pollMs?: number;
  /** Runs a pass unless another process is routing (see routeOnce); default: always runs it. */
  tryLock?: TryLock;
}

export class Router {
  private stopping = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;

  constructor(private readonly deps: RouterDeps) {}

  /** Flows subscribed to an event: `source:type` or `type`. */
  subscribers(event: { source: string; type: string }): Handler[] {
    return subscribersOf(this.deps.handlers, event);
  }

  /**
   * Routes up to `limit` waiting events; returns how many were routed. Routes are computed outside any transaction
   * (a flow's route may read bindings or ask a connector); the jobs and the "routed" marks then commit together, so
   * an event is never lost between the inbox and the queue. Two routers racing on one event make the same jobs,
   * which the queue's dedup keys merge.
   */
  async routeOnce(limit = BATCH): Promise<number> {
    // One process routes at a time: routers of other workers would compute the same routes (asking the same
    // connectors) for jobs the queue then merges. A process that finds the lock taken leaves the pass to its holder.
    const tryLock = this.deps.tryLock ?? ((_key, fn) => fn());
    return (await tryLock(ROUTER_LOCK, () => this.routePass(limit))) ?? 0;
  }

  private async routePass(limit: number): Promise<number> {
    const { store, repos, queue, clock } = this.deps;
    const events = await repos.events.unrouted(store.db, limit);
    if (!events.length) return 0;
    // Routes that ask a connector wait on it: compute many at once, so one slow answer does not hold up the rest.
    const outcomes = new Array<NewJob[] | null>(events.length);
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(ROUTES_IN_FLIGHT, events.length) }, async () => {
        for (let i = next++; i < events.length; i = next++) {
          try {
            outcomes[i] = await this.jobsFor(events[i]!);
          } catch (error) {
            // A route that could not be computed for now (a connector did not answer) is tried again on a later pass.
            this.deps.logger.warn({ event: events[i]!.id, err: describeError(error) }, 'routing deferred');
            outcomes[i] = null;
          }
        }
      }),
    );
    const jobs: NewJob[] = outcomes.flatMap((o) => o ?? []);
    const routed: StoredEvent[] = events.filter((_, i) => outcomes[i] !== null);
    const enqueued = await store.transaction(async (tx) => {
      const result = await queue.enqueue(jobs, tx);
      await repos.events.markRouted(
        tx,
        routed.map((e) => e.id),
        clock.now(),
      );
      return result.enqueued;
    });
    if (enqueued) queue.signals.emit('ready');
    return routed.length;
  }

  private async jobsFor(event: StoredEvent): Promise<NewJob[]> {
    const jobs: NewJob[] = [];
    const payload: EventJobPayload['event'] = {
      id: event.id,
      source: event.source,
      type: event.type,
      entity: event.entity,
      entityId: event.entityId,
      version: event.version,
      occurredAt: event.occurredAt,
      payload: event.payload,
    };
    for (const handler of this.subscribers(event)) {
      let routes: Route[];
      try {
        const routed = handler.route ? await handler.route(event) : defaultRoute(event);
        routes = routed === null ? [] : Array.isArray(routed) ? routed : [routed];
      } catch (error) {
        // A transient failure (a connector did not answer) defers the event to a later pass. Any other failure
        // still becomes a job on the record's own lane, so the flow's failure is visible and replayable.
        if (error instanceof TransientError) throw error;
        this.deps.logger.warn(
          { event: event.id, flow: handler.name, err: describeError(error) },
          'routing failed; using the default lane',
        );
        routes = [defaultRoute(event)];
      }
      for (const route of routes) {
        jobs.push({
          integrationId: event.integrationId,
          flow: handler.name,
          lane: route.lane,
          dedupKey: `${handler.name}:${route.key ?? event.id}`,
          payload: {
            event: payload,
            ...(route.payload !== undefined ? { data: route.payload } : {}),
          } satisfies EventJobPayload,
          seq: route.seq ?? Date.parse(event.occurredAt),
          eventId: event.id,
          ...(route.recordKey ? { recordKey: route.recordKey } : {}),
          ...(route.version ? { version: route.version } : {}),
          connectors: handler.connectors,
          ...(handler.attempts ? { maxAttempts: handler.attempts } : {}),
          ...(handler.priority !== undefined ? { priority: handler.priority } : {}),
        });
      }
    }
    return jobs;
  }

  start(): void {
    // Counts arrivals, so one recorded while a pass is under way starts the next pass at once.
    let arrivals = 0;
    const onRecorded = () => {
      arrivals++;
      this.wakeUp?.();
    };
    this.deps.inbox.signals.on('recorded', onRecorded);
    this.loop = (async () => {
      while (!this.stopping) {
        const seen = arrivals;
        let routed = 0;
        try {
          routed = await this.routeOnce(BATCH);
        } catch (error) {
          this.deps.logger.error({ err: describeError(error) }, 'routing failed; retrying');
        }
        // A full pass may have left more behind; otherwise wait for news (or retry deferred events later).
        if (routed < BATCH && seen === arrivals && !this.stopping) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(done, this.deps.pollMs ?? 200);
            function done() {
              clearTimeout(timer);
              resolve();
            }
            this.wakeUp = done;
          });
          this.wakeUp = null;
        }
      }
      this.deps.inbox.signals.off('recorded', onRecorded);
    })();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp?.();
    await this.loop;
  }
}

/** Flows subscribed to an event: `source:type` or `type`. */
export function subscribersOf(handlers: readonly Handler[], event: { source: string; type: string }): Handler[] {
  return handlers.filter((h) => h.on?.some((t) => t === event.type || t === `${event.source}:${event.type}`));
}

/** How urgently an event is to be routed: the most urgent priority of the flows it goes to. */
export function eventPriority(handlers: readonly Handler[], event: { source: string; type: string }): number {
  return Math.min(DEFAULT_PRIORITY, ...subscribersOf(handlers, event).map((h) => h.priority ?? DEFAULT_PRIORITY));
}

export function defaultRoute(event: StoredEvent): Route {
  return {
    lane: laneKey(event.integrationId, event.entity, event.entityId),
    recordKey: `${event.source}:${event.entity}:${event.entityId}`,
    version: event.version,
  };
}
