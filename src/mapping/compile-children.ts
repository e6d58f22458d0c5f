// Children: a list of source records → a list of child records (Odoo x2many create commands, or a Clarity list),
// with rules of their own or those of another mapping file (`mapping: order-line.clarity-to-odoo`).
import { conceptRelation, odooSchema } from '../connectors/odoo/fields.ts';
import { clarityFieldAt, clarityShape, elementShapeOf } from './clarity-shapes.ts';
import {
  EMPTY,
  fatalAt,
  sideOf,
  type Env,
  type Evaluator,
  type Scope,
  type Side,
  type ValueCtx,
  type Where,
} from './compile-context.ts';
import { compilePath } from './compile-path.ts';
import type { RuleSpec } from './mapping-file.ts';

export function compileChildren(raw: unknown, env: Env, ctx: ValueCtx): Evaluator {
  const fatal = fatalAt(env, ctx);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    fatal('children: expected {from, rules}');
    return () => undefined;
  }
  const spec = raw as Record<string, unknown>;
  for (const key of Object.keys(spec))
    if (!['from', 'rules', 'mapping', 'target', 'source', 'commands', 'filter'].includes(key))
      fatal(`children: unknown key "${key}"`);
  if (typeof spec.from !== 'string') {
    fatal('children: from must be the path of the source list');
    return () => undefined;
  }
  if (spec.mapping !== undefined) {
    // the child rules live in another mapping file (overridable on its own): use its rules, sides and tables
    const included = typeof spec.mapping === 'string' ? env.includes.get(spec.mapping) : undefined;
    if (!included) {
      fatal(
        `children: mapping ${JSON.stringify(spec.mapping)} is not loaded (name a mapping file, e.g. order-line.clarity-to-odoo)`,
      );
      return () => undefined;
    }
    if (spec.rules !== undefined) fatal('children: give rules or mapping, not both');
    const includedTarget = sideOf(included.target);
    if (
      ctx.childTarget &&
      (ctx.childTarget.system !== includedTarget.system || ctx.childTarget.name !== includedTarget.name)
    ) {
      fatal(
        `children: mapping ${included.mapping} builds ${includedTarget.name}, but ${ctx.label} holds ${ctx.childTarget.name}`,
      );
    }
    const includedEnv: Env = { ...env, tables: included.tables ?? {}, context: included.context };
    return compileChildList(spec, included.rules, sideOf(included.source), includedTarget, env, includedEnv, ctx);
  }
  const parentWhere = ctx.where;

  let target: Side | undefined = ctx.childTarget;
  if (typeof spec.target === 'string')
    target = {
      system: parentWhere.target.system === 'extras' ? 'extras' : parentWhere.target.system,
      name: spec.target,
    };
  if (parentWhere.target.system === 'extras') target = { system: 'extras', name: 'extras' };
  if (!target) {
    fatal('children: name the child model or shape with target:');
    return () => undefined;
  }
  if (target.system === 'odoo' && !odooSchema(target.name, 17))
    fatal(`children: no schema is held for Odoo model ${target.name}`);
  if (target.system === 'clarity' && !clarityShape(target.name))
    fatal(`children: unknown Clarity shape ${target.name}`);

  let source: Side;
  if (typeof spec.source === 'string') source = { system: parentWhere.source.system, name: spec.source };
  else if (parentWhere.source.system === 'odoo') {
    const head = spec.from.split('.')[0]!;
    source = { system: 'odoo', name: conceptRelation(parentWhere.source.name, head) ?? parentWhere.source.name };
  } else {
    const shape = elementShapeOf(clarityFieldAt(parentWhere.source.name, spec.from.split('.')));
    source = { system: 'clarity', name: shape ?? parentWhere.source.name };
  }
  if (
    !Array.isArray(spec.rules) ||
    spec.rules.some((r) => r === null || typeof r !== 'object' || typeof (r as RuleSpec).target !== 'string')
  ) {
    fatal('children: rules must be a list of rules with a target each');
    return () => undefined;
  }
  return compileChildList(spec, spec.rules as RuleSpec[], source, target, env, env, ctx);
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
  const fatal = fatalAt(env, ctx);
  const list = compilePath(String(spec.from), env, ctx.where, ctx.label);
  const commands = spec.commands ?? (target.system === 'odoo' ? 'create' : 'list');
  if (commands !== 'create' && commands !== 'list')
    fatal('children: commands must be create (Odoo [0, 0, {...}]) or list');
  const where: Where = { source, target, label: `${ctx.label}[].` };
  const runners = env.compiler.rules(rules, childEnv, where, true);
  const filter =
    spec.filter === undefined
      ? undefined
      : env.compiler.condition(spec.filter, childEnv, { where, label: `${ctx.label}[]`, childTarget: undefined });
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
