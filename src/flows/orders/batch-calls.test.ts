import { describe, expect, it } from 'vitest';
import { BusinessError, TransientError } from '../../core/errors.ts';
import { isolateFailures, waitOutUnknownOutcome } from './batch-calls.ts';

/** An Odoo stand-in: refuses (all or nothing) any call holding a bad item. */
function odooRefusing(bad: Set<number>) {
  const calls: number[][] = [];
  return {
    calls,
    call: async (items: readonly number[]) => {
      calls.push([...items]);
      const refused = items.find((i) => bad.has(i));
      if (refused !== undefined) throw new BusinessError(`item ${refused} refused`);
      return items.map((i) => i * 10);
    },
  };
}

describe('isolateFailures', () => {
  it('sends everything in one call when nothing is refused', async () => {
    const odoo = odooRefusing(new Set());
    const out = await isolateFailures([1, 2, 3], odoo.call);
    expect(out.map((o) => o.result)).toEqual([10, 20, 30]);
    expect(odoo.calls).toEqual([[1, 2, 3]]);
  });

  it('isolates the one refused item of a batch of 20 by halving; the others go through', async () => {
    const items = Array.from({ length: 20 }, (_, i) => i + 1);
    const odoo = odooRefusing(new Set([7]));
    const out = await isolateFailures(items, odoo.call);
    expect(out.filter((o) => o.result instanceof Error).map((o) => o.item)).toEqual([7]);
    expect(out.filter((o) => !(o.result instanceof Error)).map((o) => o.result)).toEqual(
      items.filter((i) => i !== 7).map((i) => i * 10),
    );
    expect(odoo.calls.length).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(20)));
  });

  it('never splits on an error that may mean Odoo did the work: the whole batch retries', async () => {
    const calls: number[][] = [];
    const out = await isolateFailures([1, 2, 3, 4], async (items) => {
      calls.push([...items]);
      throw new TransientError('timed out', { details: { network: 'timeout', timeout: true } });
    });
    expect(calls).toHaveLength(1);
    expect(out.every((o) => o.result instanceof TransientError)).toBe(true);
  });
});

describe('waitOutUnknownOutcome', () => {
  it('gives a lost answer a retry delay long enough for Odoo to finish; other errors pass through', () => {
    const lost = waitOutUnknownOutcome(new TransientError('timed out', { details: { network: 'timeout' } }), 60_000);
    expect(lost).toBeInstanceOf(TransientError);
    expect((lost as TransientError).retryAfterMs).toBe(60_000);
    const busy = new TransientError('HTTP 503', { retryAfterMs: 5 });
    expect(waitOutUnknownOutcome(busy, 60_000)).toBe(busy);
    const refused = new BusinessError('no');
    expect(waitOutUnknownOutcome(refused, 60_000)).toBe(refused);
  });
});
