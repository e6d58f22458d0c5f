// The bridge's metrics: events in, jobs by flow and state, step and connector latencies, queue depth and age.
import type { Engine } from '../engine/index.ts';
import type { SettledEvent } from '../engine/worker.ts';
import { Counter, Gauge, Histogram, LATENCY_BUCKETS, Registry } from './metrics.ts';

export interface BridgeMetrics {
  registry: Registry;
  eventsIn: Counter;
  connectorCalls: Histogram;
  connectorErrors: Counter;
  /** Records one call a connector made. */
  connectorCall(connector: string, operation: string, ms: number, error?: string): void;
}

export function createBridgeMetrics(engine: Engine): BridgeMetrics {
  const registry = new Registry();
  const eventsIn = registry.register(
    new Counter(
      'bridge_events_in_total',
      'Events received, by source, type and outcome (recorded, duplicate, rejected)',
    ),
  );
  const jobsSettled = registry.register(
    new Counter('bridge_jobs_settled_total', 'Job attempts settled, by flow and resulting state/outcome'),
  );
  const jobSeconds = registry.register(
    new Histogram('bridge_job_duration_seconds', 'Time a job attempt took, by flow', LATENCY_BUCKETS),
  );
  const stepSeconds = registry.register(
    new Histogram('bridge_step_duration_seconds', 'Time each step of a flow took, by flow and step', LATENCY_BUCKETS),
  );
  const connectorCalls = registry.register(
    new Histogram(
      'bridge_connector_call_seconds',
      'Calls to Odoo and Clarity, by connector and operation',
      LATENCY_BUCKETS,
    ),
  );
  const connectorErrors = registry.register(
    new Counter('bridge_connector_errors_total', 'Failed calls to Odoo and Clarity, by connector and error kind'),
  );
  registry.register(
    new Gauge('bridge_jobs', 'Jobs by flow and state', async () =>
      (await engine.repos.jobs.countByState()).map((r) => ({
        labels: { flow: r.flow, state: r.state },
        value: r.count,
      })),
    ),
  );
  registry.register(
    new Gauge('bridge_queue_depth', 'Jobs waiting to run (pending or retrying)', async () => [
      { labels: {}, value: (await engine.repos.jobs.backlog()).depth },
    ]),
  );
  registry.register(
    new Gauge('bridge_oldest_pending_job_age_seconds', 'Age of the oldest job still waiting to run', async () => {
      const { oldestCreatedAt } = await engine.repos.jobs.backlog();
      return [{ labels: {}, value: oldestCreatedAt === null ? 0 : Math.max(0, (Date.now() - oldestCreatedAt) / 1000) }];
    }),
  );
  registry.register(
    new Gauge(
      'bridge_connector_paused',
      'Connectors paused after an authentication failure (1) or active (0)',
      async () =>
        (await engine.repos.connectors.list()).map((c) => ({
          labels: { integration: c.integrationId, connector: c.connector },
          value: c.state === 'paused' ? 1 : 0,
        })),
    ),
  );

  engine.worker.events.on('settled', (e: SettledEvent) => {
    jobsSettled.inc({ flow: e.job.flow, state: e.outcome ? `${e.state}:${e.outcome}` : e.state });
    jobSeconds.observe({ flow: e.job.flow }, e.ms / 1000);
    for (const step of e.steps ?? []) stepSeconds.observe({ flow: e.job.flow, step: step.name }, step.ms / 1000);
  });

  return {
    registry,
    eventsIn,
    connectorCalls,
    connectorErrors,
    connectorCall(connector, operation, ms, error) {
      connectorCalls.observe({ connector, operation }, ms / 1000);
      if (error) connectorErrors.inc({ connector, kind: error });
    },
  };
}
