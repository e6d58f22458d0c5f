// The shape of a mapping file (YAML), as an operator writes it. See src/mapping/README.md for the rule kinds.
import { parse } from 'yaml';
import { ValidationError, type FieldProblem } from '../core/errors.ts';

/** One side of a mapping: an Odoo model (fields named by their Odoo 17 name) or a Clarity contract shape. */
export type SideRef = { odoo: string } | { clarity: string };

/** A rule: a target field plus a value spec (one base kind and optional modifiers). */
export interface RuleSpec extends Record<string, unknown> {
  target: string;
  required?: boolean;
  onlyOnCreate?: boolean;
  /** Write Odoo's `false` / Clarity's `null` when the value is empty (clears the field), instead of leaving it out. */
  keepEmpty?: boolean;
  /** The field may be absent in some Odoo versions: leave it out there instead of reporting a problem. */
  ifAvailable?: boolean;
  description?: string;
  /** The field group the rule belongs to (price, stock, description, contact, ...): a flow leaves out the groups the
   * other side owns with `apply(..., {skipGroups})`. */
  group?: string;
}

export interface MappingFile {
  mapping: string;
  description?: string;
  source: SideRef;
  target: SideRef;
  /** Values the flow passes in `apply(..., {context})`, named `$name` in rules: name → what it is. */
  context?: Record<string, string>;
  /** Static lookup tables (`table: <name>` in a rule; `rates` tables for `currency:`). */
  tables?: Record<string, Record<string, unknown>>;
  rules: RuleSpec[];
  /** Values computed beside the record (not written to the target, not checked against its schema), e.g. a chatter note. */
  extras?: RuleSpec[];
}

/** Mapping names are `<entity>.<direction>`, e.g. `order.clarity-to-odoo`. */
export const MAPPING_NAME = /^[a-z0-9][a-z0-9-]*\.(clarity-to-odoo|odoo-to-clarity)$/;

/** Parses and shape-checks a mapping file's text; every structural problem at once as a ValidationError. */
export function parseMappingFile(text: string, origin: string): MappingFile {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (error) {
    throw new ValidationError(`mapping file ${origin} is not valid YAML`, [
      { field: origin, reason: (error as Error).message },
    ]);
  }
  const problems: FieldProblem[] = [];
  const at = (field: string, reason: string) => problems.push({ field, reason });
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ValidationError(`mapping file ${origin} must be a YAML mapping`, [
      { field: origin, reason: 'expected keys mapping, source, target, rules' },
    ]);
  }
  const d = doc as Record<string, unknown>;
  const known = new Set(['mapping', 'description', 'source', 'target', 'context', 'tables', 'rules', 'extras']);
  for (const key of Object.keys(d))
    if (!known.has(key)) at(key, `unknown key; expected one of ${[...known].join(', ')}`);
  if (typeof d.mapping !== 'string' || !MAPPING_NAME.test(d.mapping))
    at('mapping', 'expected a name like order.clarity-to-odoo');
  for (const side of ['source', 'target'] as const) {
    const ref = d[side] as Record<string, unknown> | undefined;
    const ok =
      ref &&
      typeof ref === 'object' &&
      Object.keys(ref).length === 1 &&
      (typeof ref.odoo === 'string' || typeof ref.clarity === 'string');
    if (!ok) at(side, 'expected {odoo: <model>} or {clarity: <shape>}');
  }
  if (d.context !== undefined && !isStringRecord(d.context)) at('context', 'expected name: description pairs');
  if (d.tables !== undefined) {
    if (!isRecord(d.tables)) at('tables', 'expected name: {key: value} tables');
    else
      for (const [name, table] of Object.entries(d.tables))
        if (!isRecord(table)) at(`tables.${name}`, 'expected {key: value} pairs');
  }
  checkRules(d.rules, 'rules', at, true);
  if (d.extras !== undefined) checkRules(d.extras, 'extras', at, false);
  if (problems.length) throw new ValidationError(`mapping file ${origin} is malformed`, problems);
  return d as unknown as MappingFile;
}

function checkRules(
  rules: unknown,
  where: string,
  at: (field: string, reason: string) => void,
  mustHave: boolean,
): void {
  if (!Array.isArray(rules) || (mustHave && rules.length === 0)) {
    at(where, 'expected a list of rules');
    return;
  }
  rules.forEach((rule, i) => {
    if (!isRecord(rule) || typeof rule.target !== 'string' || rule.target === '')
      at(`${where}[${i}]`, 'a rule needs a `target` field name');
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isStringRecord(value: unknown): boolean {
  return isRecord(value) && Object.values(value).every((v) => typeof v === 'string');
}

export function sideSystem(ref: SideRef): 'odoo' | 'clarity' {
  return 'odoo' in ref ? 'odoo' : 'clarity';
}

export function sideName(ref: SideRef): string {
  return 'odoo' in ref ? ref.odoo : ref.clarity;
}

/** Names of the mapping files a mapping's `children: {mapping: <name>}` rules use. */
export function includedMappings(file: MappingFile): string[] {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') {
      const children = (node as Record<string, unknown>).children;
      if (
        children !== null &&
        typeof children === 'object' &&
        typeof (children as Record<string, unknown>).mapping === 'string'
      ) {
        names.add((children as Record<string, string>).mapping!);
      }
      Object.values(node).forEach(visit);
    }
  };
  visit(file.rules);
  visit(file.extras);
  return [...names];
}
