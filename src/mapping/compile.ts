// Compiles a mapping file into plain closures, once per Odoo version: each rule becomes a function that reads the
// source record, computes the value and writes it (checked against the target's schema) into the output. No rule is
// interpreted at apply time; JSONata (`expr:`) is parsed once and cached.
import type { FieldProblem } from '../core/errors.ts';
import { conceptRelation, odooSchema, type OdooVersion } from '../connectors/odoo/fields.ts';
import { clarityFieldAt, clarityShape, elementShapeOf, type ClarityField } from './clarity-shapes.ts';
import { ConversionFailure, compileConversion, parseConversion } from './convert.ts';
import { convertAmount, currencyDecimals, rateFrom, rateKey } from './currency.ts';
import { compileExpression } from './expr.ts';
import { FUNCTIONS, FunctionFailure, roundHalfAway } from './functions.ts';
import type { MappingFile, RuleSpec, SideRef } from './mapping-file.ts';
import { isLookupKind, type LookupNeeds, type Lookups } from './resolver.ts';
import { LookupPlaceholder, clarityCheck, describe, odooTarget, type ValueCheck } from './validate.ts';

// ---------------------------------------------------------------------------------------------------------------
// Evaluation state

export interface Scope {
  record: unknown;
  parent: Scope | undefined;
  root: unknown;
  index: number;
}

export interface EvalState {
  context: Readonly<Record<string, unknown>>;
  lookups: Lookups | undefined;
  /** Collect mode: resolve rules record their keys here instead of reading `lookups`; no problems are recorded. */
  collect: LookupNeeds | undefined;
  /** Lookup keys met so far in collect mode (tells a condition whether its answer depended on a lookup). */
  touched: number;
  /** Preview without a resolver: an unresolved lookup yields a LookupPlaceholder. */
  placeholders: boolean;
  create: boolean;
  problems: FieldProblem[];
  /** Lookup keys the resolver did not know (→ BusinessError). */
  unknown: LookupNeeds;
  prefix: string;
  field: string;
  rule: string;
  exprResults: Map<unknown, Map<number, unknown>>;
  exprPending: Promise<unknown>[];
}

export type Evaluator = (scope: Scope, st: EvalState) => unknown;
export type RuleRunner = (scope: Scope, st: EvalState, out: Record<string, unknown>) => void;

export interface Program {
  rules: RuleRunner[];
  extras: RuleRunner[];
  /** Problems of the mapping itself in this version (a field the version lacks, a read-only field): every apply reports them. */
  versionProblems: FieldProblem[];
  /** Source paths the source schema does not know (reported by `bridge mappings check`). */
  sourceProblems: FieldProblem[];
  /** Odoo source concepts read, per model (what a flow asks `read` for). */
  reads: Map<string, Set<string>>;
  kinds: Set<string>;
  expressions: number;
}

// ---------------------------------------------------------------------------------------------------------------
// Compile environment

interface Side {
  system: 'odoo' | 'clarity' | 'extras';
  name: string;
}

interface Env {
  version: OdooVersion | undefined;
  /** Mapping files that `children: {mapping: <name>}` rules use (an order's lines). */
  includes: ReadonlyMap<string, MappingFile>;
  tables: Record<string, Record<string, unknown>>;
  context: Record<string, string> | undefined;
  fatal: FieldProblem[];
  program: Program;
}

interface Where {
  source: Side;
  target: Side;
  /** Rule label prefix for nested rules, e.g. `order_line[].` */
  label: string;
}

interface ValueCtx {
  where: Where;
  label: string;
  /** The side a `children:` rule builds when it names none (from the rule's target field). */
  childTarget: Side | undefined;
}

const RULE_KEYS = new Set(['target', 'required', 'onlyOnCreate', 'keepEmpty', 'ifAvailable', 'description']);
const BASE_KINDS = ['from', 'value', 'template', 'when', 'first', 'join', 'split', 'fn', 'expr', 'currency', 'children', 'concat'] as const;
const KIND_OPTIONS: Record<string, string[]> = { when: ['then', 'else'], fn: ['args'], join: ['separator'] };
const MODIFIERS = ['table', 'tableMiss', 'resolve', 'convert', 'round', 'default'];

const EMPTY = (v: unknown): boolean => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

function sideOf(ref: SideRef): Side {
  return 'odoo' in ref ? { system: 'odoo', name: ref.odoo } : { system: 'clarity', name: ref.clarity };
}

