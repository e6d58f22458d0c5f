// At most N holders at once; used by the engine's connector limits and named locks, and by the Odoo sandbox's
// workers.

/**
 * A counting semaphore. Waiters are served by priority (lowest first), then first come first served: an order's job
 * waiting for an Odoo slot is not queued behind a backlog of catalog jobs.
 */
export class Semaphore {
  private waiting: { priority: number; resolve: () => void }[] = [];
  private active = 0;
  constructor(private readonly size: number) {}

  get inUse(): number {
    return this.active;
  }

  async acquire(priority = 0): Promise<() => void> {
    if (this.active < this.size) this.active++;
    else {
      await new Promise<void>((resolve) => {
        // after every waiter of the same or a more urgent priority
        const at = this.waiting.findIndex((w) => w.priority > priority);
        this.waiting.splice(at === -1 ? this.waiting.length : at, 0, { priority, resolve });
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next.resolve();
      else this.active--;
    };
  }
}
