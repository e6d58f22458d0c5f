import { describe, expect, it } from 'vitest';
import { nextRetryMs, retryDelaySec } from './webhook-schedule.ts';

describe('webhook retry schedule', () => {
  it('waits 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, then every 3 h', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 12].map(retryDelaySec)).toEqual([5, 30, 120, 600, 1800, 3600, 10800, 10800, 10800]);
  });

  it('divides every delay by the time scale', () => {
    expect(nextRetryMs(1, 0, 1000)).toBe(5);
    expect(nextRetryMs(6, 0, 1000)).toBe(3600);
    expect(nextRetryMs(2, 0, 1)).toBe(30_000);
  });

  it('gives up once the next attempt would fall beyond 24 hours after the first', () => {
    // Walk the whole schedule in uncompressed time: 7 early attempts, then every 3 h until 24 h.
    let elapsed = 0;
    let failures = 0;
    for (;;) {
      failures++;
      const delay = nextRetryMs(failures, elapsed, 1);
      if (delay === undefined) break;
      elapsed += delay;
    }
    expect(elapsed).toBeLessThanOrEqual(24 * 3600 * 1000);
    expect(elapsed + 3 * 3600 * 1000).toBeGreaterThan(24 * 3600 * 1000);
    expect(failures).toBe(14); // 1 first try + 6 early retries + 7 three-hourly retries, all failed
  });
});
