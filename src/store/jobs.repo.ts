// The durable queue's SQL: enqueue, claim (lane heads only), heartbeat, complete, settle, recover, replay, discard.
import { sql, type ExpressionBuilder, type Kysely, type Selectable } from 'kysely';
import { DEFAULT_PRIORITY, type Job, type JobState, type NewJob, type Outcome, type TraceStep } from '../engine/job.ts';
import type { Store } from './db.ts';
import type { Database, JobsTable } from './schema.ts';

const CLAIM_LOCK = 7_321_004_119;
const INSERT_CHUNK = 400;

export type JobRow = Selectable<JobsTable>;

/** What to record of an attempt, written with the job's settlement. */
export interface AttemptRecord {
  integrationId: string;
  /** Which attempt this was (the job's attempt count when it was claimed). */
  number: number;
  worker: string;
  startedAt: number;
  steps: TraceStep[];
  error?: unknown;
}

export interface Completion {
  id: number;
  outcome: Outcome;
  attempt?: AttemptRecord;
  /** Writes that must commit with the completion (bindings, the effect itself), or not at all. */
  effects?: (tx: Kysely<Database>) => Promise<void>;
}

export interface Settlement {
  id: number;
  state: Exclude<JobState, 'done' | 'running'>;
  runAt?: number;
  reason?: string;
  error?: unknown;
  /** Give the attempt back (paused by an auth failure: no attempt burned). */
  refundAttempt?: boolean;
  attempt?: AttemptRecord;
}

export interface JobFilter {
  integrationId?: string;
  states?: JobState[];
  flow?: string;
  lane?: string;
  ids?: number[];
  limit?: number;
  /** Only jobs with an id below this (paging backwards). */
  beforeId?: number;
}

/**
 * Matches each job with the attempt number its run was claimed at (when known): a late answer from a run whose
 * lease expired is refused even if the same worker has claimed the job again since.
 */
function fenced(eb: ExpressionBuilder<Database, 'jobs'>, items: readonly { id: number; attempt?: AttemptRecord }[]) {
  const plain = items.filter((i) => i.attempt === undefined).map((i) => i.id);
  return eb.or([
    ...(plain.length ? [eb('id', 'in', plain)] : []),
    ...items
      .filter((i) => i.attempt !== undefined)
      .map((i) => eb.and([eb('id', '=', i.id), eb('attempts', '=', i.attempt!.number)])),
  ]);
}

export const encodeConnectors = (connectors: readonly string[]): string => `,${connectors.join(',')},`;

