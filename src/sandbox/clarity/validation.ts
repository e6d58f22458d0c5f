// Field checks that collect every problem of a request body before refusing it with one 422.
import { unprocessable, type FieldErrors } from './problem.ts';

export type Json = Record<string, unknown>;

export class FieldChecker {
  readonly errors: FieldErrors = {};

  add(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }

  get ok(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  /** Refuses with 422 when any problem was found. */
  throwIfAny(what: string): void {
    if (!this.ok) {
      const fields = Object.keys(this.errors).join(', ');
      throw unprocessable(`${what} is not valid: check ${fields}`, this.errors);
    }
  }

  /** A non-empty string (trimmed), or undefined after recording the problem. */
  requiredString(body: Json, field: string, maxLength = 255, path = field): string | undefined {
    const value = body[field];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
      this.add(path, 'is required');
      return undefined;
    }
    return this.checkString(value, path, maxLength);
  }

  /** A string, null, or absent (undefined: leave unchanged). */
  optionalString(body: Json, field: string, maxLength = 255, path = field): string | null | undefined {
    const value = body[field];
    if (value === undefined) return undefined;
    if (value === null) return null;
    return this.checkString(value, path, maxLength);
  }

  requiredNumber(
    body: Json,
    field: string,
    options: { min?: number; integer?: boolean } = {},
    path = field,
  ): number | undefined {
    const value = body[field];
    if (value === undefined || value === null) {
      this.add(path, 'is required');
      return undefined;
    }
    return this.checkNumber(value, path, options);
  }

  optionalNumber(
    body: Json,
    field: string,
    options: { min?: number; integer?: boolean } = {},
    path = field,
  ): number | null | undefined {
    const value = body[field];
    if (value === undefined) return undefined;
    if (value === null) return null;
    return this.checkNumber(value, path, options);
  }

  optionalBoolean(body: Json, field: string, path = field): boolean | undefined {
    const value = body[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') {
      this.add(path, 'must be true or false');
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(
    body: Json,
    field: string,
    allowed: readonly T[],
    required: boolean,
    path = field,
  ): T | undefined {
    const value = body[field];
    if (value === undefined || value === null) {
      if (required) this.add(path, `is required (one of ${allowed.join(', ')})`);
      return undefined;
    }
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.add(path, `must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`);
      return undefined;
    }
    return value as T;
  }

  /** Refuses fields a verb cannot change, naming the ones it can. */
  onlyFields(body: Json, allowed: readonly string[]): void {
    for (const key of Object.keys(body)) {
      if (!allowed.includes(key)) this.add(key, `cannot be set here; allowed fields: ${allowed.join(', ')}`);
    }
  }

  private checkString(value: unknown, path: string, maxLength: number): string | undefined {
    if (typeof value !== 'string') {
      this.add(path, `must be a string; got ${typeof value}`);
      return undefined;
    }
    if (value.length > maxLength) {
      this.add(path, `must be at most ${maxLength} characters; got ${value.length}`);
      return undefined;
    }
    return value;
  }

  private checkNumber(value: unknown, path: string, options: { min?: number; integer?: boolean }): number | undefined {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.add(path, `must be a number; got ${JSON.stringify(value)}`);
      return undefined;
    }
    if (options.integer && !Number.isInteger(value)) {
      this.add(path, `must be a whole number; got ${value}`);
      return undefined;
    }
    if (options.min !== undefined && value < options.min) {
      this.add(path, `must be at least ${options.min}; got ${value}`);
      return undefined;
    }
    return value;
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

/** The request body as a JSON object, or a 422 saying what was sent instead. */
export function requireObject(body: unknown, what: string): Json {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw unprocessable(`${what} must be a JSON object`, { body: ['must be a JSON object'] });
  }
  return body as Json;
}
