// Scheduled work (pollers, probes, housekeeping) that runs once across the cluster: on PostgreSQL the process
// holding an advisory lock is the leader (the lock goes with its connection if it dies); SQLite has one process.
import { sql } from 'kysely';
import type { Clock } from '../core/clock.ts';
import { describeError } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { Store } from '../store/db.ts';

const LEADER_LOCK = 7_321_004_120;
const LEADER_CHECK_MS = 2_000;

interface Task {
  name: string;
  intervalMs: number;
  run: () => Promise<void>;
  nextAt: number;
  running: boolean;
}

export class Scheduler {
  private tasks: Task[] = [];
  private stopping = false;
  private leader = false;
  private tick: NodeJS.Timeout | null = null;
  private leadership: Promise<void> | null = null;
  private releaseLeadership: (() => void) | null = null;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly tickMs = 250,
  ) {}

  /** Runs `run` every `intervalMs` on the leader only. */
  every(name: string, intervalMs: number, run: () => Promise<void>): void {
    this.tasks.push({ name, intervalMs, run, nextAt: this.clock.now(), running: false });
  }

  get isLeader(): boolean {
    return this.leader;
  }

  start(): void {
    if (this.store.dialect === 'sqlite') this.leader = true;
    else this.leadership = this.campaign();
    this.tick = setInterval(() => this.runDue(), this.tickMs);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.tick) clearInterval(this.tick);
    this.releaseLeadership?.();
    await this.leadership;
    this.leader = false;
    while (this.tasks.some((t) => t.running)) await new Promise((r) => setTimeout(r, 20));
  }

  private runDue(): void {
    if (!this.leader || this.stopping) return;
    const now = this.clock.now();
    for (const task of this.tasks) {
      if (task.running || task.nextAt > now) continue;
      task.running = true;
      task.nextAt = now + task.intervalMs;
      task
        .run()
        .catch((error) => this.logger.error({ task: task.name, err: describeError(error) }, 'scheduled task failed'))
        .finally(() => (task.running = false));
    }
  }

  /** Tries to become leader every few seconds, holding the lock on one connection while leader. */
  private async campaign(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.store.db.connection().execute(async (conn) => {
          const got = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${LEADER_LOCK}) as ok`.execute(conn);
          if (!got.rows[0]?.ok) return;
          this.leader = true;
          this.logger.info('this process runs the scheduled work');
          // Leadership lasts as long as the connection holding the lock: check it, and step down if it is gone
          // (the server dropped it, so another process may already lead).
          let released = false;
          const release = new Promise<void>(
            (resolve) => (this.releaseLeadership = () => ((released = true), resolve())),
          );
          while (!released && !this.stopping) {
            await Promise.race([release, new Promise((r) => setTimeout(r, LEADER_CHECK_MS))]);
            if (released || this.stopping) break;
            try {
              await sql`select 1`.execute(conn);
            } catch (error) {
              this.leader = false;
              this.logger.warn(
                { err: describeError(error) },
                'lost the connection that held the scheduler lock; stepping down',
              );
              return;
            }
          }
          this.leader = false;
          await sql`select pg_advisory_unlock(${LEADER_LOCK})`.execute(conn);
        });
      } catch (error) {
        this.leader = false;
        this.logger.warn({ err: describeError(error) }, 'leader election failed; retrying');
      }
      if (!this.stopping) await new Promise((r) => setTimeout(r, 2_000));
    }
  }
}
