// Compiles a mapping file into plain closures, once per Odoo version: each rule becomes a function that reads the
// source record, computes the value and writes it (checked against the target's schema) into the output. No rule is
// interpreted at apply time; JSONata (`expr:`) is parsed once and cached.
import type { FieldProblem } from '../core/errors.ts';
import { conceptRelation, odooSchema, type OdooVersion } from '../connectors/odoo/fields.ts';
import { clarityFieldAt, clarityShape, elementShapeOf, type ClarityField } from './clarity-shapes.ts';
import { compileChildren } from './compile-children.ts';
import { compileCondition } from './compile-condition.ts';
import {
  EMPTY,
  fatalAt,
  sideOf,
  type Compiler,
  type Env,
  type Evaluator,
  type Program,
  type RuleRunner,
  type Side,
  type ValueCtx,
  type Where,
} from './compile-context.ts';
import { compileCurrency } from './compile-currency.ts';
import { compileExpr } from './compile-expr.ts';
import { withResolve, withTable } from './compile-lookup.ts';
import { compilePath } from './compile-path.ts';
import { compileSplit, compileTemplate } from './compile-text.ts';
import { ConversionFailure, compileConversion, parseConversion } from './convert.ts';
import { FUNCTIONS, FunctionFailure, roundHalfAway } from './functions.ts';
import type { MappingFile, RuleSpec } from './mapping-file.ts';
import { clarityCheck, odooTarget, type ValueCheck } from './validate.ts';

export type { EvalState, Program, Scope } from './compile-context.ts';

const RULE_KEYS = new Set(['target', 'required', 'onlyOnCreate', 'keepEmpty', 'ifAvailable', 'description', 'group']);
const BASE_KINDS = [
  'from',
  'value',
  'template',
  'when',
  'first',
  'join',
  'split',
  'fn',
  'expr',
  'currency',
  'children',
  'concat',
] as const;
const KIND_OPTIONS: Record<string, string[]> = { when: ['then', 'else'], fn: ['args'], join: ['separator'] };
const MODIFIERS = ['table', 'tableMiss', 'resolve', 'convert', 'round', 'default'];

const compiler: Compiler = {
  value: (raw, env, ctx) => compileValue(raw, env, ctx),
  rules: (rules, env, where, checkRequiredOnCreate) => compileRules(rules, env, where, checkRequiredOnCreate),
  condition: (raw, env, ctx) => compileCondition(raw, env, ctx),
};

export function compileProgram(
  file: MappingFile,
  version: OdooVersion | undefined,
  includes: ReadonlyMap<string, MappingFile> = new Map(),
): { program: Program; fatal: FieldProblem[] } {
  const program: Program = {
    rules: [],
    extras: [],
    versionProblems: [],
    sourceProblems: [],
    reads: new Map(),
    kinds: new Set(),
    groups: new Map(),
    expressions: 0,
  };
  const env: Env = {
    version,
    includes,
    tables: file.tables ?? {},
    context: file.context,
    fatal: [],
    program,
    compiler,
  };
  const source = sideOf(file.source);
  const target = sideOf(file.target);
  if (target.system === 'clarity' && !clarityShape(target.name))
    env.fatal.push({ field: 'target', reason: `unknown Clarity shape ${target.name}` });
  if (source.system === 'clarity' && !clarityShape(source.name))
    env.fatal.push({ field: 'source', reason: `unknown Clarity shape ${source.name}` });
  if (target.system === 'odoo' && !odooSchema(target.name, 17))
    env.fatal.push({ field: 'target', reason: `no schema is held for Odoo model ${target.name}` });
  if (source.system === 'odoo' && !odooSchema(source.name, 17))
    env.fatal.push({ field: 'source', reason: `no schema is held for Odoo model ${source.name}` });
  if (env.fatal.length === 0) {
    program.rules = compileRules(file.rules, env, { source, target, label: '' }, true);
    program.extras = compileRules(
      file.extras ?? [],
      env,
      { source, target: { system: 'extras', name: 'extras' }, label: 'extras.' },
      false,
    );
  }
  return { program, fatal: env.fatal };
}

