import { describe, expect, it } from 'vitest';
import type { Clock } from '../core/clock.ts';
import { ConnectorLimiter, TokenBucket } from './limiter.ts';

/** A clock that only moves when told to; sleeping advances it. */
function manualClock(): Clock & { advance(ms: number): void; slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    now: () => now,
    advance: (ms) => void (now += ms),
    slept,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

describe('TokenBucket', () => {
  it('lets a burst through, then paces callers at the sustained rate', async () => {
    const clock = manualClock();
    const bucket = new TokenBucket(10, 3, clock);
    for (let i = 0; i < 6; i++) await bucket.take();
    // 3 at once (the burst), then one every 100 ms at 10/s.
    expect(clock.slept).toEqual([100, 100, 100]);
    expect(clock.now()).toBe(300);
  });

  it('refills while idle, up to the burst size only', async () => {
    const clock = manualClock();
    const bucket = new TokenBucket(10, 2, clock);
    await bucket.take();
    await bucket.take();
    clock.advance(10_000);
    expect(bucket.reserve()).toBe(0);
    expect(bucket.reserve()).toBe(0);
    expect(bucket.reserve()).toBe(100);
  });
});

describe('ConnectorLimiter', () => {
  it('keeps separate limits per integration and connector', async () => {
    const limiter = new ConnectorLimiter(() => ({ concurrency: 1, ratePerSecond: 0, burst: 1 }), manualClock());
    const a = await limiter.acquire('main', ['odoo']);
    const b = await limiter.acquire('other', ['odoo']);
    let c = false;
    const waiting = limiter.acquire('main', ['odoo']).then((release) => ((c = true), release));
    await new Promise((r) => setTimeout(r, 5));
    expect(c).toBe(false);
    a();
    (await waiting)();
    expect(c).toBe(true);
    b();
  });
});
