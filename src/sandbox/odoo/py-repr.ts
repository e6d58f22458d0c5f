// Python's repr() of JSON values, for messages that quote a domain leaf the way Odoo prints it.
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`)
    .join(', ')}}`;
}

/**
 * Python's `json.dumps(value, sort_keys=True)`: separators ", " and ": ", non-ASCII escaped, and floats of
 * float-typed fields written with a decimal point (`floatKeys` names them).
 */
export function pyJsonDumps(value: unknown, floatKeys: ReadonlySet<string> = new Set(), key = ''): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return floatKeys.has(key) && Number.isInteger(value) ? `${value}.0` : String(value);
  if (typeof value === 'string')
    return JSON.stringify(value).replace(
      /[\u007f-\uffff]/g,
      (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  if (Array.isArray(value)) return `[${value.map((v) => pyJsonDumps(v, floatKeys)).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${pyJsonDumps(k)}: ${pyJsonDumps(v, floatKeys, k)}`).join(', ')}}`;
}
