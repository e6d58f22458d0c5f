// The error taxonomy (DESIGN.md). Only connectors and the mapping engine classify; the engine reads
// the class (and `retryAfterMs`), never the message.

/** One field-level problem, as reported by a ValidationError. */
export interface FieldProblem {
  /** The target field (dotted path), e.g. `order_line.0.product_uom_qty` or `Email`. */
  field: string;
  /** Why it is wrong, in words an operator can act on. */
  reason: string;
  /** The mapping rule that produced the value, when there is one. */
  rule?: string;
  /** The source value, when it helps (never a secret). */
  value?: unknown;
}

export interface BridgeErrorOptions {
  cause?: unknown;
  /** Which connector raised it (`odoo`, `clarity`), so the engine can pause the right one. */
  connector?: string;
  /** Extra facts for the operator (HTTP status, Odoo error name, ...). Must not hold secrets. */
  details?: Record<string, unknown>;
}

export abstract class BridgeError extends Error {
  abstract readonly kind: 'transient' | 'validation' | 'business' | 'auth';
  readonly connector: string | undefined;
  readonly details: Record<string, unknown>;

  constructor(message: string, options: BridgeErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.connector = options.connector;
    this.details = options.details ?? {};
  }

  toJSON(): Record<string, unknown> {
    return {
      kind: this.kind,
      name: this.name,
      message: this.message,
      connector: this.connector,
      details: this.details,
    };
  }
}

/** Timeouts, resets, HTTP 5xx/429, serialization failures: retried with backoff. */
export class TransientError extends BridgeError {
  readonly kind = 'transient' as const;
  /** The server asked us to wait this long (Retry-After); the engine waits at least this. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: BridgeErrorOptions & { retryAfterMs?: number } = {}) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Missing mandatory field, bad format, output that fails the target schema: dead-lettered with reasons. */
export class ValidationError extends BridgeError {
  readonly kind = 'validation' as const;
  readonly problems: FieldProblem[];
  constructor(message: string, problems: FieldProblem[] = [], options: BridgeErrorOptions = {}) {
    super(
      problems.length ? `${message}: ${problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}` : message,
      options,
    );
    this.problems = problems;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), problems: this.problems };
  }
}

/** Unknown SKU, insufficient stock, order already shipped: a person decides. */
export class BusinessError extends BridgeError {
  readonly kind = 'business' as const;
}

/** Expired or revoked token, wrong API key, AccessDenied: alert and pause the connector. */
export class AuthError extends BridgeError {
  readonly kind = 'auth' as const;
}

export type ErrorKind = BridgeError['kind'];

export function isBridgeError(error: unknown): error is BridgeError {
  return error instanceof BridgeError;
}

/** An operator-facing refusal outside of job processing (bad config, unreachable store): one clear message, no stack. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * An operation that failed for a reason outside the command and its configuration (a port another process holds):
 * exit code 1, one clear message and how to fix it, no stack.
 */
export class OperationError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'OperationError';
  }
}

/** A readable one-line description of any thrown value. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
