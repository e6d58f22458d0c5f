// A flow: the code of one sync direction for one entity kind (DESIGN.md). A flow is one folder under src/flows
// and one line in registry.ts. It reads and writes through the integration's connectors and mappings; the engine
// runs it as a Handler and knows nothing of what it does.
import type { IntegrationConfig } from '../config/load.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { ClarityClient } from '../connectors/clarity/client.ts';
import type { Domain, OdooConnector } from '../connectors/odoo/index.ts';
import type { PolledResource } from '../connectors/clarity/poller.ts';
import { WEBHOOK_EVENTS } from '../connectors/clarity/contract.ts';
import type { Handler, JobContext, JobResult, Route } from '../engine/handler.ts';
import type { WithLock } from '../engine/locks.ts';
import { defaultRoute, type EventJobPayload } from '../engine/router.ts';
import type { StoredEvent } from '../store/events.repo.ts';
import type { Repos } from '../store/index.ts';
import type { CompiledMapping, LookupResolver } from '../mapping/index.ts';

/** An Odoo model to poll on write_date; its events have type `<model>.changed` unless `eventType` says otherwise. */
export interface OdooPoll {
  model: string;
  /** Concepts (Odoo 17 field names) to read; the event's payload is the record with these fields. */
  fields: readonly string[];
  domain?: Domain;
}

/** Everything a flow may use for one integration. */
export interface IntegrationRuntime {
  id: string;
  settings: IntegrationConfig;
  odoo: OdooConnector;
  clarity: ClarityClient;
  /** The integration's mapping `name` (its override folder wins over the shipped defaults). */
  mapping(name: string): Promise<CompiledMapping>;
  /** Dynamic lookups for mappings, served by the Odoo connector. */
  resolver: LookupResolver;
}

/** Shared services, the same for every flow. */
export interface FlowServices {
  integration(id: string): IntegrationRuntime;
  repos: Repos;
  clock: Clock;
  logger: Logger;
  withLock: WithLock;
}

/** What a flow's `run` receives: the engine's job context plus its integration and the event. */
export interface FlowContext extends JobContext {
  integration: IntegrationRuntime;
  services: FlowServices;
  /** The event the job was made from (absent for jobs enqueued directly, e.g. by a full sync). */
  event: EventJobPayload['event'] | undefined;
  /** Extra data the route attached to the job. */
  data: unknown;
  /** This flow's options for the integration (`integrations[].flows.<name>`). */
  options: Record<string, unknown>;
}

/**
 * The priorities flows take (lowest claimed first; a flow naming none gets the engine's default, 5): a customer
 * waiting on an order, a shipment or a cancellation first, then the stock levels those move, then the catalog.
 */
export const FLOW_PRIORITY = { customerWaiting: 0, stock: 2 } as const;

export interface FlowDefinition {
  name: string;
  description: string;
  /** Connectors the flow calls: pausing one holds exactly these jobs. */
  connectors: readonly ('odoo' | 'clarity')[];
  /** Event types it subscribes to (`source:type` or `type`). */
  on: readonly string[];
  /** Where an event goes (default: the record's own lane). Null skips the event. */
  route?(event: StoredEvent, services: FlowServices): Promise<Route | Route[] | null> | Route | Route[] | null;
  batch?: { max: number; waitMs: number };
  attempts?: number;
  /** Claim order against other flows' jobs, lowest first: 0 for orders and shipments, 5 (the default) for the catalog. */
  priority?: number;
  /**
   * The options the flow takes (`integrations[].flows.<name>`, besides `enabled` and `ownership`), and a check that
   * throws a ValidationError naming each bad one. Run before the bridge starts.
   */
  options?: { keys: readonly string[]; check?(options: Record<string, unknown>): void };
  /**
   * Changes the flow needs detected by polling (besides webhooks). The bridge runs one poller per Odoo model and
   * Clarity resource across all flows (fields merged), each with its own checkpoint.
   */
  polls?: {
    odoo?: readonly OdooPoll[];
    clarity?: readonly PolledResource[];
  };
  run?(ctx: FlowContext): Promise<JobResult>;
  /** Jobs of one integration at a time (see Handler.runBatch). */
  runBatch?(ctxs: readonly FlowContext[]): Promise<(JobResult | Error)[]>;
}

export function defineFlow(definition: FlowDefinition): FlowDefinition {
  return definition;
}

/** Whether a flow runs for an integration: on unless `integrations[].flows.<name>.enabled` is false. */
export function flowEnabled(settings: IntegrationConfig, flow: string): boolean {
  return settings.flows[flow]?.enabled !== false;
}

/** The engine's view of a flow: routes only enabled integrations, and hands the flow its runtime. */
export function toHandler(flow: FlowDefinition, services: FlowServices): Handler {
  const contextOf = (ctx: JobContext): FlowContext => {
    const integration = services.integration(ctx.job.integrationId);
    const payload = ctx.job.payload as Partial<EventJobPayload>;
    return {
      ...ctx,
      integration,
      services,
      event: payload.event,
      data: payload.data,
      options: integration.settings.flows[flow.name] ?? {},
    };
  };
  return {
    name: flow.name,
    connectors: flow.connectors,
    on: flow.on,
    ...(flow.batch ? { batch: flow.batch } : {}),
    ...(flow.attempts ? { attempts: flow.attempts } : {}),
    ...(flow.priority !== undefined ? { priority: flow.priority } : {}),
    async route(event) {
      if (!flowEnabled(services.integration(event.integrationId).settings, flow.name)) return null;
      return flow.route ? flow.route(event as StoredEvent, services) : defaultRoute(event as StoredEvent);
    },
    ...(flow.run ? { run: (ctx: JobContext) => flow.run!(contextOf(ctx)) } : {}),
    ...(flow.runBatch ? { runBatch: (ctxs: readonly JobContext[]) => flow.runBatch!(ctxs.map(contextOf)) } : {}),
  };
}

/** The Clarity webhook events the enabled flows of an integration subscribe to (what `clarity subscribe` asks for). */
export function clarityEventsNeeded(flows: readonly FlowDefinition[], settings: IntegrationConfig): string[] {
  const known = WEBHOOK_EVENTS as readonly string[];
  const types = flows.filter((f) => flowEnabled(settings, f.name)).flatMap((f) => f.on);
  return [...new Set(types.map((t) => t.replace(/^clarity:/, '')).filter((t) => known.includes(t)))];
}
