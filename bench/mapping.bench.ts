// `npm run bench -- mapping`: the default order mapping (order.clarity-to-odoo with its order-line mapping) on a
// 5-line order with billing and shipping addresses, lookups served from a warm cache, on one core.
// orders_per_s = collect the order's lookup keys + resolve them through the cache + map and validate, per order.
import { readFileSync } from 'node:fs';
import type { BenchContext } from './main.ts';
import {
  MappingCatalog,
  cachedResolver,
  lookupsFromTables,
  mappingFromText,
  tableResolver,
} from '../src/mapping/index.ts';

const fixture = JSON.parse(
  readFileSync(
    new URL('../src/mapping/fixtures/order.clarity-to-odoo/five-lines-with-addresses.json', import.meta.url),
    'utf8',
  ),
) as {
  input: unknown;
  context: Record<string, unknown>;
  lookups: Record<string, Record<string, unknown>>;
};

async function measure(seconds: number, run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 2_000; i++) await run(); // warm up the JIT
  const deadline = performance.now() + seconds * 1000;
  let count = 0;
  const started = performance.now();
  while (performance.now() < deadline) {
    for (let i = 0; i < 200; i++) await run();
    count += 200;
  }
  return count / ((performance.now() - started) / 1000);
}

export default async function (ctx: BenchContext): Promise<void> {
  const seconds = Number(ctx.options.seconds ?? 3);
  const version = 17;
  const mapping = await new MappingCatalog().get(undefined, 'order.clarity-to-odoo');
  const resolver = cachedResolver(tableResolver(fixture.lookups));
  const options = { version, context: fixture.context } as const;

  ctx.note(`order.clarity-to-odoo, 5 lines + shipping line, Odoo ${version}, ${seconds} s per measure`);
  const perOrder = await measure(seconds, async () => {
    const lookups = await mapping.resolve([fixture.input], resolver, options);
    return mapping.apply(fixture.input, { ...options, lookups });
  });
  ctx.report({
    metric: 'orders_per_s',
    value: perOrder,
    unit: '1/s',
    mapping: 'order.clarity-to-odoo',
    lines: 5,
    lookups: 'cached',
    cache_hit_ratio: Number(
      (resolver.stats.hits / Math.max(1, resolver.stats.hits + resolver.stats.misses)).toFixed(4),
    ),
  });

  const lookups = lookupsFromTables(fixture.lookups);
  const applyOnly = await measure(seconds, () => mapping.apply(fixture.input, { ...options, lookups }));
  ctx.report({
    metric: 'apply_orders_per_s',
    value: applyOnly,
    unit: '1/s',
    mapping: 'order.clarity-to-odoo',
    lines: 5,
    lookups: 'pre-resolved',
  });

  // the same lines with the discount written as a JSONata expression: what `expr:` costs against a rule kind
  const lineText = readFileSync(
    new URL('../src/mapping/defaults/order-line.clarity-to-odoo.yaml', import.meta.url),
    'utf8',
  ).replace(
    /  - target: discount\n    fn: percent\n    args: \[Discount, UnitSoldPrice, Quantity\]\n/,
    '  - target: discount\n    expr: "Discount ? Discount / (UnitSoldPrice * $number(Quantity)) * 100 : 0"\n',
  );
  const orderText = readFileSync(
    new URL('../src/mapping/defaults/order.clarity-to-odoo.yaml', import.meta.url),
    'utf8',
  );
  const withExpr = mappingFromText(orderText, 'order with expr discount', { 'order-line.clarity-to-odoo': lineText });
  const exprRate = await measure(seconds, () => withExpr.apply(fixture.input, { ...options, lookups }));
  ctx.report({
    metric: 'apply_orders_per_s',
    value: exprRate,
    unit: '1/s',
    mapping: 'order.clarity-to-odoo',
    lines: 5,
    lookups: 'pre-resolved',
    discount: 'jsonata',
  });
}