function compileRules(
  rules: readonly RuleSpec[],
  env: Env,
  where: Where,
  checkRequiredOnCreate: boolean,
): RuleRunner[] {
  const runners = rules.map((rule) => compileRule(rule, env, where));
  if (checkRequiredOnCreate && where.target.system === 'clarity') {
    const shape = clarityShape(where.target.name) ?? {};
    const required = Object.entries(shape)
      .filter(([, f]) => f.requiredOnCreate)
      .map(([name]) => name);
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
      if (EMPTY(out[field]) && !st.problems.some((p) => p.field === path))
        st.problems.push({
          field: path,
          rule: `${label}${field}`,
          reason: `required when a ${shape} is created, and no rule gave it a value`,
        });
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
    if (t.readonly)
      env.program.versionProblems.push({
        field: label,
        rule: label,
        reason: `${where.target.name}.${t.field} is read-only in Odoo ${version}; Odoo ignores what is written there`,
      });
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
  if (Object.keys(valueSpec).length === 0)
    fatal('the rule says nothing about its value (give from, value, template, ...)');
  const evaluate = compileValue(valueSpec, env, { where, label, childTarget });
  // a literal can be checked now, so `bridge mappings check` catches e.g. a selection value the version lacks
  if (check && Object.keys(valueSpec).length === 1 && 'value' in valueSpec && !EMPTY(valueSpec.value)) {
    const why = check(valueSpec.value);
    if (why) env.program.versionProblems.push({ field: label, rule: label, reason: why, value: valueSpec.value });
  }
  const sourcePath =
    typeof valueSpec.from === 'string' ? compilePath(valueSpec.from, env, where, label, false) : undefined;
  const required = spec.required === true;
  const onlyOnCreate = spec.onlyOnCreate === true;
  if (spec.group !== undefined && (typeof spec.group !== 'string' || !/^[a-z][a-z0-9-]*$/.test(spec.group)))
    fatal('group: expected a lower-case name like price');
  const group = typeof spec.group === 'string' ? spec.group : undefined;
  if (group) {
    let fields = env.program.groups.get(group);
    if (!fields) env.program.groups.set(group, (fields = new Set()));
    fields.add(label);
  }
  const keepEmpty = spec.keepEmpty === true;
  const write = targetSegments && targetSegments.length > 1 ? nestedWriter(targetSegments) : flatWriter(target);

  return (scope, st, out) => {
    if (onlyOnCreate && !st.create) return;
    if (group !== undefined && st.skipGroups?.has(group)) return;
    const field = st.prefix + target;
    st.field = field;
    st.rule = label;
    let value: unknown;
    try {
      value = evaluate(scope, st);
    } catch (error) {
      if (!(error instanceof ConversionFailure || error instanceof FunctionFailure)) throw error;
      if (!st.collect)
        st.problems.push({
          field,
          rule: label,
          reason: error.message,
          value: sourcePath ? sourcePath(scope, st) : undefined,
        });
      return;
    }
    if (EMPTY(value)) {
      if (required) {
        if (!st.collect) {
          const problem: FieldProblem = {
            field,
            rule: label,
            reason: sourcePath ? `required, but ${String(spec.from)} is empty` : 'required, but the rule gave no value',
          };
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
        st.problems.push({
          field,
          rule: label,
          reason: why,
          value: sourcePath ? (sourcePath(scope, st) ?? null) : value,
        });
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
    env.fatal.push({
      field: ctx.label,
      rule: ctx.label,
      reason: `a value must be a path text, a number, or an object like {from: ...}; for a literal list write {value: [...]}`,
    });
    return () => undefined;
  }
  const spec = raw as Record<string, unknown>;
  const fatal = fatalAt(env, ctx);
  const kinds = BASE_KINDS.filter((k) => k in spec);
  if (kinds.length !== 1) {
    fatal(
      kinds.length === 0
        ? `no value kind; give one of ${BASE_KINDS.join(', ')}`
        : `more than one value kind (${kinds.join(', ')}); nest them instead`,
    );
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

function compileBase(
  kind: (typeof BASE_KINDS)[number],
  spec: Record<string, unknown>,
  env: Env,
  ctx: ValueCtx,
): Evaluator {
  const fatal = fatalAt(env, ctx);
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
      if (args.length < entry.arity[0] || args.length > entry.arity[1])
        fatal(`fn ${String(name)}: takes ${entry.arity[0]}..${entry.arity[1]} args, got ${args.length}`);
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
