// Checks of mapped values against the target's schema: Odoo's real fields_get per model and version (through the
// connector's version map), and the Clarity contract's shapes. Each check compiles once per field to a small function
// that says why a value does not fit, or nothing.
import {
  odooField,
  odooSchema,
  toVersionFieldsReport,
  toVersionSelection,
  type OdooFieldInfo,
  type OdooVersion,
} from '../connectors/odoo/fields.ts';
import { clarityTypeProblem, type ClarityField } from './clarity-shapes.ts';

export type ValueCheck = (value: unknown) => string | undefined;

/** A lookup placeholder (preview without a resolver) fits any field. */
export class LookupPlaceholder {
  constructor(
    readonly kind: string,
    readonly key: string,
  ) {}
  toJSON(): string {
    return `<${this.kind}:${this.key}>`;
  }
}

export interface OdooTarget {
  /** The field that holds the concept in this version, or null when the version has none (and no value rule). */
  field: string | null;
  readonly: boolean;
  info: OdooFieldInfo | undefined;
  check: ValueCheck;
}

const ODOO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ODOO_DATE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** How a concept of `model` is written in `version`, and the check of its values. */
export function odooTarget(model: string, concept: string, version: OdooVersion): OdooTarget {
  // custom fields (Studio's x_ fields) are not in the schemas we hold: written as named, for Odoo to judge
  if (concept.startsWith('x_')) return { field: concept, readonly: false, info: undefined, check: () => undefined };
  const info17 = odooSchema(model, 17)?.[concept];
  const { values, dropped } = toVersionFieldsReport(model, { [concept]: sampleValue(info17) }, version);
  const schema = odooSchema(model, version);
  // the version map passes unknown names through for Odoo to judge; the schema we hold judges them here
  const written = Object.keys(values);
  if (dropped.length || written.length === 0 || (schema && written.some((f) => !Object.hasOwn(schema, f)))) {
    return { field: null, readonly: false, info: undefined, check: () => undefined };
  }
  const field = odooField(model, concept, version) ?? written[0]!;
  const info = schema?.[field];
  // the concept's value is checked in 17 terms (the version map converts it); its selection in the version's terms
  const typeInfo = info17 ?? info;
  return {
    field,
    readonly: info?.readonly === true,
    info: typeInfo,
    check: typeInfo ? odooTypeCheck(model, concept, version, typeInfo, info) : () => undefined,
  };
}

function sampleValue(info: OdooFieldInfo | undefined): unknown {
  if (!info) return 'x';
  if (info.type === 'selection') return info.selection?.[0]?.[0] ?? 'x';
  if (info.type === 'boolean') return true;
  if (info.type === 'many2one') return 1;
  return 'x';
}

function odooTypeCheck(
  model: string,
  concept: string,
  version: OdooVersion,
  info: OdooFieldInfo,
  versionInfo: OdooFieldInfo | undefined,
): ValueCheck {
  const typed =
    (pred: (v: unknown) => boolean, expected: string): ValueCheck =>
    (v) =>
      v === false || v instanceof LookupPlaceholder || pred(v) ? undefined : `expected ${expected}, got ${describe(v)}`;
  switch (info.type) {
    case 'char':
    case 'text':
    case 'html':
    case 'binary':
    case 'reference':
      return typed((v) => typeof v === 'string', 'text');
    case 'integer':
      return typed((v) => Number.isInteger(v), 'a whole number');
    case 'float':
    case 'monetary':
      return typed((v) => typeof v === 'number' && Number.isFinite(v), 'a number');
    case 'boolean':
      return (v) =>
        typeof v === 'boolean' || v instanceof LookupPlaceholder
          ? undefined
          : `expected true or false, got ${describe(v)}`;
    case 'date':
      return typed((v) => typeof v === 'string' && ODOO_DATE.test(v), 'a date YYYY-MM-DD');
    case 'datetime':
      return typed((v) => typeof v === 'string' && ODOO_DATE_TIME.test(v), 'a UTC date-time YYYY-MM-DD HH:MM:SS');
    case 'many2one':
      return typed((v) => Number.isInteger(v) && (v as number) > 0, `a ${info.relation ?? 'record'} id`);
    case 'one2many':
    case 'many2many':
      return (v) => (v === false || v instanceof LookupPlaceholder ? undefined : x2manyProblem(v));
    case 'selection': {
      const allowed = new Set((versionInfo?.selection ?? info.selection ?? []).map(([key]) => key));
      if (allowed.size === 0) return () => undefined;
      return (v) => {
        if (v === false || v instanceof LookupPlaceholder) return undefined;
        if (typeof v !== 'string') return `expected one of ${[...allowed].join(', ')}, got ${describe(v)}`;
        const inVersion = toVersionSelection(model, concept, v, version);
        return allowed.has(inVersion) ? undefined : `expected one of ${[...allowed].join(', ')}, got ${describe(v)}`;
      };
    }
    default:
      return () => undefined;
  }
}

/** x2many values are lists of Odoo commands: [0,0,{..}] create, [1,id,{..}] update, [2|3|4,id], [5], [6,0,[ids]]. */
function x2manyProblem(value: unknown): string | undefined {
  if (!Array.isArray(value)) return `expected a list of x2many commands, got ${describe(value)}`;
  for (const [i, command] of value.entries()) {
    if (!Array.isArray(command) || typeof command[0] !== 'number')
      return `command ${i} is not a command list like [0, 0, {...}]`;
    const [code, id, arg] = command as [number, unknown, unknown];
    const isId = (x: unknown) => x instanceof LookupPlaceholder || (Number.isInteger(x) && (x as number) > 0);
    const ok =
      code === 0
        ? isObject(arg)
        : code === 1
          ? isId(id) && isObject(arg)
          : code === 2 || code === 3 || code === 4
            ? isId(id)
            : code === 5
              ? true
              : code === 6
                ? Array.isArray(arg) && arg.every(isId)
                : false;
    if (!ok) return `command ${i} (${describe(command)}) is not a valid x2many command`;
  }
  return undefined;
}

function isObject(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function clarityCheck(field: ClarityField): ValueCheck {
  return (v) => (v instanceof LookupPlaceholder ? undefined : clarityTypeProblem(field.type, v));
}

export function describe(value: unknown): string {
  if (value instanceof LookupPlaceholder) return JSON.stringify(value.toJSON());
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
