// Turns what Clarity answered (or failed to answer) into the bridge's error taxonomy. Messages name the call and the
// status, never a token or a secret: every text that came from the server is passed through value redaction.
import { parseRetryAfter } from '../../core/retry-after.ts';
import {
  AuthError,
  BusinessError,
  TransientError,
  ValidationError,
  type BridgeError,
  type FieldProblem,
} from '../../core/errors.ts';
import { redactSecretValues } from '../../core/secret.ts';
import type { ProblemDetails } from './contract.ts';

export const CONNECTOR = 'clarity';

/** What the connector knows about a failed call when it classifies it. */
export interface CallDescription {
  method: string;
  /** The path (no query string, no host), e.g. `/api/v1/orders/12`. */
  path: string;
  /** A lookup is a GET of one record: its 404 is a business fact (the record does not exist). */
  lookup?: boolean;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, or the text when it was not JSON. */
  body: unknown;
}

export { parseRetryAfter };

/** The field problems of a problem+json body (`errors: {Field: [messages]}`), one per message. */
export function fieldProblems(body: unknown): FieldProblem[] {
  const errors = isObject(body) ? body.errors : undefined;
  if (!isObject(errors)) return [];
  const problems: FieldProblem[] = [];
  for (const [field, messages] of Object.entries(errors)) {
    const list = Array.isArray(messages) ? messages : [messages];
    for (const message of list) problems.push({ field, reason: redactSecretValues(String(message)) });
  }
  return problems;
}

/** Classifies a non-2xx answer. */
export function classifyAnswer(call: CallDescription, answer: HttpAnswer, now: number = Date.now()): BridgeError {
  const { status } = answer;
  const problem = isObject(answer.body) ? (answer.body as ProblemDetails) : undefined;
  const said = describeProblem(problem, answer.body);
  const message = `clarity: ${call.method} ${call.path} answered ${status}${said ? `: ${said}` : ''}`;
  const details: Record<string, unknown> = { status, method: call.method, path: call.path };
  if (problem?.type) details.problemType = problem.type;
  const options = { connector: CONNECTOR, details };

  if (status === 429 || status === 503) {
    const retryAfterMs = parseRetryAfter(answer.headers['retry-after'], now);
    return new TransientError(message, retryAfterMs === undefined ? options : { ...options, retryAfterMs });
  }
  if (status >= 500 || status === 408) return new TransientError(message, options);
  if (status === 401 || status === 403) {
    const challenge = headerText(answer.headers['www-authenticate']);
    if (challenge) details.challenge = challenge.replace(/error_description="[^"]*"/, '').trim();
    const hint =
      status === 401
        ? 'check clarity.clientId / clarity.clientSecret'
        : 'the client lacks a scope this call needs; grant it in the store';
    return new AuthError(`${message} (${hint})`, options);
  }
  if (status === 422 || status === 400) {
    return new ValidationError(message, fieldProblems(answer.body), options);
  }
  if (status === 404) {
    return new BusinessError(call.lookup ? `${message} (no such record)` : message, options);
  }
  // 409 left unresolved, 410, 412, ...: a state of the store a person must look at.
  return new BusinessError(message, options);
}

/** Classifies a call that got no answer: timeouts, resets, refused connections are all worth retrying. */
export function classifyNetworkError(call: CallDescription, error: unknown, timedOut: boolean): TransientError {
  const code = isObject(error) && typeof error.code === 'string' ? error.code : undefined;
  const reason = timedOut ? 'timed out' : (code ?? (error instanceof Error ? error.message : String(error)));
  return new TransientError(`clarity: ${call.method} ${call.path} failed: ${redactSecretValues(reason)}`, {
    cause: error,
    connector: CONNECTOR,
    details: {
      method: call.method,
      path: call.path,
      ...(code ? { code } : {}),
      ...(timedOut ? { timeout: true } : {}),
    },
  });
}

function describeProblem(problem: ProblemDetails | undefined, body: unknown): string {
  if (problem) {
    const parts = [problem.title, problem.detail].filter((p): p is string => typeof p === 'string' && p.length > 0);
    if (isObject(body) && typeof body.error === 'string') parts.push(body.error);
    return redactSecretValues(parts.join(' - ')).slice(0, 300);
  }
  return typeof body === 'string' ? redactSecretValues(body).slice(0, 200) : '';
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
