// Conditions of `when:` and `filter:`: {from: <value>, <operator>: <argument>}, or all/any/not of conditions.
import { EMPTY, fatalAt, type Condition, type Env, type ValueCtx } from './compile-context.ts';

const OPERATORS = [
  'equals',
  'notEquals',
  'in',
  'notIn',
  'exists',
  'empty',
  'gt',
  'gte',
  'lt',
  'lte',
  'matches',
  'inTable',
];

export function compileCondition(raw: unknown, env: Env, ctx: ValueCtx): Condition {
  const report = fatalAt(env, ctx);
  const fatal = (reason: string): Condition => {
    report(reason);
    return () => false;
  };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return fatal('when: expected a condition like {from: X, equals: Y}');
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
  const operand = env.compiler.value(spec.from, env, ctx);
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
