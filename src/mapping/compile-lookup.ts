// Lookups: static tables in the mapping (`table:`) and dynamic ones served by a LookupResolver (`resolve:`). In
// collect mode a resolve records its key instead of reading it; at apply time an unknown key is recorded for the
// BusinessError the engine raises.
import { ConversionFailure } from './convert.ts';
import { EMPTY, fatalAt, type Env, type EvalState, type Evaluator, type ValueCtx } from './compile-context.ts';
import { isLookupKind, LookupMiss, type LookupNeeds } from './resolver.ts';
import { LookupPlaceholder, describe } from './validate.ts';

function lookupKey(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value) && typeof value[0] === 'number') return String(value[0]); // an Odoo many2one [id, name]
  return undefined;
}

export function withTable(inner: Evaluator, raw: unknown, missRaw: unknown, env: Env, ctx: ValueCtx): Evaluator {
  const fatal = fatalAt(env, ctx);
  const table =
    typeof raw === 'string'
      ? env.tables[raw]
      : raw !== null && typeof raw === 'object' && !Array.isArray(raw)
        ? (raw as Record<string, unknown>)
        : undefined;
  if (!table) {
    fatal(
      `table: ${typeof raw === 'string' ? `no table named ${raw} under tables:` : 'expected a table name or {key: value} pairs'}`,
    );
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
    if (miss === 'problem')
      throw new ConversionFailure(
        `${describe(v)} is not in the table ${name} (known: ${Object.keys(table).join(', ')})`,
      );
    return undefined;
  };
}

function addNeed(needs: LookupNeeds, kind: string, key: string): void {
  let keys = needs.get(kind);
  if (!keys) needs.set(kind, (keys = new Set()));
  keys.add(key);
}

export function withResolve(inner: Evaluator, raw: unknown, env: Env, ctx: ValueCtx): Evaluator {
  const spec = typeof raw === 'string' ? { kind: raw } : (raw as Record<string, unknown> | null);
  const kind = spec?.kind;
  if (typeof kind !== 'string' || !isLookupKind(kind)) {
    env.fatal.push({
      field: ctx.label,
      rule: ctx.label,
      reason: `resolve: unknown lookup kind ${JSON.stringify(kind)}`,
    });
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

export function resolveKey(st: EvalState, kind: string, key: string, optional: boolean): unknown {
  if (st.collect) {
    st.touched++;
    addNeed(st.collect, kind, key);
    return st.placeholders ? new LookupPlaceholder(kind, key) : undefined;
  }
  const table = st.lookups?.get(kind);
  const value = table?.get(key);
  if (value instanceof LookupMiss) {
    if (!optional) addNeed(st.unknown, kind, key);
    return undefined;
  }
  if (table?.has(key)) return value;
  if (st.placeholders) return new LookupPlaceholder(kind, key);
  if (!optional) addNeed(st.unknown, kind, key);
  return undefined;
}
