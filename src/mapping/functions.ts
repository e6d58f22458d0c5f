// Named functions a rule can call with `fn: <name>` and `args: [...]`: the arithmetic and text helpers that would
// otherwise need a JSONata expression (a plain function costs a fraction of a JSONata evaluation). Each receives its
// evaluated arguments; an empty argument is undefined. A wrong argument throws FunctionFailure → a field problem.

import { storeTaxKey, type OrderTotals } from './store-tax-rate.ts';

export class FunctionFailure extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'FunctionFailure';
  }
}

export type MappingFunction = (args: readonly unknown[]) => unknown;

function num(value: unknown, name: string, position: number): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n))
    throw new FunctionFailure(`${name}: argument ${position + 1} (${JSON.stringify(value)}) is not a number`);
  return n;
}

function nums(args: readonly unknown[], name: string): (number | undefined)[] {
  return args.map((a, i) => num(a, name, i));
}

/** Rounds half away from zero at `decimals`, without binary-float surprises (1.005 → 1.01). */
export function roundHalfAway(value: number, decimals: number): number {
  const sign = value < 0 ? -1 : 1;
  const shifted = Number(`${Math.abs(value)}e${decimals}`);
  return sign * Number(`${Math.round(shifted)}e-${decimals}`) || 0;
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : String(value);
}

export const FUNCTIONS: Record<string, { arity: [number, number]; doc: string; fn: MappingFunction }> = {
  percent: {
    arity: [2, 8],
    doc: 'percent(part, whole...) = part / (product of the wholes) × 100; 0 when the whole is 0 or the part is empty',
    fn: (args) => {
      const [part, ...wholes] = nums(args, 'percent');
      if (part === undefined) return undefined;
      let whole = 1;
      for (const w of wholes) {
        if (w === undefined) return undefined;
        whole *= w;
      }
      return whole === 0 ? 0 : (part / whole) * 100;
    },
  },
  multiply: {
    arity: [2, 8],
    doc: 'product of the arguments (empty if any is empty)',
    fn: (args) =>
      nums(args, 'multiply').reduce<number | undefined>(
        (acc, n) => (acc === undefined || n === undefined ? undefined : acc * n),
        1,
      ),
  },
  divide: {
    arity: [2, 2],
    doc: 'a / b (a problem when b is 0)',
    fn: (args) => {
      const [a, b] = nums(args, 'divide');
      if (a === undefined || b === undefined) return undefined;
      if (b === 0) throw new FunctionFailure('divide: division by zero');
      return a / b;
    },
  },
  add: {
    arity: [1, 16],
    doc: 'sum of the arguments; empty arguments count as 0',
    fn: (args) => nums(args, 'add').reduce<number>((acc, n) => acc + (n ?? 0), 0),
  },
  subtract: {
    arity: [2, 2],
    doc: 'a - b; an empty b counts as 0',
    fn: (args) => {
      const [a, b] = nums(args, 'subtract');
      return a === undefined ? undefined : a - (b ?? 0);
    },
  },
  max: {
    arity: [1, 16],
    doc: 'largest non-empty argument',
    fn: (args) => {
      const values = nums(args, 'max').filter((n): n is number => n !== undefined);
      return values.length ? Math.max(...values) : undefined;
    },
  },
  min: {
    arity: [1, 16],
    doc: 'smallest non-empty argument',
    fn: (args) => {
      const values = nums(args, 'min').filter((n): n is number => n !== undefined);
      return values.length ? Math.min(...values) : undefined;
    },
  },
  round: {
    arity: [1, 2],
    doc: 'round(value, decimals = 0), half away from zero',
    fn: (args) => {
      const [value, decimals] = nums(args, 'round');
      return value === undefined ? undefined : roundHalfAway(value, decimals ?? 0);
    },
  },
  sum: {
    arity: [1, 1],
    doc: 'sum of a list of numbers (a single number counts as a list of one)',
    fn: ([list]) => {
      if (list === undefined || list === null) return undefined;
      // a JSONata path that finds one item gives the item itself, not a list of one
      return nums(Array.isArray(list) ? list : [list], 'sum').reduce<number>((acc, n) => acc + (n ?? 0), 0);
    },
  },
  count: {
    arity: [1, 1],
    doc: 'number of items in a list (0 when empty)',
    fn: ([list]) => (Array.isArray(list) ? list.length : list === undefined || list === null ? 0 : 1),
  },
  storeTaxKey: {
    arity: [2, 2],
    doc: "storeTaxKey(Totals, 'goods' | 'shipping'): the key of the store's taxes on that part of an order (resolve: sale_taxes_for_store_tax)",
    fn: ([totals, part]) => {
      if (part !== 'goods' && part !== 'shipping')
        throw new FunctionFailure(
          `storeTaxKey: the second argument must be goods or shipping (got ${JSON.stringify(part)})`,
        );
      return storeTaxKey(totals as OrderTotals | undefined, part);
    },
  },
  lower: { arity: [1, 1], doc: 'lower case', fn: ([v]) => text(v)?.toLowerCase() },
  upper: { arity: [1, 1], doc: 'upper case', fn: ([v]) => text(v)?.toUpperCase() },
  trim: {
    arity: [1, 1],
    doc: 'without surrounding spaces (empty stays empty)',
    fn: ([v]) => text(v)?.trim() || undefined,
  },
  truncate: {
    arity: [2, 2],
    doc: 'truncate(text, length): at most `length` characters (whole code points, so emoji are never cut in half)',
    fn: ([v, length]) => {
      const s = text(v);
      const n = num(length, 'truncate', 1);
      if (s === undefined || n === undefined) return s;
      const chars = Array.from(s);
      return chars.length <= n ? s : chars.slice(0, n).join('');
    },
  },
  replace: {
    arity: [3, 3],
    doc: 'replace(text, find, with): every occurrence',
    fn: ([v, find, by]) => {
      const s = text(v);
      return s === undefined ? undefined : s.split(text(find) ?? '').join(text(by) ?? '');
    },
  },
};

export function isFunctionName(name: string): boolean {
  return Object.hasOwn(FUNCTIONS, name);
}
