// Text kinds: templates ("Order {CustomKey} for {BillingContact.LastName}") and split (one text → one of its parts).
import { EMPTY, fatalAt, type Env, type Evaluator, type ValueCtx } from './compile-context.ts';
import { compilePath } from './compile-path.ts';

// Templates: "Order {CustomKey} for {BillingContact.LastName}"

export function compileTemplate(raw: unknown, env: Env, ctx: ValueCtx): Evaluator {
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

export function compileSplit(raw: unknown, env: Env, ctx: ValueCtx): Evaluator {
  const fatal = fatalAt(env, ctx);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    fatal('split: expected {from, part, separator}');
    return () => undefined;
  }
  const spec = raw as Record<string, unknown>;
  const from = env.compiler.value(spec.from, env, ctx);
  const part = spec.part ?? 'first';
  if (!(typeof part === 'number' && Number.isInteger(part)) && !SPLIT_PARTS.includes(String(part)))
    fatal(`split: part must be ${SPLIT_PARTS.join(', ')} or an index`);
  const separator = spec.separator === undefined ? ' ' : String(spec.separator);
  const byWhitespace = separator === ' ';
  return (scope, st) => {
    const v = from(scope, st);
    if (EMPTY(v) || typeof v !== 'string') return undefined;
    const pieces = (byWhitespace ? v.trim().split(/\s+/) : v.split(separator).map((s) => s.trim())).filter(
      (s) => s !== '',
    );
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
