// Secret redaction for anything that leaves the process: logs, error texts, traces, the dashboard.
import { SECRET_MASK, redactSecretValues } from './secret.ts';

/** Keys whose values are secrets wherever they appear. */
const SECRET_KEY = /pass(word)?|secret|token|api[-_]?key|authorization|cookie|credential|private[-_]?key|signature/i;
/** Keys that look like secrets but are not (a token *type*, a count). */
const SAFE_KEY = /^(token_type|expires_in|tokenType|hasToken|webhook-id)$/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key) && !SAFE_KEY.test(key);
}

/** A deep copy of `value` with secret-named keys masked and known secret values replaced. */
export function redact<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return redactSecretValues(value) as T;
  if (value === null || typeof value !== 'object' || depth > 12) return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1)) as T;
  if (value instanceof Error) return redact({ name: value.name, message: value.message }, depth + 1) as T;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function' && !(value instanceof Date)) {
    return redact((value as unknown as { toJSON(): unknown }).toJSON(), depth + 1) as T;
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = isSecretKey(key) && v !== null && v !== undefined && v !== false ? SECRET_MASK : redact(v, depth + 1);
  }
  return out as T;
}