export function toJob(row: JobRow): Job {
  return {
    id: Number(row.id),
    integrationId: row.integration_id,
    flow: row.flow,
    lane: row.lane,
    seq: row.seq,
    priority: row.priority,
    dedupKey: row.dedup_key,
    state: row.state as JobState,
    outcome: row.outcome as Outcome | null,
    reason: row.reason,
    eventId: row.event_id,
    recordKey: row.record_key,
    version: row.version,
    connectors: row.connectors.split(',').filter(Boolean),
    payload: JSON.parse(row.payload),
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAt: row.run_at,
    leaseUntil: row.lease_until,
    lockedBy: row.locked_by,
    lastError: row.last_error === null ? null : JSON.parse(row.last_error),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

/** The order claimed jobs are started in: as the claim chose them. */
const claimOrder = (a: Job, b: Job): number => a.priority - b.priority || a.runAt - b.runAt || a.id - b.id;

export class JobsRepo {
  constructor(private readonly store: Store) {}

  private get db() {
    return this.store.db;
  }

  /** Inserts jobs in multi-row statements; a job whose dedup key exists is skipped. Returns the new ids' dedup keys. */
  async enqueue(
    jobs: readonly (NewJob & { state: 'pending' | 'paused'; maxAttempts: number })[],
    now: number,
    db: Kysely<Database> = this.db,
  ): Promise<Set<string>> {
    const inserted = new Set<string>();
    for (let i = 0; i < jobs.length; i += INSERT_CHUNK) {
      const rows = jobs.slice(i, i + INSERT_CHUNK).map((job) => ({
        integration_id: job.integrationId,
        flow: job.flow,
        lane: job.lane,
        seq: job.seq ?? now,
        priority: job.priority ?? DEFAULT_PRIORITY,
        dedup_key: job.dedupKey,
        state: job.state,
        outcome: null,
        reason: null,
        event_id: job.eventId ?? null,
        record_key: job.recordKey ?? null,
        version: job.version ?? null,
        connectors: encodeConnectors(job.connectors),
        payload: JSON.stringify(job.payload ?? null),
        attempts: 0,
        max_attempts: job.maxAttempts,
        run_at: job.runAt ?? now,
        lease_until: null,
        locked_by: null,
        last_error: null,
        created_at: now,
        updated_at: now,
        finished_at: null,
      }));
      const result = await db
        .insertInto('jobs')
        .values(rows)
        .onConflict((oc) => oc.column('dedup_key').doNothing())
        .returning('dedup_key')
        .execute();
      for (const r of result) inserted.add(r.dedup_key);
    }
    return inserted;
  }

  /**
   * Claims up to `limit` ready jobs, each the head of its lane with nothing of its lane running, and leases them.
   * On PostgreSQL claimers take turns under a transaction-scoped advisory lock, so the lane check is exact across
   * processes; rows are still taken FOR UPDATE SKIP LOCKED so operator updates never block a claim.
   */
  async claim(
    worker: string,
    limit: number,
    now: number,
    leaseMs: number,
    flows?: { only?: readonly string[]; except?: readonly string[] },
  ): Promise<Job[]> {
    if (limit <= 0) return [];
    const only = flows?.only?.length ? sql` and j.flow in (${sql.join(flows.only)})` : sql``;
    const except = flows?.except?.length ? sql` and j.flow not in (${sql.join(flows.except)})` : sql``;
    const forUpdate = this.store.dialect === 'postgres' ? sql` for update skip locked` : sql``;
    const claimQuery = (db: Kysely<Database>) =>
      sql<JobRow>`
        update jobs set state = 'running', attempts = attempts + 1, lease_until = ${now + leaseMs},
          locked_by = ${worker}, updated_at = ${now}
        where id in (
          select j.id from jobs j
          where j.state in ('pending', 'retrying') and j.run_at <= ${now}${only}${except}
            and not exists (
              select 1 from connector_states c where c.integration_id = j.integration_id and c.state = 'paused'
                and j.connectors like '%,' || c.connector || ',%')
            and not exists (
              select 1 from jobs e where e.lane = j.lane and e.state in ('pending', 'retrying', 'running', 'paused')
                and (e.seq < j.seq or (e.seq = j.seq and e.id < j.id)))
            and not exists (select 1 from jobs r where r.lane = j.lane and r.state = 'running')
          order by j.priority, j.run_at, j.id
          limit ${limit}${forUpdate})
        returning *`.execute(db);
    if (this.store.dialect === 'sqlite') {
      const result = await claimQuery(this.db);
      return result.rows.map(toJob).sort(claimOrder);
    }
    return this.store.transaction(async (tx) => {
      // One round trip: take the claimers' turn; make the planner walk the ready index in order and stop at `limit`
      // lane heads (on a churning queue its statistics lag, and sorting every ready job is far slower); and do not
      // wait for the WAL flush: a claim lost in a server crash only makes its jobs claimable again.
      await sql`select pg_advisory_xact_lock(${CLAIM_LOCK}), set_config('enable_sort', 'off', true), set_config('enable_bitmapscan', 'off', true), set_config('synchronous_commit', 'off', true)`.execute(
        tx,
      );
      const result = await claimQuery(tx);
      return result.rows.map(toJob).sort(claimOrder);
    });
  }

  /** Extends the lease of running jobs this worker still holds; returns the ids it still holds. */
  async heartbeat(worker: string, ids: readonly number[], leaseUntil: number, now: number): Promise<number[]> {
    if (!ids.length) return [];
    const rows = await this.db
      .updateTable('jobs')
      .set({ lease_until: leaseUntil, updated_at: now })
      .where('id', 'in', [...ids])
      .where('locked_by', '=', worker)
      .where('state', '=', 'running')
      .returning('id')
      .execute();
    return rows.map((r) => Number(r.id));
  }

  /**
   * Completes many jobs in one transaction. A job this worker no longer holds (its lease expired and another
   * worker took it) is not completed and its effects are not written. Returns the ids completed.
   */
  async complete(worker: string, completions: readonly Completion[], now: number): Promise<number[]> {
    if (!completions.length) return [];
    return this.store.transaction(async (tx) => {
      const byOutcome = new Map<Outcome, Completion[]>();
      for (const c of completions) byOutcome.set(c.outcome, [...(byOutcome.get(c.outcome) ?? []), c]);
      const held = new Set<number>();
      for (const [outcome, list] of byOutcome) {
        const rows = await tx
          .updateTable('jobs')
          .set({ state: 'done', outcome, lease_until: null, finished_at: now, updated_at: now })
          .where((eb) => fenced(eb, list))
          .where('locked_by', '=', worker)
          .where('state', '=', 'running')
          .returning(['id', 'integration_id', 'record_key', 'version'])
          .execute();
        for (const row of rows) held.add(Number(row.id));
        const versions = rows.filter((r) => r.record_key !== null && r.version !== null && outcome !== 'stale');
        if (versions.length)
          await this.recordVersions(
            tx,
            versions as { integration_id: string; record_key: string; version: string }[],
            now,
          );
      }
      const attempts = [];
      for (const c of completions) {
        if (!held.has(c.id)) continue;
        if (c.effects) await c.effects(tx);
        if (c.attempt) attempts.push({ id: c.id, result: `done:${c.outcome}`, attempt: c.attempt });
      }
      await this.insertAttempts(tx, attempts, now);
      return [...held];
    });
  }

  /** Moves running jobs to retrying, dead, review, paused or discarded, recording the attempt. */
  async settle(worker: string, settlements: readonly Settlement[], now: number): Promise<number[]> {
    if (!settlements.length) return [];
    return this.store.transaction(async (tx) => {
      const held: number[] = [];
      const attempts = [];
      for (const s of settlements) {
        const terminal = s.state === 'discarded';
        const row = await tx
          .updateTable('jobs')
          .set((eb) => ({
            state: s.state,
            run_at: s.runAt ?? now,
            lease_until: null,
            locked_by: null,
            reason: s.reason ?? null,
            last_error: s.error === undefined ? null : JSON.stringify(s.error),
            attempts: s.refundAttempt ? eb('attempts', '-', 1) : eb.ref('attempts'),
            updated_at: now,
            finished_at: terminal ? now : null,
          }))
          .where((eb) => fenced(eb, [s]))
          .where('locked_by', '=', worker)
          .where('state', '=', 'running')
          .returning('id')
          .executeTakeFirst();
        if (!row) continue;
        held.push(s.id);
        if (s.attempt) attempts.push({ id: s.id, result: s.state, attempt: s.attempt });
      }
      await this.insertAttempts(tx, attempts, now);
      return held;
    });
  }

  /** Running jobs are given back (shutdown): claimable again at once, the attempt not counted. */
  async release(worker: string, ids: readonly number[], now: number): Promise<number> {
    if (!ids.length) return 0;
    const result = await this.db
      .updateTable('jobs')
      .set((eb) => ({
        state: 'pending',
        lease_until: null,
        locked_by: null,
        attempts: eb('attempts', '-', 1),
        updated_at: now,
      }))
      .where('id', 'in', [...ids])
      .where('locked_by', '=', worker)
      .where('state', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /**
   * Jobs whose lease expired (their worker died) become claimable again, unless their attempts are spent: a job
   * that keeps killing its worker is dead-lettered rather than looping for ever. Returns how many were recovered.
   */
  async recoverExpired(now: number): Promise<number> {
    const result = await this.db
      .updateTable('jobs')
      .set((eb) => ({
        state: eb.case().when('attempts', '>=', eb.ref('max_attempts')).then('dead').else('retrying').end(),
        reason: eb
          .case()
          .when('attempts', '>=', eb.ref('max_attempts'))
          .then('its worker stopped answering on every attempt')
          .else(eb.ref('reason'))
          .end(),
        lease_until: null,
        locked_by: null,
        run_at: now,
        updated_at: now,
      }))
      .where('state', '=', 'running')
      .where('lease_until', '<', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** The newest applied version of each record, for stale detection. */
  async appliedVersions(integrationId: string, recordKeys: readonly string[]): Promise<Map<string, string>> {
    if (!recordKeys.length) return new Map();
    const rows = await this.db
      .selectFrom('applied_versions')
      .select(['record_key', 'version'])
      .where('integration_id', '=', integrationId)
      .where('record_key', 'in', [...new Set(recordKeys)])
      .execute();
    return new Map(rows.map((r) => [r.record_key, r.version]));
  }

  /** Replays dead or review jobs with a fresh attempt budget, optionally with an edited payload. */
  async replay(ids: readonly number[], now: number, payload?: unknown): Promise<number[]> {
    if (!ids.length) return [];
    const rows = await this.db
      .updateTable('jobs')
      .set({
        state: 'pending',
        attempts: 0,
        run_at: now,
        outcome: null,
        reason: null,
        finished_at: null,
        updated_at: now,
        ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
      })
      .where('id', 'in', [...ids])
      .where('state', 'in', ['dead', 'review'])
      .returning('id')
      .execute();
    return rows.map((r) => Number(r.id));
  }

  /** Discards jobs that are not running or finished, with a reason. */
  async discard(ids: readonly number[], reason: string, now: number): Promise<number[]> {
    if (!ids.length) return [];
    const rows = await this.db
      .updateTable('jobs')
      .set({ state: 'discarded', reason, finished_at: now, updated_at: now, lease_until: null, locked_by: null })
      .where('id', 'in', [...ids])
      .where('state', 'in', ['dead', 'review', 'pending', 'retrying', 'paused'])
      .returning('id')
      .execute();
    return rows.map((r) => Number(r.id));
  }

  /** Holds the queued jobs of an integration that use `connector`. */
  async pauseConnector(integrationId: string, connector: string, now: number): Promise<number> {
    const result = await this.db
      .updateTable('jobs')
      .set({ state: 'paused', updated_at: now })
      .where('integration_id', '=', integrationId)
      .where('state', 'in', ['pending', 'retrying'])
      .where('connectors', 'like', `%,${connector},%`)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Releases paused jobs none of whose connectors is still paused. */
  async resumePaused(integrationId: string, stillPaused: readonly string[], now: number): Promise<number> {
    let query = this.db
      .updateTable('jobs')
      .set({ state: 'pending', run_at: now, updated_at: now })
      .where('integration_id', '=', integrationId)
      .where('state', '=', 'paused');
    for (const connector of stillPaused) query = query.where('connectors', 'not like', `%,${connector},%`);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async get(id: number): Promise<Job | undefined> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toJob(row) : undefined;
  }

  async list(filter: JobFilter = {}): Promise<Job[]> {
    let query = this.db.selectFrom('jobs').selectAll();
    if (filter.integrationId) query = query.where('integration_id', '=', filter.integrationId);
    if (filter.states?.length) query = query.where('state', 'in', filter.states);
    if (filter.flow) query = query.where('flow', '=', filter.flow);
    if (filter.lane) query = query.where('lane', '=', filter.lane);
    if (filter.ids?.length) query = query.where('id', 'in', filter.ids);
    if (filter.beforeId) query = query.where('id', '<', filter.beforeId);
    const rows = await query
      .orderBy('id', 'desc')
      .limit(filter.limit ?? 100)
      .execute();
    return rows.map(toJob);
  }

  /** Jobs per state (and flow), for the CLI, /metrics and the dashboard. */
  async countByState(integrationId?: string): Promise<{ flow: string; state: string; count: number }[]> {
    let query = this.db.selectFrom('jobs').select(['flow', 'state', (eb) => eb.fn.countAll<number>().as('count')]);
    if (integrationId) query = query.where('integration_id', '=', integrationId);
    const rows = await query.groupBy(['flow', 'state']).execute();
    return rows.map((r) => ({ flow: r.flow, state: r.state, count: Number(r.count) }));
  }

  /** Jobs waiting to run, and when the oldest waiting one was created (for /metrics). */
  async backlog(): Promise<{ depth: number; oldestCreatedAt: number | null }> {
    const row = await this.db
      .selectFrom('jobs')
      .select((eb) => [
        eb.fn.sum<number>(eb.case().when('state', 'in', ['pending', 'retrying']).then(1).else(0).end()).as('depth'),
        eb.fn.min<number>('created_at').as('oldest'),
      ])
      .where('state', 'in', ['pending', 'retrying', 'paused'])
      .executeTakeFirst();
    return { depth: Number(row?.depth ?? 0), oldestCreatedAt: row?.oldest == null ? null : Number(row.oldest) };
  }

  async attempts(jobId: number) {
    const rows = await this.db
      .selectFrom('job_attempts')
      .selectAll()
      .where('job_id', '=', jobId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      attempt: r.attempt,
      worker: r.worker,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      result: r.result,
      error: r.error === null ? null : JSON.parse(r.error),
      steps: JSON.parse(r.steps) as TraceStep[],
    }));
  }

  private async recordVersions(
    tx: Kysely<Database>,
    rows: { integration_id: string; record_key: string; version: string }[],
    now: number,
  ): Promise<void> {
    // Keep the newest version per record (two jobs of one batch may carry versions of the same record).
    const newest = new Map<string, { integration_id: string; record_key: string; version: string }>();
    for (const r of rows) {
      const key = `${r.integration_id}\u0000${r.record_key}`;
      const seen = newest.get(key);
      if (!seen || seen.version < r.version) newest.set(key, r);
    }
    await tx
      .insertInto('applied_versions')
      .values(
        [...newest.values()].map((r) => ({
          integration_id: r.integration_id,
          record_key: r.record_key,
          version: r.version,
          updated_at: now,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['integration_id', 'record_key'])
          .doUpdateSet((eb) => ({ version: eb.ref('excluded.version'), updated_at: eb.ref('excluded.updated_at') }))
          .where('excluded.version', '>', (eb) => eb.ref('applied_versions.version')),
      )
      .execute();
  }

  private async insertAttempts(
    tx: Kysely<Database>,
    items: { id: number; result: string; attempt: AttemptRecord }[],
    now: number,
  ): Promise<void> {
    if (!items.length) return;
    await tx
      .insertInto('job_attempts')
      .values(
        items.map((i) => ({
          job_id: i.id,
          integration_id: i.attempt.integrationId,
          attempt: i.attempt.number,
          worker: i.attempt.worker,
          started_at: i.attempt.startedAt,
          finished_at: now,
          result: i.result,
          error: i.attempt.error === undefined ? null : JSON.stringify(i.attempt.error),
          steps: JSON.stringify(i.attempt.steps),
        })),
      )
      .execute();
  }
}

/** Deletes finished jobs (and their attempts) that finished before `before` (retention). */
export async function pruneFinishedJobs(store: Store, before: number): Promise<number> {
  return store.transaction(async (tx) => {
    const old = tx
      .selectFrom('jobs')
      .select('id')
      .where('finished_at', '<', before)
      .where('state', 'in', ['done', 'discarded']);
    await tx.deleteFrom('job_attempts').where('job_id', 'in', old).execute();
    const result = await tx
      .deleteFrom('jobs')
      .where('finished_at', '<', before)
      .where('state', 'in', ['done', 'discarded'])
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  });
}
