// Change detection by polling: one poller per model reads what changed since its cursor (write_date), re-reading an
// overlap window because Odoo stamps write_date at the start of a transaction that may commit later, and drops
// what it already emitted by (write_date, id). The cursor lives in an injected checkpoint port.
import type { CheckpointPort } from '../../core/checkpoint.ts';
import type { Clock } from '../../core/clock.ts';
import { systemClock } from '../../core/clock.ts';
import type { BridgeEvent } from '../../core/event.ts';
import { normalizeStamp, recordVersion } from '../../core/ids.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import { addSeconds, toOdooStamp, type Domain, type OdooClient, type OdooRecord } from './client.ts';

/** Where a poller keeps its cursor (the store's checkpoint table, or memory in tests). */
export type { CheckpointPort };

export interface OdooPollerOptions {
  client: OdooClient;
  integrationId: string;
  model: string;
  /** Concepts to read (write_date is always added); the event's payload is the record with these fields. */
  fields: string[];
  domain?: Domain;
  checkpoint: CheckpointPort;
  /** Receives each change in order; a throw stops this poll before the cursor passes the record. */
  onEvent: (event: BridgeEvent) => Promise<void> | void;
  /** Re-read window before the cursor (default 10 s, DESIGN.md). */
  overlapMs?: number;
  pageSize?: number;
  /** Event type of a change (default `<model>.changed`). */
  eventType?: (record: OdooRecord) => string;
  /** The event's entity (default: the model). */
  entity?: string;
  /** Checkpoint key (default `odoo:<integration>:<model>`). */
  checkpointKey?: string;
  /** First cursor when no checkpoint exists: `now` (default; only changes from now on) or an Odoo stamp. */
  startAt?: 'now' | string;
  clock?: Clock;
  logger?: Logger;
}

/** The stored cursor: the latest write_date seen, and what was emitted inside the overlap window before it. */
interface PollCursor {
  writeDate: string;
  /** `id@version` of records emitted with write_date within the overlap window (version = ISO stamp#hash). */
  seen: string[];
}

export interface PollResult {
  emitted: number;
  /** Records re-read in the overlap window and dropped as already emitted. */
  duplicates: number;
  cursor: string;
}

export class OdooPoller {
  readonly #o: OdooPollerOptions & { overlapMs: number; pageSize: number; clock: Clock; logger: Logger };
  readonly #key: string;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<PollResult> | undefined;
  #stopped = true;

  constructor(options: OdooPollerOptions) {
    this.#o = { overlapMs: 10_000, pageSize: 200, clock: systemClock, logger: silentLogger(), ...options };
    this.#key = options.checkpointKey ?? `odoo:${options.integrationId}:${options.model}`;
  }

  get checkpointKey(): string {
    return this.#key;
  }

  /** One poll; concurrent calls share the run in progress. */
  pollOnce(): Promise<PollResult> {
    this.#running ??= this.#poll().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Polls every `intervalMs` until stop(); a failed poll is logged and retried at the next tick. */
  start(intervalMs: number): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    const tick = async () => {
      try {
        await this.pollOnce();
      } catch (error) {
        this.#o.logger.warn(
          { model: this.#o.model, err: (error as Error).message },
          'Odoo poll failed; next attempt at the next interval',
        );
      }
      if (!this.#stopped) this.#timer = setTimeout(() => void tick(), intervalMs);
    };
    void tick();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running?.catch(() => undefined);
  }

  async #poll(): Promise<PollResult> {
    const { client, model, integrationId, overlapMs } = this.#o;
    const cursor = await this.#loadCursor();
    const overlapSeconds = Math.ceil(overlapMs / 1000);
    const since = addSeconds(cursor.writeDate, -overlapSeconds);
    const seen = new Set(cursor.seen);
    let latest = cursor.writeDate;
    let emitted = 0;
    let duplicates = 0;
    let sinceSave = 0;
    const domain: Domain = [['write_date', '>=', since], ...(this.#o.domain ?? [])];
    for await (const record of client.iterate(model, { domain, fields: this.#o.fields, pageSize: this.#o.pageSize })) {
      const stamp = String(record.write_date);
      const event = this.#event(integrationId, record, stamp);
      // (id, write_date) plus the content hash: two changes within one second of write_date stay two changes
      const key = `${record.id}@${event.version}`;
      if (seen.has(key)) {
        duplicates++;
        continue;
      }
      await this.#o.onEvent(event);
      seen.add(key);
      emitted++;
      if (stamp > latest) latest = stamp;
      if (++sinceSave >= this.#o.pageSize) {
        await this.#saveCursor(latest, seen, overlapSeconds);
        sinceSave = 0;
      }
    }
    await this.#saveCursor(latest, seen, overlapSeconds);
    return { emitted, duplicates, cursor: latest };
  }

  #event(integrationId: string, record: OdooRecord, stamp: string): BridgeEvent {
    return {
      integrationId,
      source: 'odoo',
      type: this.#o.eventType?.(record) ?? `${this.#o.model}.changed`,
      entity: this.#o.entity ?? this.#o.model,
      entityId: String(record.id),
      version: recordVersion(stamp, record),
      occurredAt: normalizeStamp(stamp),
      payload: record,
    };
  }

  async #loadCursor(): Promise<PollCursor> {
    const stored = await this.#o.checkpoint.get(this.#key);
    if (stored) {
      try {
        const parsed = JSON.parse(stored) as Partial<PollCursor>;
        if (typeof parsed.writeDate === 'string')
          return { writeDate: parsed.writeDate, seen: Array.isArray(parsed.seen) ? parsed.seen : [] };
      } catch {
        // a bare stamp written by something else
      }
      if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(stored)) return { writeDate: stored, seen: [] };
    }
    const startAt = this.#o.startAt ?? 'now';
    return { writeDate: startAt === 'now' ? toOdooStamp(this.#o.clock.now()) : startAt, seen: [] };
  }

  async #saveCursor(latest: string, seen: Set<string>, overlapSeconds: number): Promise<void> {
    const floor = addSeconds(latest, -overlapSeconds);
    const floorIso = normalizeStamp(floor);
    const kept = [...seen].filter((k) => k.slice(k.indexOf('@') + 1) >= floorIso);
    await this.#o.checkpoint.set(this.#key, JSON.stringify({ writeDate: latest, seen: kept } satisfies PollCursor));
  }
}

export function createOdooPoller(options: OdooPollerOptions): OdooPoller {
  return new OdooPoller(options);
}

/** A checkpoint port in memory (tests, one-off runs). */
export function memoryCheckpoint(
  initial: Record<string, string> = {},
): CheckpointPort & { values: Map<string, string> } {
  const values = new Map(Object.entries(initial));
  return {
    values,
    get: async (key) => values.get(key),
    set: async (key, value) => {
      values.set(key, value);
    },
  };
}
