import type { Migration } from './index.ts';

const ACTIVE = `('pending','retrying','running','paused')`;

export const m0001Initial: Migration = {
  name: '0001-initial',
  statements: ({ id, bigint }) => [
    `create table events (
      id text primary key,
      integration_id text not null,
      source text not null,
      type text not null,
      entity text not null,
      entity_id text not null,
      version text not null,
      dedup_key text not null unique,
      external_id text,
      occurred_at ${bigint} not null,
      received_at ${bigint} not null,
      payload text not null,
      duplicates integer not null default 0,
      routed_at ${bigint}
    )`,
    `create index events_unrouted on events (received_at) where routed_at is null`,
    `create unique index events_external_id on events (integration_id, source, external_id) where external_id is not null`,
    `create index events_received on events (integration_id, received_at)`,
    `create index events_entity on events (integration_id, source, entity, entity_id)`,

    `create table jobs (
      id ${id},
      integration_id text not null,
      flow text not null,
      lane text not null,
      seq ${bigint} not null,
      dedup_key text not null unique,
      state text not null,
      outcome text,
      reason text,
      event_id text,
      record_key text,
      version text,
      connectors text not null,
      payload text not null,
      attempts integer not null default 0,
      max_attempts integer not null,
      run_at ${bigint} not null,
      lease_until ${bigint},
      locked_by text,
      last_error text,
      created_at ${bigint} not null,
      updated_at ${bigint} not null,
      finished_at ${bigint}
    )`,
    `create index jobs_ready on jobs (run_at, id) where state in ('pending','retrying')`,
    `create index jobs_lane_active on jobs (lane, seq, id) where state in ${ACTIVE}`,
    `create index jobs_running_lease on jobs (lease_until) where state = 'running'`,
    // Every claim and completion rewrites a job's row, and each index costs a write then: keep them few and partial.
    `create index jobs_attention on jobs (integration_id, state, id) where state in ('dead','review','paused')`,
    `create index jobs_event on jobs (event_id)`,

    `create table job_attempts (
      id ${id},
      job_id ${bigint} not null,
      integration_id text not null,
      attempt integer not null,
      worker text not null,
      started_at ${bigint} not null,
      finished_at ${bigint} not null,
      result text not null,
      error text,
      steps text not null
    )`,
    `create index job_attempts_job on job_attempts (job_id, attempt)`,

    `create table bindings (
      integration_id text not null,
      entity text not null,
      clarity_key text not null,
      odoo_id ${bigint},
      odoo_snapshot text,
      clarity_snapshot text,
      created_at ${bigint} not null,
      updated_at ${bigint} not null,
      primary key (integration_id, entity, clarity_key)
    )`,
    `create index bindings_odoo on bindings (integration_id, entity, odoo_id)`,

    `create table applied_versions (
      integration_id text not null,
      record_key text not null,
      version text not null,
      updated_at ${bigint} not null,
      primary key (integration_id, record_key)
    )`,

    `create table checkpoints (
      integration_id text not null,
      name text not null,
      value text not null,
      updated_at ${bigint} not null,
      primary key (integration_id, name)
    )`,

    `create table alerts (
      id ${id},
      integration_id text not null,
      kind text not null,
      connector text,
      message text not null,
      details text,
      created_at ${bigint} not null,
      resolved_at ${bigint}
    )`,
    `create index alerts_open on alerts (integration_id, resolved_at)`,

    `create table connector_states (
      integration_id text not null,
      connector text not null,
      state text not null,
      reason text,
      paused_at ${bigint},
      next_probe_at ${bigint},
      probes integer not null default 0,
      updated_at ${bigint} not null,
      primary key (integration_id, connector)
    )`,

    `create table secrets (
      integration_id text not null,
      name text not null,
      ciphertext text not null,
      updated_at ${bigint} not null,
      primary key (integration_id, name)
    )`,
  ],
};
