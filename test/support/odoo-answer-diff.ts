// How two answers of an Odoo (a recorded or real one, and the sandbox's) are compared: by HTTP status, keys and types,
// error names and messages, and the values that depend on neither ids, names, clocks nor demo data. Used by the
// sandbox fidelity test (recorded exchanges against the sandbox) and the real-Odoo likeness check (a real server
// against the sandbox).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** What came back over HTTP. */
export interface HttpAnswer {
  status: number;
  contentType?: string;
  body: Json;
}

export const isObject = (value: unknown): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Odoo's generated names and numbers differ from run to run; messages are compared without them. */
export function normalizeMessage(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  return text.replace(/\b(S|WH\/OUT\/|WH\/IN\/|INV\/\d{4}\/)\d{3,}\b/g, '$1#');
}

/** Differences in keys and types between an expected answer and the sandbox's, as readable paths. */
export function shapeDiff(expected: unknown, actual: unknown, path = '$', out: string[] = []): string[] {
  if (expected === null || typeof expected !== 'object') {
    if (typeof expected !== typeof actual || (expected === null) !== (actual === null)) {
      out.push(
        `${path}: expected ${JSON.stringify(expected)?.slice(0, 60)} (${typeOf(expected)}), got ${JSON.stringify(actual)?.slice(0, 60)} (${typeOf(actual)})`,
      );
    }
    return out;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      out.push(`${path}: expected an array, got ${typeOf(actual)}`);
      return out;
    }
    if ((expected.length === 0) !== (actual.length === 0))
      out.push(`${path}: expected ${expected.length} items, got ${actual.length}`);
    for (let i = 0; i < Math.min(expected.length, actual.length, 3); i++)
      shapeDiff(expected[i], actual[i], `${path}[${i}]`, out);
    return out;
  }
  if (!isObject(actual)) {
    out.push(`${path}: expected an object, got ${typeOf(actual)}`);
    return out;
  }
  const expectedKeys = Object.keys(expected);
  // Objects keyed by ids (allowed companies, currencies) are compared by the shape of one entry.
  if (expectedKeys.length && expectedKeys.every((k) => /^\d+$/.test(k))) {
    const first = Object.values(actual)[0];
    shapeDiff((expected as Record<string, unknown>)[expectedKeys[0]!], first, `${path}{id}`, out);
    return out;
  }
  const missing = expectedKeys.filter((k) => !(k in actual));
  const extra = Object.keys(actual).filter((k) => !(k in (expected as object)));
  if (missing.length) out.push(`${path}: missing keys ${missing.join(', ')}`);
  if (extra.length) out.push(`${path}: unexpected keys ${extra.join(', ')}`);
  for (const key of expectedKeys)
    if (key in actual) shapeDiff((expected as Record<string, unknown>)[key], actual[key], `${path}.${key}`, out);
  return out;
}

/**
 * Fields whose values do not depend on ids, names, clocks or the demo data a server has:
 * the sandbox must give the same values (states, quantities, amounts, flags).
 */
export const SAME_VALUE_FIELDS = new Set([
  'state',
  'picked',
  'invoice_status',
  'payment_state',
  'move_type',
  'amount_untaxed',
  'amount_tax',
  'amount_total',
  'amount_residual',
  'amount_invoiced',
  'amount_to_invoice',
  'price_unit',
  'discount',
  'price_subtotal',
  'price_tax',
  'price_total',
  'product_uom_qty',
  'quantity',
  'qty_delivered',
  'qty_invoiced',
  'to_backorder',
  'inventory_quantity',
  'inventory_quantity_set',
  'inventory_diff_quantity',
  'reserved_quantity',
  'type',
  'detailed_type',
  'is_storable',
  'is_company',
  'noupdate',
  'module',
  'trigger',
  'filter_domain',
  'filter_pre_domain',
  'usage',
  'active',
  'stock_move_sms_validation',
  'has_received_warning_stock_sms',
  'carrier_tracking_ref',
  'client_order_ref',
  'ttype',
  'value',
  'webhook_url',
  'res_model',
  'target',
  'view_mode',
  'advance_payment_method',
  'communication',
  'amount',
  'is_inventory',
  'name', // only compared where the caller says names are comparable (see valueDiff)
]);

