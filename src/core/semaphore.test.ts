import { describe, expect, it } from 'vitest';
import { Semaphore } from './semaphore.ts';

describe('Semaphore', () => {
  it('never lets more than its size in, and serves waiters in order', async () => {
    const semaphore = new Semaphore(2);
    const order: number[] = [];
    const releases = await Promise.all([semaphore.acquire(), semaphore.acquire()]);
    const third = semaphore.acquire().then((r) => (order.push(3), r));
    const fourth = semaphore.acquire().then((r) => (order.push(4), r));
    expect(semaphore.inUse).toBe(2);
    releases[0]!();
    (await third)();
    releases[1]!();
    (await fourth)();
    expect(order).toEqual([3, 4]);
  });

  it('serves an urgent waiter before older waiters of lower priority, and equals in arrival order', async () => {
    const semaphore = new Semaphore(1);
    const order: string[] = [];
    const held = await semaphore.acquire(5);
    const waiters = [
      semaphore.acquire(5).then((r) => (order.push('catalog-1'), r)),
      semaphore.acquire(5).then((r) => (order.push('catalog-2'), r)),
      semaphore.acquire(0).then((r) => (order.push('order-1'), r)),
      semaphore.acquire(0).then((r) => (order.push('order-2'), r)),
    ];
    held();
    for (const waiter of [waiters[2]!, waiters[3]!, waiters[0]!, waiters[1]!]) (await waiter)();
    expect(order).toEqual(['order-1', 'order-2', 'catalog-1', 'catalog-2']);
  });
});
