// `expr:` rules: JSONata for what the rule kinds cannot say. An expression is parsed once per text and cached for the
// process. JSONata 2 evaluates asynchronously; the engine runs those evaluations between its synchronous passes.
import jsonata from 'jsonata';

export type CompiledExpression = ReturnType<typeof jsonata>;

const cache = new Map<string, CompiledExpression>();

/** The parsed expression, or an error text saying where it does not parse. */
export function compileExpression(text: string): CompiledExpression | string {
  const hit = cache.get(text);
  if (hit) return hit;
  try {
    const expression = jsonata(text);
    cache.set(text, expression);
    return expression;
  } catch (error) {
    const e = error as { message?: string; position?: number };
    return `expr does not parse: ${e.message ?? String(error)}${e.position === undefined ? '' : ` (at character ${e.position})`}`;
  }
}

export function cachedExpressionCount(): number {
  return cache.size;
}
