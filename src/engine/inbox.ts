// The inbox: ingest hands events here. Events that arrive together are stored in one transaction (group commit);
// each caller learns whether its event was new or a duplicate.
import { EventEmitter } from 'node:events';
import type { Clock } from '../core/clock.ts';
import type { BridgeEvent, RecordOutcome } from '../core/event.ts';
import type { EventsRepo } from '../store/events.repo.ts';

interface Waiting {
  event: BridgeEvent;
  resolve: (outcome: RecordOutcome) => void;
  reject: (error: unknown) => void;
}

export class Inbox {
  /** Emits `recorded` after new events were stored, so the router wakes at once. */
  readonly signals = new EventEmitter();
  private waiting: Waiting[] = [];
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly events: EventsRepo,
    private readonly clock: Clock,
    /** How urgently an event is to be routed (its flows' most urgent priority). */
    private readonly priorityOf?: (event: BridgeEvent) => number,
    private readonly maxBatch = 500,
  ) {
    this.signals.setMaxListeners(0);
  }

  /** Stores an event once (DESIGN.md event identity); resolves once it is durable. */
  recordEvent(event: BridgeEvent): Promise<RecordOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ event, resolve, reject });
      if (!this.flushing) this.flushing = new Promise((r) => setImmediate(r)).then(() => this.flush());
    });
  }

  /** Stores many events in one transaction. */
  async recordEvents(events: readonly BridgeEvent[]): Promise<RecordOutcome[]> {
    const outcomes = await this.events.record(events, this.clock.now(), this.priorityOf);
    if (outcomes.some((o) => o.status === 'recorded')) this.signals.emit('recorded');
    return outcomes;
  }

  private async flush(): Promise<void> {
    while (this.waiting.length) {
      const batch = this.waiting.splice(0, this.maxBatch);
      try {
        const outcomes = await this.recordEvents(batch.map((w) => w.event));
        batch.forEach((w, i) => w.resolve(outcomes[i]!));
      } catch (error) {
        // One bad event must not refuse the others: retry each on its own.
        for (const w of batch) {
          try {
            const [outcome] = await this.recordEvents([w.event]);
            w.resolve(outcome!);
          } catch (own) {
            w.reject(own);
          }
        }
        void error;
      }
    }
    this.flushing = null;
  }
}
