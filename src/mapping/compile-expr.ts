// `expr:` rules: JSONata, parsed once and cached (expr.ts). JSONata 2 evaluates asynchronously, so a first pass
// starts the evaluation and gives no value; the engine awaits the pending ones and runs the pass again with results.
import type { Env, Evaluator, ValueCtx } from './compile-context.ts';
import { compileExpression } from './expr.ts';
import { FunctionFailure } from './functions.ts';

const PENDING = Symbol('pending');

class ExpressionFailure {
  constructor(readonly message: string) {}
}

export function compileExpr(raw: unknown, env: Env, ctx: ValueCtx): Evaluator {
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
        (error: unknown) =>
          store.set(id, new ExpressionFailure(`expr failed: ${(error as Error).message ?? String(error)}`)),
      ),
    );
    return undefined;
  };
}