/** Fields whose values hold generated names (S00012, WH/OUT/00007): compared with the numbers taken out. */
export const NORMALIZED_VALUE_FIELDS = new Set(['origin', 'invoice_origin']);

/** Differences in the values of SAME_VALUE_FIELDS (names only when `compareNames`, and never generated ones). */
export function valueDiff(
  expected: unknown,
  actual: unknown,
  path = '$',
  out: string[] = [],
  compareNames = false,
): string[] {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    for (let i = 0; i < Math.min(expected.length, actual.length, 3); i++)
      valueDiff(expected[i], actual[i], `${path}[${i}]`, out, compareNames);
  } else if (isObject(expected) && isObject(actual)) {
    for (const [key, value] of Object.entries(expected)) {
      if (!(key in actual)) continue;
      const comparable =
        key === 'name'
          ? compareNames && typeof value === 'string' && !/\d{3,}/.test(value)
          : key !== 'webhook_url' && key !== 'communication';
      if (NORMALIZED_VALUE_FIELDS.has(key) && typeof value === 'string') {
        const got = actual[key];
        if (normalizeMessage(value) !== normalizeMessage(got))
          out.push(`${path}.${key}: ${JSON.stringify(got)}, expected ${JSON.stringify(value)}`);
      } else if (SAME_VALUE_FIELDS.has(key) && (value === null || typeof value !== 'object') && comparable) {
        const got = actual[key];
        const same =
          typeof value === 'number' && typeof got === 'number' ? Math.abs(value - got) < 1e-9 : value === got;
        if (!same) out.push(`${path}.${key}: ${JSON.stringify(got)}, expected ${JSON.stringify(value)}`);
      } else if (typeof value === 'object' && value !== null)
        valueDiff(value, actual[key], `${path}.${key}`, out, compareNames);
    }
  }
  return out;
}

/** The parts of an error that must match exactly: code, message, and data name/message (normalized). */
export function errorFacts(body: unknown): unknown {
  if (!isObject(body)) return body;
  const error = isObject(body.error) ? body.error : body;
  const data = isObject(error.data) ? error.data : error;
  return {
    code: error.code ?? null,
    message: error.data ? error.message : null,
    name: data.name,
    text: normalizeMessage(data.message),
    arguments: Array.isArray(data.arguments) ? data.arguments.map(normalizeMessage) : null,
  };
}

/** Is this body an error: a JSON-RPC `error`, or JSON-2's `{name, message, debug, ...}`? */
export function isErrorBody(body: unknown): boolean {
  return isObject(body) && ('error' in body || (typeof body.name === 'string' && 'debug' in body));
}

export interface AnswerDiffOptions {
  /** Compare SAME_VALUE_FIELDS too (off where values are the server's own: fields_get, demo data, polling). */
  values?: boolean;
  /** Compare `name` values too (where they are ones the caller sent, not the server's sequences). */
  compareNames?: boolean;
}

/** Every difference between an expected answer and the sandbox's: status, content type, error, shape, values. */
export function answerDiff(expected: HttpAnswer, actual: HttpAnswer, options: AnswerDiffOptions = {}): string[] {
  const problems: string[] = [];
  if (actual.status !== expected.status) problems.push(`HTTP ${actual.status}, expected ${expected.status}`);
  if (actual.contentType !== undefined && !actual.contentType.startsWith('application/json'))
    problems.push(`content-type ${actual.contentType}`);
  if (isErrorBody(expected.body) || isErrorBody(actual.body)) {
    const want = JSON.stringify(errorFacts(expected.body));
    const got = JSON.stringify(errorFacts(actual.body));
    if (want !== got) problems.push(`error ${got}, expected ${want}`);
    problems.push(...shapeDiff(expected.body, actual.body));
    return problems;
  }
  if (isObject(expected.body) && isObject(actual.body) && 'result' in expected.body !== 'result' in actual.body) {
    problems.push(
      `reply ${'result' in actual.body ? 'has' : 'lacks'} a result key, expected ${'result' in expected.body ? 'with' : 'without'} one`,
    );
    return problems;
  }
  problems.push(...shapeDiff(expected.body, actual.body));
  if (options.values)
    problems.push(...valueDiff(expected.body, actual.body, '$', [], options.compareNames).map((d) => `value ${d}`));
  return problems;
}

