// Odoo's errors → the engine's four kinds. JSON-RPC answers every error with HTTP 200 and names the Python exception in
// `error.data.name`; JSON-2 answers with an HTTP status and `{name, message, ...}`: we classify by name first, then by
// status. The Odoo message is kept for the operator (with known secret values masked); request bodies never are.
import {
  AuthError,
  BusinessError,
  TransientError,
  ValidationError,
  type BridgeError,
  type FieldProblem,
} from '../../core/errors.ts';
import { redactSecretValues } from '../../core/secret.ts';

export const CONNECTOR = 'odoo';

/** The part of an Odoo error both transports carry. */
export interface OdooErrorBody {
  name?: string;
  message?: string;
  arguments?: unknown[];
  debug?: string;
}

export interface CallSite {
  model?: string;
  method?: string;
  /** The uid the call ran as (tells "our user is gone" from "a res.users record is missing"). */
  uid?: number;
}

/** Python exceptions that mean "the transaction lost a race; try again" (Odoo retries these itself first). */
const TRANSIENT_NAMES = [
  'psycopg2.errors.SerializationFailure',
  'psycopg2.errors.DeadlockDetected',
  'psycopg2.errors.LockNotAvailable',
  'psycopg2.extensions.TransactionRollbackError',
  'psycopg2.errors.TransactionRollback',
  'psycopg2.OperationalError',
  'psycopg2.InterfaceError',
  'odoo.exceptions.ConcurrencyError',
  'werkzeug.exceptions.ServiceUnavailable',
  'werkzeug.exceptions.TooManyRequests',
  'werkzeug.exceptions.GatewayTimeout',
  'werkzeug.exceptions.BadGateway',
];

const AUTH_NAMES = [
  'odoo.exceptions.AccessDenied',
  'werkzeug.exceptions.Unauthorized',
  'odoo.http.SessionExpiredException',
];

const VALIDATION_NAMES = [
  'odoo.exceptions.ValidationError',
  'builtins.ValueError',
  'builtins.TypeError',
  'werkzeug.exceptions.UnprocessableEntity',
  'werkzeug.exceptions.BadRequest',
  'psycopg2.errors.UniqueViolation',
  'psycopg2.errors.NotNullViolation',
  'psycopg2.IntegrityError',
];

/** Classifies an Odoo error. `status` is the HTTP status (200 for JSON-RPC). */
export function classifyOdooError(
  body: OdooErrorBody,
  status: number,
  site: CallSite = {},
  retryAfterMs?: number,
): BridgeError {
  const name = body.name ?? '';
  const message = redactSecretValues(String(body.message ?? body.arguments?.[0] ?? (name || `HTTP ${status}`)));
  const where = site.model ? ` (${site.model}.${site.method ?? '?'})` : '';
  const details: Record<string, unknown> = {
    odooError: name || undefined,
    status,
    model: site.model,
    method: site.method,
  };
  const text = `Odoo${where}: ${message}`;

  if (TRANSIENT_NAMES.includes(name) || (name.startsWith('psycopg2.') && !VALIDATION_NAMES.includes(name))) {
    return new TransientError(text, {
      connector: CONNECTOR,
      details,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  if (AUTH_NAMES.includes(name)) return new AuthError(text, { connector: CONNECTOR, details });
  if (name === 'odoo.exceptions.MissingError') {
    if (isOwnUserMissing(message, site.uid)) {
      return new AuthError(`Odoo: the bridge's user no longer exists (${message.replace(/\s+/g, ' ').trim()})`, {
        connector: CONNECTOR,
        details,
      });
    }
    return new BusinessError(text, { connector: CONNECTOR, details });
  }
  if (name === 'odoo.exceptions.AccessError' || name === 'werkzeug.exceptions.Forbidden') {
    // missing access rights: a person must grant them; alert rather than retry
    return new BusinessError(text, { connector: CONNECTOR, details: { ...details, alert: true } });
  }
  if (VALIDATION_NAMES.includes(name))
    return new ValidationError(text, fieldProblems(message), { connector: CONNECTOR, details });
  if (
    name.startsWith('odoo.exceptions.') ||
    name.startsWith('builtins.') ||
    name.startsWith('werkzeug.exceptions.NotFound')
  ) {
    // UserError, RedirectWarning, AttributeError (no such method), NotFound (no such model): a person decides
    if (name) return new BusinessError(text, { connector: CONNECTOR, details });
  }
  return classifyHttpStatus(status, text, details, retryAfterMs);
}

/** By HTTP status alone (a proxy's error page, or an error name we do not know). */
export function classifyHttpStatus(
  status: number,
  text: string,
  details: Record<string, unknown> = {},
  retryAfterMs?: number,
): BridgeError {
  const options = { connector: CONNECTOR, details: { status, ...details } };
  if (status === 401) return new AuthError(text, options);
  if (status === 403) return new BusinessError(text, { ...options, details: { ...options.details, alert: true } });
  if (status === 408 || status === 425 || status === 429 || status >= 500) {
    return new TransientError(text, { ...options, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
  }
  if (status === 400 || status === 422) return new ValidationError(text, [], options);
  return new BusinessError(text, options);
}

/** A failure below HTTP: refused, reset, dropped, timed out. Always worth a retry. */
export function networkError(error: unknown, site: CallSite, timeoutMs?: number): TransientError {
  const code = (error as { code?: string })?.code;
  const name = (error as { name?: string })?.name;
  const timedOut =
    name === 'TimeoutError' ||
    name === 'AbortError' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT';
  const where = site.model ? ` (${site.model}.${site.method ?? '?'})` : '';
  const reason = timedOut
    ? `no answer within ${timeoutMs ?? '?'} ms`
    : redactSecretValues((error as Error)?.message ?? String(error));
  return new TransientError(`Odoo${where}: ${timedOut ? 'timed out' : 'connection failed'}: ${reason}`, {
    cause: error,
    connector: CONNECTOR,
    details: { network: code ?? name ?? 'error', timeout: timedOut, model: site.model, method: site.method },
  });
}

/** "(Record: res.users(9999,), User: 9999)": the user the call ran as is gone. */
function isOwnUserMissing(message: string, uid: number | undefined): boolean {
  const match = /Record: res\.users\((\d+),?\), User: (\d+)/.exec(message);
  if (!match) return false;
  return match[1] === match[2] || (uid !== undefined && Number(match[1]) === uid);
}

/** Field-level reasons recoverable from Odoo's messages (17, 18 and 19 wordings). */
export function fieldProblems(message: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const mandatory17 = /Field: [^\n(]*\(([\w.]+)\)/.exec(message);
  const mandatory19 = /Missing required value for the field '[^']*' \(([\w.]+)\)/.exec(message);
  const required = mandatory19?.[1] ?? (message.includes('mandatory field is not set') ? mandatory17?.[1] : undefined);
  if (required) problems.push({ field: required, reason: 'a mandatory field is not set' });
  const invalid =
    /Invalid field '([^']+)' (?:on model|on|in) '[^']+'/.exec(message)?.[1] ??
    /Invalid field [\w.]+ in (?:leaf|condition) \('([^']+)'/.exec(message)?.[1];
  if (invalid) problems.push({ field: invalid, reason: 'the field does not exist in this Odoo' });
  const wrongValue = /Wrong value for ([\w.]+): (.*)/.exec(message);
  if (wrongValue?.[1])
    problems.push({
      field: wrongValue[1].split('.').pop() ?? wrongValue[1],
      reason: `not an allowed value: ${wrongValue[2] ?? ''}`.trim(),
    });
  return problems;
}
