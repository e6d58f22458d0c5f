// Fault switches, set at start or at run time: duplicate and reordered webhook deliveries, 429/503 answers with
// Retry-After, slow answers. (Token expiry and secret rotation are actions, see the sandbox's controls.)
import { HttpProblem, unprocessable, type FieldErrors } from './problem.ts';

export interface ClaritySwitches {
  /** Share (0..1) of webhook messages also delivered a second time, with the same webhook-id. */
  duplicateRate: number;
  /** Deliver webhook messages in a shuffled order (held for a short moment, then sent newest first). */
  reorder: boolean;
  /** Share (0..1) of API calls answered 429 Too Many Requests. */
  rateLimitRate: number;
  /** Share (0..1) of API calls answered 503 Service Unavailable. */
  unavailableRate: number;
  /** The Retry-After (seconds) sent with 429 and 503. */
  retryAfterSec: number;
  /** Delay added before every API answer, in milliseconds. */
  slowMs: number;
}

export const DEFAULT_SWITCHES: ClaritySwitches = {
  duplicateRate: 0,
  reorder: false,
  rateLimitRate: 0,
  unavailableRate: 0,
  retryAfterSec: 1,
  slowMs: 0,
};

const RATES = ['duplicateRate', 'rateLimitRate', 'unavailableRate'] as const;
const DURATIONS = ['retryAfterSec', 'slowMs'] as const;

/** Checks a partial switch update; throws a 422 naming every bad field. */
export function validateSwitches(input: unknown): Partial<ClaritySwitches> {
  const errors: FieldErrors = {};
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw unprocessable('switches must be a JSON object', { body: ['must be a JSON object'] });
  }
  const out: Partial<ClaritySwitches> = {};
  for (const [key, value] of Object.entries(input)) {
    if ((RATES as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) errors[key] = ['must be a number from 0 to 1'];
      else out[key as (typeof RATES)[number]] = value;
    } else if ((DURATIONS as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value))
        errors[key] = ['must be a number of at least 0'];
      else out[key as (typeof DURATIONS)[number]] = value;
    } else if (key === 'reorder') {
      if (typeof value !== 'boolean') errors[key] = ['must be true or false'];
      else out.reorder = value;
    } else {
      errors[key] = [`unknown switch; known: ${Object.keys(DEFAULT_SWITCHES).join(', ')}`];
    }
  }
  if (Object.keys(errors).length) {
    const summary = Object.entries(errors)
      .map(([key, messages]) => `${key} ${messages.join('; ')}`)
      .join(', ');
    throw unprocessable(`switches are not valid: ${summary}`, errors);
  }
  return out;
}

export class SwitchBoard {
  private current: ClaritySwitches;

  constructor(
    initial: Partial<ClaritySwitches> = {},
    private readonly random: () => number = Math.random,
  ) {
    this.current = { ...DEFAULT_SWITCHES, ...validateSwitches(initial) };
  }

  get(): ClaritySwitches {
    return { ...this.current };
  }

  set(update: Partial<ClaritySwitches>): ClaritySwitches {
    this.current = { ...this.current, ...validateSwitches(update) };
    return this.get();
  }

  /** The fault to answer an API call with instead of serving it, if the dice say so. */
  injectedFault(): HttpProblem | undefined {
    const { rateLimitRate, unavailableRate, retryAfterSec } = this.current;
    const headers = { 'retry-after': String(Math.ceil(retryAfterSec)) };
    if (rateLimitRate > 0 && this.random() < rateLimitRate) {
      return new HttpProblem(
        429,
        'Too Many Requests',
        `rate limit reached; retry after ${retryAfterSec} s`,
        undefined,
        headers,
      );
    }
    if (unavailableRate > 0 && this.random() < unavailableRate) {
      return new HttpProblem(
        503,
        'Service Unavailable',
        `the store is briefly unavailable; retry after ${retryAfterSec} s`,
        undefined,
        headers,
      );
    }
    return undefined;
  }

  /** True for a webhook message that should also be sent a second time. */
  shouldDuplicate(): boolean {
    return this.current.duplicateRate > 0 && this.random() < this.current.duplicateRate;
  }
}
