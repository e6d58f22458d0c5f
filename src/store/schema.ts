// The tables, as Kysely sees them. One schema for SQLite and PostgreSQL: times are epoch milliseconds,
// JSON is stored as text, so both engines read and write the same values.
import type { Generated } from 'kysely';

export interface EventsTable {
  id: string;
  integration_id: string;
  source: string;
  type: string;
  entity: string;
  entity_id: string;
  version: string;
  dedup_key: string;
  /** The delivery's own id (webhook-id), unique per integration and source when present. */
  external_id: string | null;
  occurred_at: number;
  received_at: number;
  payload: string;
  /** How many more times the same change arrived. */
  duplicates: Generated<number>;
  /** When the router turned it into jobs; null while it waits. */
  routed_at: number | null;
  /** Routed lowest first: the most urgent priority of the flows it goes to. */
  priority: number;
}

export interface JobsTable {
  id: Generated<number>;
  integration_id: string;
  flow: string;
  lane: string;
  /** Order within the lane: the event's occurrence time, then arrival. */
  seq: number;
  /** Claimed lowest first (0 orders and shipments … 9 bulk work). */
  priority: number;
  dedup_key: string;
  state: string;
  outcome: string | null;
  reason: string | null;
  event_id: string | null;
  /** The record this job applies (`source:entity:id`) and its version, for staleness. */
  record_key: string | null;
  version: string | null;
  /** Connectors the flow uses, comma-separated, so a paused connector holds exactly its jobs. */
  connectors: string;
  payload: string;
  attempts: number;
  max_attempts: number;
  run_at: number;
  lease_until: number | null;
  locked_by: string | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

export interface JobAttemptsTable {
  id: Generated<number>;
  job_id: number;
  integration_id: string;
  attempt: number;
  worker: string;
  started_at: number;
  finished_at: number;
  /** The state the job went to after this attempt. */
  result: string;
  error: string | null;
  /** JSON list of steps: {name, startedAt, ms, request?, response?, note?} (redacted). */
  steps: string;
}

export interface BindingsTable {
  integration_id: string;
  entity: string;
  clarity_key: string;
  odoo_id: number | null;
  /** JSON snapshots of the mapped fields last written to each side. */
  odoo_snapshot: string | null;
  clarity_snapshot: string | null;
  created_at: number;
  updated_at: number;
}

export interface AppliedVersionsTable {
  integration_id: string;
  /** `source:entity:id` */
  record_key: string;
  version: string;
  updated_at: number;
}

export interface CheckpointsTable {
  integration_id: string;
  name: string;
  value: string;
  updated_at: number;
}

export interface AlertsTable {
  id: Generated<number>;
  integration_id: string;
  kind: string;
  connector: string | null;
  message: string;
  details: string | null;
  created_at: number;
  resolved_at: number | null;
}

export interface ConnectorStatesTable {
  integration_id: string;
  connector: string;
  state: string;
  reason: string | null;
  paused_at: number | null;
  next_probe_at: number | null;
  probes: number;
  updated_at: number;
}

export interface SecretsTable {
  integration_id: string;
  name: string;
  ciphertext: string;
  updated_at: number;
}

export interface SchemaMigrationsTable {
  name: string;
  applied_at: number;
}

export interface Database {
  events: EventsTable;
  jobs: JobsTable;
  job_attempts: JobAttemptsTable;
  bindings: BindingsTable;
  applied_versions: AppliedVersionsTable;
  checkpoints: CheckpointsTable;
  alerts: AlertsTable;
  connector_states: ConnectorStatesTable;
  secrets: SecretsTable;
  schema_migrations: SchemaMigrationsTable;
}
