import { describe, expect, it } from 'vitest';
import { AuthError, BusinessError, TransientError, ValidationError } from '../../core/errors.ts';
import { registerSecretValue } from '../../core/secret.ts';
import { classifyAnswer, classifyNetworkError, parseRetryAfter } from './errors.ts';

const call = { method: 'GET', path: '/api/v1/orders/1', lookup: true };

describe('clarity error classification', () => {
  it.each([
    [429, TransientError],
    [503, TransientError],
    [500, TransientError],
    [502, TransientError],
    [408, TransientError],
    [401, AuthError],
    [403, AuthError],
    [422, ValidationError],
    [400, ValidationError],
    [404, BusinessError],
    [409, BusinessError],
  ])('status %i → %o', (status, kind) => {
    const error = classifyAnswer(call, { status, headers: {}, body: { title: 'x', status } });
    expect(error).toBeInstanceOf(kind);
    expect(error.connector).toBe('clarity');
    expect(error.details.status).toBe(status);
  });

  it('reads Retry-After in seconds and as an HTTP date', () => {
    const error = classifyAnswer(call, { status: 429, headers: { 'retry-after': '7' }, body: undefined });
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).retryAfterMs).toBe(7000);
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('lists every field of a 422 problem', () => {
    const error = classifyAnswer(
      { method: 'POST', path: '/api/v1/products' },
      {
        status: 422,
        headers: {},
        body: {
          title: 'Validation failed',
          status: 422,
          errors: { Name: ['is required'], Price: ['must be >= 0', 'must be a number'] },
        },
      },
    ) as ValidationError;
    expect(error.problems).toEqual([
      { field: 'Name', reason: 'is required' },
      { field: 'Price', reason: 'must be >= 0' },
      { field: 'Price', reason: 'must be a number' },
    ]);
    expect(error.message).toContain('Name: is required');
  });

  it('says a lookup found nothing, and keeps known secret values out of messages', () => {
    registerSecretValue('tok_abcdefgh12345');
    const error = classifyAnswer(call, {
      status: 404,
      headers: {},
      body: { title: 'Not found', detail: 'token tok_abcdefgh12345 cannot see order 1' },
    });
    expect(error.message).toContain('no such record');
    expect(error.message).not.toContain('tok_abcdefgh12345');
  });

  it('turns resets and timeouts into TransientErrors', () => {
    const reset = classifyNetworkError(
      call,
      Object.assign(new Error('other side closed'), { code: 'ECONNRESET' }),
      false,
    );
    expect(reset).toBeInstanceOf(TransientError);
    expect(reset.details.code).toBe('ECONNRESET');
    const timeout = classifyNetworkError(call, new Error('aborted'), true);
    expect(timeout.message).toContain('timed out');
  });
});
