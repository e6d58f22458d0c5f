// What every part of the mapping compiler shares: the evaluation state a compiled closure receives, the compiled
// program, and the compile environment. The kinds live in their own files (compile-*.ts) and reach the compiler's
// recursive entry points (values, rules, conditions) through `env.compiler`, so no file imports compile.ts back.
import type { FieldProblem } from '../core/errors.ts';
import type { OdooVersion } from '../connectors/odoo/fields.ts';
import type { MappingFile, RuleSpec, SideRef } from './mapping-file.ts';
import type { LookupNeeds, Lookups } from './resolver.ts';

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
  /** Rules of these field groups are left out (the other side owns those fields). */
  skipGroups: ReadonlySet<string> | undefined;
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
  /** Field group → the rules (labels) tagged with it. */
  groups: Map<string, Set<string>>;
  expressions: number;
}

export interface Side {
  system: 'odoo' | 'clarity' | 'extras';
  name: string;
}

export type Condition = (scope: Scope, st: EvalState) => boolean;

/** The compiler's recursive entry points, handed to the kinds that nest values, rules or conditions. */
export interface Compiler {
  value(raw: unknown, env: Env, ctx: ValueCtx): Evaluator;
  rules(rules: readonly RuleSpec[], env: Env, where: Where, checkRequiredOnCreate: boolean): RuleRunner[];
  condition(raw: unknown, env: Env, ctx: ValueCtx): Condition;
}

export interface Env {
  version: OdooVersion | undefined;
  /** Mapping files that `children: {mapping: <name>}` rules use (an order's lines). */
  includes: ReadonlyMap<string, MappingFile>;
  tables: Record<string, Record<string, unknown>>;
  context: Record<string, string> | undefined;
  fatal: FieldProblem[];
  program: Program;
  compiler: Compiler;
}

export interface Where {
  source: Side;
  target: Side;
  /** Rule label prefix for nested rules, e.g. `order_line[].` */
  label: string;
}

export interface ValueCtx {
  where: Where;
  label: string;
  /** The side a `children:` rule builds when it names none (from the rule's target field). */
  childTarget: Side | undefined;
}

/** Empty: no value for `default`, `required` and `first` (undefined, null, '', []). */
export const EMPTY = (v: unknown): boolean =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);

export function sideOf(ref: SideRef): Side {
  return 'odoo' in ref ? { system: 'odoo', name: ref.odoo } : { system: 'clarity', name: ref.clarity };
}

/** Records a problem of the mapping itself (it cannot compile), at the rule being compiled. */
export function fatalAt(env: Env, ctx: { label: string }): (reason: string) => void {
  return (reason) => env.fatal.push({ field: ctx.label, rule: ctx.label, reason });
}