export function compileProgram(
  file: MappingFile,
  version: OdooVersion | undefined,
  includes: ReadonlyMap<string, MappingFile> = new Map(),
): { program: Program; fatal: FieldProblem[] } {
  const program: Program = { rules: [], extras: [], versionProblems: [], sourceProblems: [], reads: new Map(), kinds: new Set(), expressions: 0 };
  const env: Env = { version, includes, tables: file.tables ?? {}, context: file.context, fatal: [], program };
  const source = sideOf(file.source);
  const target = sideOf(file.target);
  if (target.system === 'clarity' && !clarityShape(target.name)) env.fatal.push({ field: 'target', reason: `unknown Clarity shape ${target.name}` });
  if (source.system === 'clarity' && !clarityShape(source.name)) env.fatal.push({ field: 'source', reason: `unknown Clarity shape ${source.name}` });
  if (target.system === 'odoo' && !odooSchema(target.name, 17)) env.fatal.push({ field: 'target', reason: `no schema is held for Odoo model ${target.name}` });
  if (source.system === 'odoo' && !odooSchema(source.name, 17)) env.fatal.push({ field: 'source', reason: `no schema is held for Odoo model ${source.name}` });
  if (env.fatal.length === 0) {
    program.rules = compileRules(file.rules, env, { source, target, label: '' }, true);
    program.extras = compileRules(file.extras ?? [], env, { source, target: { system: 'extras', name: 'extras' }, label: 'extras.' }, false);
  }
  return { program, fatal: env.fatal };
}

function compileRules(rules: readonly RuleSpec[], env: Env, where: Where, checkRequiredOnCreate: boolean): RuleRunner[] {
  const runners = rules.map((rule) => compileRule(rule, env, where));
  if (checkRequiredOnCreate && where.target.system === 'clarity') {
    const shape = clarityShape(where.target.name) ?? {};
    const required = Object.entries(shape).filter(([, f]) => f.requiredOnCreate).map(([name]) => name);
    if (required.length) runners.push(requiredOnCreateRunner(required, where.target.name, where.label));
  }
  return runners;
}

