// Fault injection, set at start or at run time (setFaults, POST /sandbox/faults): added latency, a share of
// 5xx answers or dropped connections, serialization failures, AccessDenied after N calls, slow methods.

export interface OdooFaults {
  /** Added to every request, in ms. */
  latencyMs: number;
  /** Share (0..1) of requests answered with HTTP 503. */
  errorRate: number;
  /** Share (0..1) of requests whose connection is destroyed without an answer. */
  dropRate: number;
  /** Share (0..1) of method calls failing with psycopg2's SerializationFailure (Odoo's retries exhausted). */
  serializationFailureRate: number;
  /** Once this many authenticated calls were served, every credential is refused (a revoked key). */
  accessDeniedAfterCalls: number | null;
  /** Extra ms for a method, keyed "model.method" or "method". */
  slowMethods: Record<string, number>;
}

export const NO_FAULTS: OdooFaults = {
  latencyMs: 0,
  errorRate: 0,
  dropRate: 0,
  serializationFailureRate: 0,
  accessDeniedAfterCalls: null,
  slowMethods: {},
};

export type TransportFault = 'drop' | 'error' | null;

export class FaultInjector {
  private faults: OdooFaults;
  private readonly counters: Record<string, number> = {};
  private authenticatedCalls = 0;

  constructor(
    initial: Partial<OdooFaults> = {},
    private readonly random: () => number = Math.random,
  ) {
    this.faults = { ...NO_FAULTS, ...initial };
  }

  set(update: Partial<OdooFaults>): void {
    this.faults = { ...this.faults, ...update, slowMethods: { ...(update.slowMethods ?? this.faults.slowMethods) } };
    if (update.accessDeniedAfterCalls !== undefined) this.authenticatedCalls = 0;
  }

  current(): OdooFaults {
    return { ...this.faults, slowMethods: { ...this.faults.slowMethods } };
  }

  count(name: string, by = 1): void {
    this.counters[name] = (this.counters[name] ?? 0) + by;
  }

  snapshot(): Record<string, number> {
    return { ...this.counters };
  }

  latencyMs(): number {
    if (this.faults.latencyMs > 0) this.count('injected_latency');
    return this.faults.latencyMs;
  }

  /** Decide, per request, whether the transport fails. */
  transportFault(): TransportFault {
    if (this.faults.dropRate > 0 && this.random() < this.faults.dropRate) {
      this.count('injected_drops');
      return 'drop';
    }
    if (this.faults.errorRate > 0 && this.random() < this.faults.errorRate) {
      this.count('injected_5xx');
      return 'error';
    }
    return null;
  }

  /** Counts one authenticated call; true when the credential must now be refused. */
  accessRevoked(): boolean {
    this.authenticatedCalls++;
    const limit = this.faults.accessDeniedAfterCalls;
    if (limit !== null && this.authenticatedCalls > limit) {
      this.count('injected_access_denied');
      return true;
    }
    return false;
  }

  serializationFailure(): boolean {
    if (this.faults.serializationFailureRate > 0 && this.random() < this.faults.serializationFailureRate) {
      this.count('injected_serialization_failures');
      return true;
    }
    return false;
  }

  slowMethodMs(model: string, method: string): number {
    const ms = this.faults.slowMethods[`${model}.${method}`] ?? this.faults.slowMethods[method] ?? 0;
    if (ms > 0) this.count('injected_slow_calls');
    return ms;
  }
}

/** Validate a faults update received over HTTP; returns the problems found. */
export function faultProblems(update: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const rate = (key: string): void => {
    const v = update[key];
    if (v !== undefined && (typeof v !== 'number' || v < 0 || v > 1))
      problems.push(`${key} must be a number from 0 to 1`);
  };
  rate('errorRate');
  rate('dropRate');
  rate('serializationFailureRate');
  if (update.latencyMs !== undefined && (typeof update.latencyMs !== 'number' || update.latencyMs < 0))
    problems.push('latencyMs must be a number >= 0');
  const after = update.accessDeniedAfterCalls;
  if (after !== undefined && after !== null && (typeof after !== 'number' || after < 0))
    problems.push('accessDeniedAfterCalls must be null or a number >= 0');
  const slow = update.slowMethods;
  if (
    slow !== undefined &&
    (typeof slow !== 'object' || slow === null || Object.values(slow).some((v) => typeof v !== 'number'))
  ) {
    problems.push('slowMethods must map "model.method" or "method" to milliseconds');
  }
  for (const key of Object.keys(update))
    if (!(key in NO_FAULTS)) problems.push(`unknown fault "${key}" (known: ${Object.keys(NO_FAULTS).join(', ')})`);
  return problems;
}