/** Field by field: fields one side lacks, and differing type, relation, required, readonly or selection values. */
export function fieldsGetDiff(expected: Json, actual: Json): string[] {
  const fieldsOf = (body: Json): Record<string, Json> =>
    isObject(body) && isObject(body.result) ? body.result : isObject(body) ? body : {};
  const want = fieldsOf(expected);
  const got = fieldsOf(actual);
  const problems: string[] = [];
  const missing = Object.keys(want).filter((f) => !(f in got));
  const extra = Object.keys(got).filter((f) => !(f in want));
  if (missing.length) problems.push(`missing fields ${missing.sort().join(', ')}`);
  if (extra.length) problems.push(`unexpected fields ${extra.sort().join(', ')}`);
  for (const [name, def] of Object.entries(want)) {
    const other = got[name];
    if (!isObject(def) || !isObject(other)) continue;
    for (const attribute of ['type', 'relation', 'required', 'readonly'])
      if ((def[attribute] ?? null) !== (other[attribute] ?? null))
        problems.push(
          `${name}.${attribute}: ${JSON.stringify(other[attribute])}, expected ${JSON.stringify(def[attribute])}`,
        );
    const keys = (selection: Json | undefined): string =>
      JSON.stringify(
        Array.isArray(selection) ? selection.map((option) => (Array.isArray(option) ? option[0] : option)) : null,
      );
    // a reference field's selection is every model the server has
    if (def.type !== 'reference' && keys(def.selection) !== keys(other.selection))
      problems.push(`${name}.selection: ${keys(other.selection)}, expected ${keys(def.selection)}`);
  }
  return problems;
}

/** One answer of a run of calls, under the label that pairs it with the same call of another run. */
export interface LabelledAnswer {
  label: string;
  answer: HttpAnswer;
  /** Compare values too (see AnswerDiffOptions). */
  values?: boolean;
  compareNames?: boolean;
  /** A fields_get answer: compared field by field. */
  fieldsGet?: boolean;
}

/**
 * Every difference between two runs of the same calls (the expected one, e.g. a real Odoo's, first), label by
 * label; the n-th use of a label pairs with the n-th. A call only one run made is a difference too.
 */
export function pairedDifferences(expected: LabelledAnswer[], actual: LabelledAnswer[]): string[] {
  const keyed = (answers: LabelledAnswer[]): string[] => {
    const seen = new Map<string, number>();
    return answers.map((a) => {
      const n = (seen.get(a.label) ?? 0) + 1;
      seen.set(a.label, n);
      return n === 1 ? a.label : `${a.label} (${n})`;
    });
  };
  const actualByKey = new Map(keyed(actual).map((key, i) => [key, actual[i]!]));
  const out: string[] = [];
  keyed(expected).forEach((key, i) => {
    const want = expected[i]!;
    const got = actualByKey.get(key);
    actualByKey.delete(key);
    if (!got) {
      out.push(`${key}: asked of the expected side only (the other's answers led elsewhere)`);
      return;
    }
    const found =
      want.fieldsGet && !isErrorBody(want.answer.body) && !isErrorBody(got.answer.body)
        ? fieldsGetDiff(want.answer.body, got.answer.body)
        : answerDiff(want.answer, got.answer, {
            values: want.values ?? true,
            compareNames: want.compareNames ?? false,
          });
    out.push(...found.map((d) => `${key}: ${d}`));
  });
  for (const key of actualByKey.keys()) out.push(`${key}: asked of the other side only`);
  return out;
}
