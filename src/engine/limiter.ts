// Per-connector limits for one integration: at most N jobs using the connector at once, and a token bucket
// for the sustained rate, so that no flow can flood a system.
import type { Clock } from '../core/clock.ts';
import { Semaphore } from '../core/semaphore.ts';

export interface LimitSettings {
  concurrency: number;
  /** Sustained jobs per second; 0 = no rate limit. */
  ratePerSecond: number;
  burst: number;
}

/** A token bucket driven by a clock; `take()` resolves when a token is available. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    private readonly clock: Clock,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  /** How long the caller must wait for a token if it took one now (0 when one is there); takes it. */
  reserve(): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.rate) * 1000);
  }

  take(): Promise<void> {
    // Callers are served in order: each waits for the one before it.
    this.queue = this.queue.then(() => {
      const wait = this.reserve();
      return wait > 0 ? this.clock.sleep(wait) : undefined;
    });
    return this.queue;
  }
}

/**
 * Limits per (integration, connector), created on first use from the settings given for that pair: `acquire`
 * holds a concurrency slot for a job's run; `throttle` takes a token of the rate limit for each call a connector
 * makes, so a batch or a chatty flow is paced by its calls, not by its jobs.
 */
export class ConnectorLimiter {
  private semaphores = new Map<string, Semaphore>();
  private buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly settingsFor: (integrationId: string, connector: string) => LimitSettings,
    private readonly clock: Clock,
  ) {}

  /** Waits for a slot of every connector (in a fixed order, so two jobs never deadlock), urgent jobs first. */
  async acquire(integrationId: string, connectors: readonly string[], priority = 0): Promise<() => void> {
    const releases: (() => void)[] = [];
    for (const connector of [...connectors].sort()) {
      const key = `${integrationId}:${connector}`;
      let semaphore = this.semaphores.get(key);
      if (!semaphore)
        this.semaphores.set(key, (semaphore = new Semaphore(this.settingsFor(integrationId, connector).concurrency)));
      releases.push(await semaphore.acquire(priority));
    }
    return () => releases.forEach((release) => release());
  }

  /** Waits for a token of the connector's rate limit (no wait when it has none). */
  throttle(integrationId: string, connector: string): Promise<void> {
    const key = `${integrationId}:${connector}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const settings = this.settingsFor(integrationId, connector);
      if (settings.ratePerSecond <= 0) return Promise.resolve();
      this.buckets.set(key, (bucket = new TokenBucket(settings.ratePerSecond, settings.burst, this.clock)));
    }
    return bucket.take();
  }
}