function requiredOnCreateRunner(fields: string[], shape: string, label: string): RuleRunner {
  return (_scope, st, out) => {
    if (!st.create || st.collect) return;
    for (const field of fields) {
      const path = st.prefix + field;
      // a rule marked required has already said so
      if (EMPTY(out[field]) && !st.problems.some((p) => p.field === path)) st.problems.push({ field: path, rule: `${label}${field}`, reason: `required when a ${shape} is created, and no rule gave it a value` });
    }
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Rules

function compileRule(spec: RuleSpec, env: Env, where: Where): RuleRunner {
  const target = spec.target;
  const label = where.label + target;
  const fatal = (reason: string) => env.fatal.push({ field: label, rule: label, reason });
  const valueSpec: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(spec)) if (!RULE_KEYS.has(key)) valueSpec[key] = value;

  let check: ValueCheck | undefined;
  let childTarget: Side | undefined;
  let targetSegments: string[] | undefined;
  let emptyValue: unknown = null;
  if (where.target.system === 'odoo') {
    emptyValue = false;
    if (target.includes('.')) fatal(`Odoo fields are flat; "${target}" names a path`);
    const version = env.version ?? 17;
    const t = odooTarget(where.target.name, target, version);
    if (t.field === null) {
      if (spec.ifAvailable) return () => undefined;
      const reason = odooSchema(where.target.name, 17)?.[target]
        ? `Odoo ${version} has no field for ${where.target.name}.${target} (mark the rule ifAvailable: true to leave it out there)`
        : `Odoo ${version}'s ${where.target.name} has no field ${target} (mappings name fields by their Odoo 17 name)`;
      env.program.versionProblems.push({ field: label, rule: label, reason });
      return () => undefined;
    }
    if (t.readonly) env.program.versionProblems.push({ field: label, rule: label, reason: `${where.target.name}.${t.field} is read-only in Odoo ${version}; Odoo ignores what is written there` });
    check = t.check;
    const relation = conceptRelation(where.target.name, target);
    if (relation) childTarget = { system: 'odoo', name: relation };
  } else if (where.target.system === 'clarity') {
    targetSegments = target.split('.');
    const field: ClarityField | undefined = clarityFieldAt(where.target.name, targetSegments);
    if (!field) fatal(`the Clarity ${where.target.name} shape has no field ${target}`);
    else {
      if (field.readonly) fatal(`${where.target.name}.${target} is read-only in Clarity`);
      check = clarityCheck(field);
      const shape = elementShapeOf(field);
      if (shape) childTarget = { system: 'clarity', name: shape };
    }
  } else {
    targetSegments = target.split('.');
  }

  for (const flag of ['required', 'onlyOnCreate', 'keepEmpty', 'ifAvailable'] as const) {
    if (spec[flag] !== undefined && typeof spec[flag] !== 'boolean') fatal(`${flag} must be true or false`);
  }
  if (Object.keys(valueSpec).length === 0) fatal('the rule says nothing about its value (give from, value, template, ...)');
  const evaluate = compileValue(valueSpec, env, { where, label, childTarget });
  // a literal can be checked now, so `bridge mappings check` catches e.g. a selection value the version lacks
  if (check && Object.keys(valueSpec).length === 1 && 'value' in valueSpec && !EMPTY(valueSpec.value)) {
    const why = check(valueSpec.value);
    if (why) env.program.versionProblems.push({ field: label, rule: label, reason: why, value: valueSpec.value });
  }
  const sourcePath = typeof valueSpec.from === 'string' ? compilePath(valueSpec.from, env, where, label, false) : undefined;
  const required = spec.required === true;
  const onlyOnCreate = spec.onlyOnCreate === true;
  const keepEmpty = spec.keepEmpty === true;
  const write = targetSegments && targetSegments.length > 1 ? nestedWriter(targetSegments) : flatWriter(target);

  return (scope, st, out) => {
    if (onlyOnCreate && !st.create) return;
    const field = st.prefix + target;
    st.field = field;
    st.rule = label;
    let value: unknown;
    try {
      value = evaluate(scope, st);
    } catch (error) {
      if (!(error instanceof ConversionFailure || error instanceof FunctionFailure)) throw error;
      if (!st.collect) st.problems.push({ field, rule: label, reason: error.message, value: sourcePath ? sourcePath(scope, st) : undefined });
      return;
    }
    if (EMPTY(value)) {
      if (required) {
        if (!st.collect) {
          const problem: FieldProblem = { field, rule: label, reason: sourcePath ? `required, but ${String(spec.from)} is empty` : 'required, but the rule gave no value' };
          if (sourcePath) problem.value = sourcePath(scope, st) ?? null;
          st.problems.push(problem);
        }
        return;
      }
      if (!keepEmpty) return;
      value = emptyValue;
    }
    if (check && !st.collect) {
      const why = check(value);
      if (why) {
        st.problems.push({ field, rule: label, reason: why, value: sourcePath ? (sourcePath(scope, st) ?? null) : value });
        return;
      }
    }
    write(out, value);
  };
}

function flatWriter(key: string): (out: Record<string, unknown>, value: unknown) => void {
  return (out, value) => {
    out[key] = value;
  };
}

function nestedWriter(segments: string[]): (out: Record<string, unknown>, value: unknown) => void {
  const last = segments[segments.length - 1]!;
  const parents = segments.slice(0, -1);
  return (out, value) => {
    let node = out;
    for (const key of parents) {
      const next = node[key];
      if (next !== null && typeof next === 'object' && !Array.isArray(next)) node = next as Record<string, unknown>;
      else node = (node[key] = {}) as Record<string, unknown>;
    }
    node[last] = value;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Values

function compileValue(raw: unknown, env: Env, ctx: ValueCtx): Evaluator {
  if (typeof raw === 'string') return compilePath(raw, env, ctx.where, ctx.label);
  if (raw === null || typeof raw === 'number' || typeof raw === 'boolean') return () => raw;
  if (Array.isArray(raw) || typeof raw !== 'object') {
    env.fatal.push({ field: ctx.label, rule: ctx.label, reason: `a value must be a path text, a number, or an object like {from: ...}; for a literal list write {value: [...]}` });
    return () => undefined;
  }
  const spec = raw as Record<string, unknown>;
  const fatal = (reason: string) => env.fatal.push({ field: ctx.label, rule: ctx.label, reason });
  const kinds = BASE_KINDS.filter((k) => k in spec);
  if (kinds.length !== 1) {
    fatal(kinds.length === 0 ? `no value kind; give one of ${BASE_KINDS.join(', ')}` : `more than one value kind (${kinds.join(', ')}); nest them instead`);
    return () => undefined;
  }
  const kind = kinds[0]!;
  const allowed = new Set([kind, ...(KIND_OPTIONS[kind] ?? []), ...MODIFIERS]);
  for (const key of Object.keys(spec)) if (!allowed.has(key)) fatal(`unknown key "${key}" in a ${kind} rule`);

  let evaluate = compileBase(kind, spec, env, ctx);
  if (spec.table !== undefined) evaluate = withTable(evaluate, spec.table, spec.tableMiss, env, ctx);
  if (spec.resolve !== undefined) evaluate = withResolve(evaluate, spec.resolve, env, ctx);
  if (spec.convert !== undefined) {
    const conversion = parseConversion(spec.convert);
    if (typeof conversion === 'string') fatal(conversion);
    else {
      const convert = compileConversion(conversion);
      const inner = evaluate;
      evaluate = (scope, st) => convert(inner(scope, st));
    }
  }
  if (spec.round !== undefined) {
    const decimals = spec.round;
    if (!Number.isInteger(decimals)) fatal('round: expected a number of decimals');
    else {
      const inner = evaluate;
      evaluate = (scope, st) => {
        const v = inner(scope, st);
        if (typeof v !== 'number') return v;
        return roundHalfAway(v, decimals as number);
      };
    }
  }
  if (spec.default !== undefined) {
    const fallback = spec.default;
    const inner = evaluate;
    evaluate = (scope, st) => {
      const v = inner(scope, st);
      return EMPTY(v) ? fallback : v;
    };
  }
  return evaluate;
}

function compileBase(kind: (typeof BASE_KINDS)[number], spec: Record<string, unknown>, env: Env, ctx: ValueCtx): Evaluator {
  const fatal = (reason: string) => env.fatal.push({ field: ctx.label, rule: ctx.label, reason });
  const nested = (raw: unknown) => compileValue(raw, env, ctx);
  switch (kind) {
    case 'from': {
      if (typeof spec.from !== 'string' || spec.from === '') {
        fatal('from: expected a source path like ShippingContact.Address.City');
        return () => undefined;
      }
      return compilePath(spec.from, env, ctx.where, ctx.label);
    }
    case 'value': {
      const literal = spec.value;
      if (literal !== null && typeof literal === 'object') {
        const text = JSON.stringify(literal);
        return () => JSON.parse(text) as unknown; // a fresh copy: callers may change their output
      }
      return () => literal;
    }
    case 'template':
      return compileTemplate(spec.template, env, ctx);
    case 'when': {
      const condition = compileCondition(spec.when, env, ctx);
      if (!('then' in spec)) fatal('when: needs a then');
      const then = nested(spec.then);
      const otherwise = 'else' in spec ? nested(spec.else) : () => undefined;
      return (scope, st) => {
        const before = st.touched;
        const holds = condition(scope, st);
        if (st.collect && st.touched !== before) {
          // the condition tested a lookup not resolved yet: collect the keys of both branches
          const a = then(scope, st);
          const b = otherwise(scope, st);
          return holds ? a : b;
        }
        return holds ? then(scope, st) : otherwise(scope, st);
      };
    }
    case 'first': {
      if (!Array.isArray(spec.first) || spec.first.length === 0) {
        fatal('first: expected a list of values; the first that is not empty wins');
        return () => undefined;
      }
      const options = spec.first.map(nested);
      return (scope, st) => {
        // (in collect mode an option that needs a lookup gives no value yet, so the next ones are collected too)
        for (const option of options) {
          const v = option(scope, st);
          if (!EMPTY(v)) return v;
        }
        return undefined;
      };
    }
    case 'join': {
      if (!Array.isArray(spec.join)) {
        fatal('join: expected a list of values');
        return () => undefined;
      }
      const parts = spec.join.map(nested);
      const separator = spec.separator === undefined ? ' ' : String(spec.separator);
      return (scope, st) => {
        let text = '';
        for (const part of parts) {
          const v = part(scope, st);
          if (EMPTY(v) || v === false) continue;
          const s = typeof v === 'string' ? v.trim() : String(v);
          if (s === '') continue;
          text = text === '' ? s : text + separator + s;
        }
        return text === '' ? undefined : text;
      };
    }
    case 'split':
      return compileSplit(spec.split, env, ctx);
    case 'fn': {
      const name = spec.fn;
      const entry = typeof name === 'string' && Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
      if (!entry) {
        fatal(`fn: unknown function ${JSON.stringify(name)}; known: ${Object.keys(FUNCTIONS).join(', ')}`);
        return () => undefined;
      }
      const args = Array.isArray(spec.args) ? spec.args.map(nested) : [];
      if (args.length < entry.arity[0] || args.length > entry.arity[1]) fatal(`fn ${String(name)}: takes ${entry.arity[0]}..${entry.arity[1]} args, got ${args.length}`);
      const fn = entry.fn;
      if (args.length === 1) {
        const a = args[0]!;
        return (scope, st) => fn([a(scope, st)]);
      }
      return (scope, st) => fn(args.map((a) => a(scope, st)));
    }
    case 'expr':
      return compileExpr(spec.expr, env, ctx);
    case 'currency':
      return compileCurrency(spec.currency, env, ctx);
    case 'children':
      return compileChildren(spec.children, env, ctx);
    case 'concat': {
      if (!Array.isArray(spec.concat)) {
        fatal('concat: expected a list of values (lists are flattened, empty values dropped)');
        return () => undefined;
      }
      const parts = spec.concat.map(nested);
      return (scope, st) => {
        const out: unknown[] = [];
        for (const part of parts) {
          const v = part(scope, st);
          if (Array.isArray(v)) out.push(...(v as unknown[]));
          else if (!EMPTY(v)) out.push(v);
        }
        return out;
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Paths: `A.B.0.C` relative to the current record; `$root.X`, `$parent.X`, `$index`; `$name.X` = a context value.

export function compilePath(path: string, env: Env, where: Where, label: string, checkSource = true): Evaluator {
  const segments = path.split('.');
  const head = segments[0]!;
  if (segments.some((s) => s === '')) {
    env.fatal.push({ field: label, rule: label, reason: `path "${path}" has an empty segment` });
    return () => undefined;
  }
  if (head.startsWith('$')) {
    const name = head.slice(1);
    const rest = segments.slice(1);
    if (name === 'root') return walk((scope) => scope.root, rest);
    if (name === 'parent') return walk((scope) => scope.parent?.record, rest);
    if (name === 'index') return (scope) => scope.index;
    if (env.context && !Object.hasOwn(env.context, name)) {
      env.fatal.push({ field: label, rule: label, reason: `$${name} is not declared under context: (declared: ${Object.keys(env.context).join(', ') || 'none'})` });
    }
    return walk((_scope, st) => st.context[name], rest);
  }
  if (checkSource) checkSourcePath(segments, env, where, label);
  const getter = walk((scope) => scope.record, segments);
  if (where.source.system === 'odoo') {
    // Odoo reads an empty field as `false`; for anything but a boolean that means "no value"
    const info = odooSchema(where.source.name, 17)?.[head];
    if (info?.type !== 'boolean' || segments.length > 1) {
      return (scope, st) => {
        const v = getter(scope, st);
        return v === false ? undefined : v;
      };
    }
  }
  return getter;
}

function walk(base: (scope: Scope, st: EvalState) => unknown, segments: readonly string[]): Evaluator {
  if (segments.length === 0) return base;
  if (segments.length === 1) {
    const a = segments[0]!;
    return (scope, st) => {
      const o = base(scope, st);
      return o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[a] : undefined;
    };
  }
  if (segments.length === 2) {
    const [a, b] = segments as [string, string];
    return (scope, st) => {
      const o = base(scope, st);
      if (o === null || typeof o !== 'object') return undefined;
      const p = (o as Record<string, unknown>)[a];
      return p !== null && typeof p === 'object' ? (p as Record<string, unknown>)[b] : undefined;
    };
  }
  return (scope, st) => {
    let o = base(scope, st);
    for (const key of segments) {
      if (o === null || typeof o !== 'object') return undefined;
      o = (o as Record<string, unknown>)[key];
    }
    return o;
  };
}

function checkSourcePath(segments: string[], env: Env, where: Where, label: string): void {
  const { source } = where;
  const head = segments[0]!;
  if (source.system === 'odoo') {
    let concepts = env.program.reads.get(source.name);
    if (!concepts) env.program.reads.set(source.name, (concepts = new Set()));
    concepts.add(head);
    const schema = odooSchema(source.name, 17);
    if (schema && head !== 'id' && !schema[head]) {
      env.program.sourceProblems.push({ field: label, rule: label, reason: `Odoo ${source.name} has no field ${head} (mappings name fields by their Odoo 17 name)` });
    }
  } else if (source.system === 'clarity') {
    if (!clarityFieldAt(source.name, segments)) {
      env.program.sourceProblems.push({ field: label, rule: label, reason: `the Clarity ${source.name} shape has no field ${segments.join('.')}` });
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Templates: "Order {CustomKey} for {BillingContact.LastName}"

function compileTemplate(raw: unknown, env: Env, ctx: ValueCtx): Evaluator {
  if (typeof raw !== 'string') {
    env.fatal.push({ field: ctx.label, rule: ctx.label, reason: 'template: expected text with {path} placeholders' });
    return () => undefined;
  }
  const literals: string[] = [];
  const getters: Evaluator[] = [];
  let last = 0;
  for (const match of raw.matchAll(/\{([^{}]+)\}/g)) {
    literals.push(raw.slice(last, match.index));
    getters.push(compilePath(match[1]!.trim(), env, ctx.where, ctx.label));
    last = match.index + match[0].length;
  }
  literals.push(raw.slice(last));
  if (getters.length === 0) return () => raw;
  return (scope, st) => {
    let text = literals[0]!;
    let any = false;
    for (let i = 0; i < getters.length; i++) {
      const v = getters[i]!(scope, st);
      if (!EMPTY(v) && v !== false) {
        any = true;
        text += typeof v === 'string' ? v : String(v);
      }
      text += literals[i + 1]!;
    }
    // a template whose placeholders are all empty is empty (so `default`/`required` apply)
    return any ? text : undefined;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Split: one text → one part ("Ada María Lovelace" → first "Ada", rest "María Lovelace", last "Lovelace")

const SPLIT_PARTS = ['first', 'rest', 'last', 'allButLast'];

function compileSplit(raw: unknown, env: Env, ctx: ValueCtx): Evaluator {
  const fatal = (reason: string) => env.fatal.push({ field: ctx.label, rule: ctx.label, reason });
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    fatal('split: expected {from, part, separator}');
    return () => undefined;
  }
  const spec = raw as Record<string, unknown>;
  const from = compileValue(spec.from, env, ctx);
  const part = spec.part ?? 'first';
  if (!(typeof part === 'number' && Number.isInteger(part)) && !SPLIT_PARTS.includes(String(part))) fatal(`split: part must be ${SPLIT_PARTS.join(', ')} or an index`);
  const separator = spec.separator === undefined ? ' ' : String(spec.separator);
  const byWhitespace = separator === ' ';
  return (scope, st) => {
    const v = from(scope, st);
    if (EMPTY(v) || typeof v !== 'string') return undefined;
    const pieces = (byWhitespace ? v.trim().split(/\s+/) : v.split(separator).map((s) => s.trim())).filter((s) => s !== '');
    if (pieces.length === 0) return undefined;
    if (typeof part === 'number') return pieces[part];
    switch (part) {
      case 'first':
        return pieces[0];
      case 'last':
        return pieces.length > 1 ? pieces[pieces.length - 1] : undefined;
      case 'rest':
        return pieces.length > 1 ? pieces.slice(1).join(separator) : undefined;
      default:
        return pieces.length > 1 ? pieces.slice(0, -1).join(separator) : pieces[0];
    }
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Conditions

type Condition = (scope: Scope, st: EvalState) => boolean;
const OPERATORS = ['equals', 'notEquals', 'in', 'notIn', 'exists', 'empty', 'gt', 'gte', 'lt', 'lte', 'matches', 'inTable'];

function compileCondition(raw: unknown, env: Env, ctx: ValueCtx): Condition {
  const fatal = (reason: string): Condition => {
    env.fatal.push({ field: ctx.label, rule: ctx.label, reason });
    return () => false;
  };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return fatal('when: expected a condition like {from: X, equals: Y}');
  const spec = raw as Record<string, unknown>;
  if ('all' in spec || 'any' in spec) {
    const list = (spec.all ?? spec.any) as unknown;
    if (!Array.isArray(list)) return fatal('all/any: expected a list of conditions');
    const conditions = list.map((c) => compileCondition(c, env, ctx));
    return 'all' in spec ? (s, st) => conditions.every((c) => c(s, st)) : (s, st) => conditions.some((c) => c(s, st));
  }
  if ('not' in spec) {
    const inner = compileCondition(spec.not, env, ctx);
    return (s, st) => !inner(s, st);
  }
  if (!('from' in spec)) return fatal('a condition needs from: (the value it tests), or all/any/not');
  const operand = compileValue(spec.from, env, ctx);
  const ops = OPERATORS.filter((op) => op in spec);
  if (ops.length !== 1) return fatal(`a condition needs exactly one of ${OPERATORS.join(', ')}`);
  const op = ops[0]!;
  const arg = spec[op];
  switch (op) {
    case 'equals':
      return (s, st) => operand(s, st) === arg;
    case 'notEquals':
      return (s, st) => operand(s, st) !== arg;
    case 'in':
    case 'notIn': {
      if (!Array.isArray(arg)) return fatal(`${op}: expected a list`);
      const set = new Set(arg);
      return op === 'in' ? (s, st) => set.has(operand(s, st)) : (s, st) => !set.has(operand(s, st));
    }
    case 'exists':
      return (s, st) => !EMPTY(operand(s, st)) === (arg !== false);
    case 'empty':
      return (s, st) => EMPTY(operand(s, st)) === (arg !== false);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      if (typeof arg !== 'number') return fatal(`${op}: expected a number`);
      return (s, st) => {
        const raw = operand(s, st);
        const v = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
        if (typeof v !== 'number' || Number.isNaN(v)) return false;
        return op === 'gt' ? v > arg : op === 'gte' ? v >= arg : op === 'lt' ? v < arg : v <= arg;
      };
    }
    case 'matches': {
      let regex: RegExp;
      try {
        regex = new RegExp(String(arg), 'u');
      } catch (error) {
        return fatal(`matches: ${(error as Error).message}`);
      }
      return (s, st) => {
        const v = operand(s, st);
        return typeof v === 'string' && regex.test(v);
      };
    }
    default: {
      const table = typeof arg === 'string' ? env.tables[arg] : undefined;
      if (!table) return fatal(`inTable: no table named ${JSON.stringify(arg)} under tables:`);
      return (s, st) => {
        const v = operand(s, st);
        return (typeof v === 'string' || typeof v === 'number') && Object.hasOwn(table, String(v));
      };
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Lookups: static tables and dynamic resolvers

function lookupKey(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value) && typeof value[0] === 'number') return String(value[0]); // an Odoo many2one [id, name]
  return undefined;
}

function withTable(inner: Evaluator, raw: unknown, missRaw: unknown, env: Env, ctx: ValueCtx): Evaluator {
  const fatal = (reason: string) => env.fatal.push({ field: ctx.label, rule: ctx.label, reason });
  const table = typeof raw === 'string' ? env.tables[raw] : raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
  if (!table) {
    fatal(`table: ${typeof raw === 'string' ? `no table named ${raw} under tables:` : 'expected a table name or {key: value} pairs'}`);
    return inner;
  }
  const miss = missRaw ?? 'empty';
  if (miss !== 'empty' && miss !== 'keep' && miss !== 'problem') fatal('tableMiss: expected empty, keep or problem');
  const name = typeof raw === 'string' ? raw : 'inline table';
  return (scope, st) => {
    const v = inner(scope, st);
    if (EMPTY(v)) return undefined;
    const key = lookupKey(v);
    if (key !== undefined && Object.hasOwn(table, key)) return table[key];
    if (miss === 'keep') return v;
    if (miss === 'problem') throw new ConversionFailure(`${describe(v)} is not in the table ${name} (known: ${Object.keys(table).join(', ')})`);
    return undefined;
  };
}

function addNeed(needs: LookupNeeds, kind: string, key: string): void {
  let keys = needs.get(kind);
  if (!keys) needs.set(kind, (keys = new Set()));
  keys.add(key);
}

function withResolve(inner: Evaluator, raw: unknown, env: Env, ctx: ValueCtx): Evaluator {
  const spec = typeof raw === 'string' ? { kind: raw } : (raw as Record<string, unknown> | null);
  const kind = spec?.kind;
  if (typeof kind !== 'string' || !isLookupKind(kind)) {
    env.fatal.push({ field: ctx.label, rule: ctx.label, reason: `resolve: unknown lookup kind ${JSON.stringify(kind)}` });
    return inner;
  }
  env.program.kinds.add(kind);
  const optional = spec?.optional === true;
  return (scope, st) => {
    const v = inner(scope, st);
    if (EMPTY(v) || v === false) return undefined;
    const key = lookupKey(v);
    if (key === undefined) throw new ConversionFailure(`${describe(v)} cannot be a ${kind} lookup key`);
    return resolveKey(st, kind, key, optional);
  };
}

function resolveKey(st: EvalState, kind: string, key: string, optional: boolean): unknown {
  if (st.collect) {
    st.touched++;
    addNeed(st.collect, kind, key);
    return st.placeholders ? new LookupPlaceholder(kind, key) : undefined;
  }
  const table = st.lookups?.get(kind);
  if (table?.has(key)) return table.get(key);
  if (st.placeholders) return new LookupPlaceholder(kind, key);
  if (!optional) addNeed(st.unknown, kind, key);
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Currency: {amount, from, to, rates: <table>|odoo, decimals?}

function compileCurrency(raw: unknown, env: Env, ctx: ValueCtx): Evaluator {
  const fatal = (reason: string) => env.fatal.push({ field: ctx.label, rule: ctx.label, reason });
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    fatal('currency: expected {amount, from, to, rates}');
    return () => undefined;
  }
  const spec = raw as Record<string, unknown>;
  const amount = compileValue(spec.amount, env, ctx);
  const from = compileValue(spec.from, env, ctx);
  const to = compileValue(spec.to, env, ctx);
  const rates = spec.rates ?? 'odoo';
  const table = rates === 'odoo' ? undefined : typeof rates === 'string' ? env.tables[rates] : undefined;
  if (rates !== 'odoo' && !table) fatal(`currency: rates must be odoo or the name of a table under tables:`);
  if (rates === 'odoo') env.program.kinds.add('currency_rate');
  const decimals = spec.decimals;
  if (decimals !== undefined && !Number.isInteger(decimals)) fatal('currency: decimals must be a whole number');
  return (scope, st) => {
    const a = amount(scope, st);
    if (EMPTY(a)) return undefined;
    const n = typeof a === 'string' ? Number(a) : a;
    if (typeof n !== 'number' || !Number.isFinite(n)) throw new ConversionFailure(`amount ${describe(a)} is not a number`);
    const source = from(scope, st);
    const targetCurrency = to(scope, st);
    if (typeof targetCurrency !== 'string' || targetCurrency === '') throw new ConversionFailure('no target currency code');
    const places = (decimals as number | undefined) ?? currencyDecimals(targetCurrency);
    if (EMPTY(source) || source === targetCurrency) return roundHalfAway(n, places);
    if (typeof source !== 'string') throw new ConversionFailure(`currency code ${describe(source)} is not text`);
    let rate: number | undefined;
    if (table) rate = rateFrom(table, source, targetCurrency);
    else {
      const resolved = resolveKey(st, 'currency_rate', rateKey(source, targetCurrency), false);
      if (resolved instanceof LookupPlaceholder || st.collect) return resolved;
      rate = typeof resolved === 'number' ? resolved : undefined;
      if (rate === undefined) return undefined; // the unknown key is reported as a BusinessError
    }
    if (rate === undefined) throw new ConversionFailure(`no rate from ${source} to ${targetCurrency} in the table ${String(rates)}`);
    return convertAmount(n, rate, targetCurrency, places);
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Children: a list of source records → a list of child records (Odoo x2many create commands, or Clarity lists)

function compileChildren(raw: unknown, env: Env, ctx: ValueCtx): Evaluator {
  const fatal = (reason: string) => env.fatal.push({ field: ctx.label, rule: ctx.label, reason });
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    fatal('children: expected {from, rules}');
    return () => undefined;
  }
  const spec = raw as Record<string, unknown>;
  for (const key of Object.keys(spec)) if (!['from', 'rules', 'mapping', 'target', 'source', 'commands', 'filter'].includes(key)) fatal(`children: unknown key "${key}"`);
  if (typeof spec.from !== 'string') {
    fatal('children: from must be the path of the source list');
    return () => undefined;
  }
  let childEnv = env;
  if (spec.mapping !== undefined) {
    // the child rules live in another mapping file (overridable on its own): use its rules, sides and tables
    const included = typeof spec.mapping === 'string' ? env.includes.get(spec.mapping) : undefined;
    if (!included) {
      fatal(`children: mapping ${JSON.stringify(spec.mapping)} is not loaded (name a mapping file, e.g. order-line.clarity-to-odoo)`);
      return () => undefined;
    }
    if (spec.rules !== undefined) fatal('children: give rules or mapping, not both');
    const includedTarget = sideOf(included.target);
    if (ctx.childTarget && (ctx.childTarget.system !== includedTarget.system || ctx.childTarget.name !== includedTarget.name)) {
      fatal(`children: mapping ${included.mapping} builds ${includedTarget.name}, but ${ctx.label} holds ${ctx.childTarget.name}`);
    }
    childEnv = { ...env, tables: included.tables ?? {}, context: included.context };
    return compileChildList(spec, included.rules, sideOf(included.source), includedTarget, env, childEnv, ctx);
  }
  const parentWhere = ctx.where;

  let target: Side | undefined = ctx.childTarget;
  if (typeof spec.target === 'string') target = { system: parentWhere.target.system === 'extras' ? 'extras' : parentWhere.target.system, name: spec.target };
  if (parentWhere.target.system === 'extras') target = { system: 'extras', name: 'extras' };
  if (!target) {
    fatal('children: name the child model or shape with target:');
    return () => undefined;
  }
  if (target.system === 'odoo' && !odooSchema(target.name, 17)) fatal(`children: no schema is held for Odoo model ${target.name}`);
  if (target.system === 'clarity' && !clarityShape(target.name)) fatal(`children: unknown Clarity shape ${target.name}`);

  let source: Side;
  if (typeof spec.source === 'string') source = { system: parentWhere.source.system, name: spec.source };
  else if (parentWhere.source.system === 'odoo') {
    const head = spec.from.split('.')[0]!;
    source = { system: 'odoo', name: conceptRelation(parentWhere.source.name, head) ?? parentWhere.source.name };
  } else {
    const shape = elementShapeOf(clarityFieldAt(parentWhere.source.name, spec.from.split('.')));
    source = { system: 'clarity', name: shape ?? parentWhere.source.name };
  }
  if (!Array.isArray(spec.rules) || spec.rules.some((r) => r === null || typeof r !== 'object' || typeof (r as RuleSpec).target !== 'string')) {
    fatal('children: rules must be a list of rules with a target each');
    return () => undefined;
  }
  return compileChildList(spec, spec.rules as RuleSpec[], source, target, env, childEnv, ctx);
}

function compileChildList(
  spec: Record<string, unknown>,
  rules: readonly RuleSpec[],
  source: Side,
  target: Side,
  env: Env,
  childEnv: Env,
  ctx: ValueCtx,
): Evaluator {
  const fatal = (reason: string) => env.fatal.push({ field: ctx.label, rule: ctx.label, reason });
  const list = compilePath(String(spec.from), env, ctx.where, ctx.label);
  const commands = spec.commands ?? (target.system === 'odoo' ? 'create' : 'list');
  if (commands !== 'create' && commands !== 'list') fatal('children: commands must be create (Odoo [0, 0, {...}]) or list');
  const where: Where = { source, target, label: `${ctx.label}[].` };
  const runners = compileRules(rules, childEnv, where, true);
  const filter = spec.filter === undefined ? undefined : compileCondition(spec.filter, childEnv, { where, label: `${ctx.label}[]`, childTarget: undefined });
  const asCommands = commands === 'create';

  return (scope, st) => {
    const value = list(scope, st);
    if (EMPTY(value) || value === false) return undefined;
    const items = Array.isArray(value) ? value : [value];
    const out: unknown[] = [];
    const savedPrefix = st.prefix;
    const field = st.field;
    const rule = st.rule;
    for (let i = 0; i < items.length; i++) {
      const child: Scope = { record: items[i], parent: scope, root: scope.root, index: i };
      if (filter && !filter(child, st)) continue;
      st.prefix = `${field}.${out.length}.`;
      const vals: Record<string, unknown> = {};
      for (const run of runners) run(child, st, vals);
      out.push(asCommands ? [0, 0, vals] : vals);
    }
    st.prefix = savedPrefix;
    st.field = field;
    st.rule = rule;
    return out;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// JSONata

const PENDING = Symbol('pending');

class ExpressionFailure {
  constructor(readonly message: string) {}
}

function compileExpr(raw: unknown, env: Env, ctx: ValueCtx): Evaluator {
  if (typeof raw !== 'string' || raw.trim() === '') {
    env.fatal.push({ field: ctx.label, rule: ctx.label, reason: 'expr: expected a JSONata expression' });
    return () => undefined;
  }
  const expression = compileExpression(raw);
  if (typeof expression === 'string') {
    env.fatal.push({ field: ctx.label, rule: ctx.label, reason: expression });
    return () => undefined;
  }
  const id = env.program.expressions++;
  return (scope, st) => {
    const key = scope.record;
    let results = st.exprResults.get(key);
    if (results?.has(id)) {
      const v = results.get(id);
      if (v === PENDING) return undefined;
      if (v instanceof ExpressionFailure) throw new FunctionFailure(v.message);
      return v;
    }
    if (!results) st.exprResults.set(key, (results = new Map()));
    const store = results;
    store.set(id, PENDING);
    const bindings = { root: scope.root, parent: scope.parent?.record, index: scope.index, context: st.context };
    st.exprPending.push(
      expression.evaluate(scope.record ?? {}, bindings).then(
        (v: unknown) => store.set(id, Array.isArray(v) ? [...(v as unknown[])] : v),
        (error: unknown) => store.set(id, new ExpressionFailure(`expr failed: ${(error as Error).message ?? String(error)}`)),
      ),
    );
    return undefined;
  };
}
