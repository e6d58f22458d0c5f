import { describe, expect, it } from 'vitest';
import { IdempotencyKeys } from './idempotency.ts';
import { conflict } from './problem.ts';

describe('idempotency keys', () => {
  it('runs once per key and body, replays the first answer, and refuses the key with another body', async () => {
    const keys = new IdempotencyKeys();
    let runs = 0;
    const execute = async () => ({ status: 201, body: { ID: ++runs } });
    const replays: number[] = [];
    const first = await keys.run('c POST /p', 'k', { a: 1, b: 2 }, '', execute, () => replays.push(1));
    const second = await keys.run('c POST /p', 'k', { b: 2, a: 1 }, '', execute, () => replays.push(1));
    expect(second.body).toEqual(first.body);
    expect(second.headers).toMatchObject({ 'idempotent-replayed': 'true' });
    expect(runs).toBe(1);
    expect(replays).toHaveLength(1);
    await expect(keys.run('c POST /p', 'k', { a: 2 }, '', execute, () => undefined)).rejects.toMatchObject({
      status: 422,
    });
    // Another client or path has its own keys.
    await keys.run('other POST /p', 'k', { a: 2 }, '', execute, () => undefined);
    expect(runs).toBe(2);
  });

  it('lets two concurrent requests with one key run the handler once', async () => {
    const keys = new IdempotencyKeys();
    let runs = 0;
    const slow = async () => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { status: 201, body: { ok: true } };
    };
    await Promise.all([
      keys.run('s', 'k', {}, '', slow, () => undefined),
      keys.run('s', 'k', {}, '', slow, () => undefined),
    ]);
    expect(runs).toBe(1);
  });

  it('forgets a refused request, so the corrected one can use the same key', async () => {
    const keys = new IdempotencyKeys();
    await expect(
      keys.run(
        's',
        'k',
        { a: 1 },
        '',
        async () => Promise.reject(conflict('exists')),
        () => undefined,
      ),
    ).rejects.toMatchObject({ status: 409 });
    const answer = await keys.run(
      's',
      'k',
      { a: 2 },
      '',
      async () => ({ status: 201 }),
      () => undefined,
    );
    expect(answer.status).toBe(201);
  });
});
