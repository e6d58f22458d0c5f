// Paths: `A.B.0.C` relative to the current record; `$root.X`, `$parent.X`, `$index`; `$name.X` = a context value.
// Odoo sources read an empty field as `false`: for anything but a boolean it becomes "no value".
import { odooSchema } from '../connectors/odoo/fields.ts';
import { clarityFieldAt } from './clarity-shapes.ts';
import type { Env, EvalState, Evaluator, Scope, Where } from './compile-context.ts';

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
      env.fatal.push({
        field: label,
        rule: label,
        reason: `$${name} is not declared under context: (declared: ${Object.keys(env.context).join(', ') || 'none'})`,
      });
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
      env.program.sourceProblems.push({
        field: label,
        rule: label,
        reason: `Odoo ${source.name} has no field ${head} (mappings name fields by their Odoo 17 name)`,
      });
    }
  } else if (source.system === 'clarity') {
    if (!clarityFieldAt(source.name, segments)) {
      env.program.sourceProblems.push({
        field: label,
        rule: label,
        reason: `the Clarity ${source.name} shape has no field ${segments.join('.')}`,
      });
    }
  }
}
