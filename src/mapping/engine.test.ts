// The engine's contract with flows: resolve (one call per kind for a batch), then evaluate; typed errors; mapping
// files checked at load with every problem at once; per-integration overrides.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BusinessError, UsageError, ValidationError } from '../core/errors.ts';
import { cachedExpressionCount } from './expr.ts';
import {
  DEFAULT_MAPPINGS_DIR,
  LookupPlaceholder,
  MappingCatalog,
  cachedResolver,
  checkMappings,
  mappingFromText,
  mergeNeeds,
  resolveLookups,
  tableResolver,
} from './index.ts';

const catalog = new MappingCatalog();
const order = JSON.parse(
  readFileSync(new URL('./fixtures/order.clarity-to-odoo/five-lines-with-addresses.json', import.meta.url), 'utf8'),
) as {
  input: Record<string, unknown> & { SalesItems: Record<string, unknown>[] };
  lookups: Record<string, Record<string, unknown>>;
};
const tmp = mkdtempSync(join(tmpdir(), 'bridge-mapping-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function orderWith(customKey: string, skus: string[]): Record<string, unknown> {
  return {
    ...order.input,
    CustomKey: customKey,
    SalesItems: skus.map((Sku, i) => ({ Sku, Name: `item ${i}`, Quantity: 1, UnitSoldPrice: 10 })),
  };
}

describe('resolve, then evaluate', () => {
  it('resolves a batch with one resolver call per kind, each key once', async () => {
    const mapping = await catalog.get(undefined, 'order.clarity-to-odoo');
    const batch = [
      orderWith('A', ['E-COM07', 'E-COM11']),
      orderWith('B', ['E-COM11', 'FURN_0269']),
      orderWith('C', ['E-COM07']),
    ];
    const resolver = tableResolver(order.lookups);
    const lookups = await mapping.resolve(batch, resolver, { version: 17 });
    expect(resolver.calls.map((c) => c.kind).sort()).toEqual([
      'carrier_by_key',
      'delivery_product_by_carrier',
      'pricelist_by_currency',
      'product_by_sku',
    ]);
    expect(resolver.calls.find((c) => c.kind === 'product_by_sku')?.keys.sort()).toEqual([
      'E-COM07',
      'E-COM11',
      'FURN_0269',
    ]);
    const results = await Promise.all(
      batch.map((o) => mapping.apply(o, { lookups, version: 17, context: { partnerId: 1 } })),
    );
    expect(results.map((r) => (r.values.order_line as unknown[]).length)).toEqual([3, 3, 2]);
  });

  it('names every unknown key in one BusinessError, and a replay once the product exists succeeds', async () => {
    const mapping = await catalog.get(undefined, 'order.clarity-to-odoo');
    const record = orderWith('D', ['E-COM07', 'NOPE-1', 'NOPE-2']);
    const tables = structuredClone(order.lookups);
    const first = await mapping
      .apply(record, {
        lookups: await mapping.resolve([record], tableResolver(tables), { version: 17 }),
        version: 17,
        context: { partnerId: 1 },
      })
      .catch((e: unknown) => e);
    expect(first).toBeInstanceOf(BusinessError);
    expect((first as BusinessError).message).toContain('product_by_sku "NOPE-1", "NOPE-2"');
    expect((first as BusinessError).details.unknownLookups).toEqual({ product_by_sku: ['NOPE-1', 'NOPE-2'] });
    tables.product_by_sku!['NOPE-1'] = 90;
    tables.product_by_sku!['NOPE-2'] = 91;
    const replay = await mapping.apply(record, {
      lookups: await mapping.resolve([record], tableResolver(tables), { version: 17 }),
      version: 17,
      context: { partnerId: 1 },
    });
    expect(
      (replay.values.order_line as [number, number, { product_id: number }][]).map((c) => c[2].product_id),
    ).toEqual([17, 90, 91, 45]);
  });

  it('collects the keys of both branches only when the condition itself needs a lookup', async () => {
    const mapping = mappingFromText(`
mapping: branches.clarity-to-odoo
source: { clarity: SalesOrder }
target: { odoo: sale.order }
rules:
  - target: fiscal_position_id
    when: { from: { from: ShippingContact.Address.CountryCode, resolve: country_by_code }, exists: true }
    then: { value: Known country, resolve: fiscal_position_by_name }
    else: { value: Unknown country, resolve: fiscal_position_by_name }
  - target: origin
    when: { from: CurrencyKey, equals: EUR }
    then: { value: euro }
    else: { from: CurrencyKey, resolve: pricelist_by_currency }
`);
    const needs = await mapping.lookups([{ CurrencyKey: 'EUR', ShippingContact: { Address: { CountryCode: 'BE' } } }], {
      version: 17,
    });
    expect(Object.fromEntries([...needs].map(([k, v]) => [k, [...v]]))).toEqual({
      country_by_code: ['BE'],
      fiscal_position_by_name: ['Known country', 'Unknown country'],
    });
  });

  it('maps a batch so that one bad order fails alone', async () => {
    const mapping = await catalog.get(undefined, 'order.clarity-to-odoo');
    const batch = [
      orderWith('A', ['E-COM07']),
      orderWith('B', ['NOPE']),
      { ...orderWith('C', ['E-COM11']), CreatedDate: 'soon' },
      orderWith('D', ['FURN_0269']),
    ];
    const resolver = tableResolver(order.lookups);
    const outcomes = await mapping.applyEach(batch, resolver, {
      version: 18,
      contextOf: (_r, i) => ({ partnerId: 100 + i }),
    });
    expect(resolver.calls.filter((c) => c.kind === 'product_by_sku')).toHaveLength(1);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, false, true]);
    expect(outcomes[1]?.ok === false && outcomes[1].error).toBeInstanceOf(BusinessError);
    expect(outcomes[2]?.ok === false && outcomes[2].error).toBeInstanceOf(ValidationError);
    expect(outcomes[3]?.ok === true && outcomes[3].result.values.partner_id).toBe(103);
  });

  it('merges the needs of several mappings so a flow resolves an order and its addresses together', async () => {
    const orderMapping = await catalog.get(undefined, 'order.clarity-to-odoo');
    const address = await catalog.get(undefined, 'address.clarity-to-odoo');
    const input = order.input as unknown as { BillingContact: unknown; ShippingContact: unknown };
    const needs = mergeNeeds(
      await orderMapping.lookups([order.input], { version: 17 }),
      await address.lookups([input.BillingContact, input.ShippingContact], { version: 17 }),
    );
    expect([...(needs.get('country_by_code') ?? [])]).toEqual(['BE']);
    expect([...(needs.get('product_by_sku') ?? [])].length).toBe(4);
  });

  it('asks the resolver only for keys it has not cached, and again for keys it did not know', async () => {
    let now = 0;
    const inner = tableResolver({ product_by_sku: { A: 1, B: 2 } });
    const cached = cachedResolver(inner, { ttlMs: 1000, clock: { now: () => now, sleep: async () => {} } });
    await resolveLookups(cached, new Map([['product_by_sku', new Set(['A', 'X'])]]));
    const second = await resolveLookups(cached, new Map([['product_by_sku', new Set(['A', 'B', 'X'])]]));
    expect(second.get('product_by_sku')).toEqual(
      new Map([
        ['A', 1],
        ['B', 2],
      ]),
    );
    expect(inner.calls.map((c) => c.keys)).toEqual([
      ['A', 'X'],
      ['B', 'X'],
    ]);
    now = 2000;
    await resolveLookups(cached, new Map([['product_by_sku', new Set(['A'])]]));
    expect(inner.calls.at(-1)?.keys).toEqual(['A']);
    cached.invalidate('product_by_sku', 'A');
    await resolveLookups(cached, new Map([['product_by_sku', new Set(['A'])]]));
    expect(inner.calls.length).toBe(4);
  });

  it('a preview without lookups shows placeholders instead of failing', async () => {
    const mapping = await catalog.get(undefined, 'order-line.clarity-to-odoo');
    const result = await mapping.preview(
      { Sku: 'E-COM07', Quantity: 1, UnitSoldPrice: 5 },
      { version: 17, placeholders: true },
    );
    expect(result.values.product_id).toBeInstanceOf(LookupPlaceholder);
    expect(JSON.parse(JSON.stringify(result.values))).toMatchObject({
      product_id: '<product_by_sku:E-COM07>',
      discount: 0,
    });
    expect(result.problems).toEqual([]);
  });

  it('tags fields with groups so a flow leaves out what the other side owns', async () => {
    const product = await catalog.get(undefined, 'product.odoo-to-clarity');
    expect(product.fieldGroups()).toEqual({
      sku: ['CustomKey', 'Barcode', 'Variants[].CustomKey'],
      description: ['Description'],
      price: ['Price', 'SalePrice', 'Variants[].Price'],
      weight: ['Weight'],
      category: ['CategoryKeys'],
    });
  });

  it('requires the Odoo version for a mapping with an Odoo side', async () => {
    const mapping = await catalog.get(undefined, 'order-line.clarity-to-odoo');
    await expect(mapping.apply({ Sku: 'A' })).rejects.toThrow(/pass options.version/);
  });

  it('tells a flow which Odoo fields to read', async () => {
    const shipment = await catalog.get(undefined, 'shipment.odoo-to-clarity');
    expect(shipment.sourceFields()).toEqual({
      'stock.picking': ['carrier_id', 'carrier_tracking_ref', 'date_done', 'id', 'move_ids'],
      'stock.move': ['product_id', 'quantity'],
    });
    expect(shipment.lookupKinds()).toEqual(['sku_by_product_id']);
  });
});

describe('mapping files', () => {
  it('reports every problem of a malformed mapping at once, naming each rule', () => {
    const text = `
mapping: broken.clarity-to-odoo
source: { clarity: SalesOrder }
target: { odoo: sale.order }
context: { partnerId: customer }
rules:
  - { target: partner_id, from: $customerId }
  - { target: client_order_ref, from: CustomKey, template: "{CustomKey}" }
  - { target: origin, from: CustomKey, table: nowhere }
  - { target: pricelist_id, from: CurrencyKey, resolve: pricelist_by_colour }
  - { target: date_order, from: CreatedDate, convert: odoo-timestamp }
  - { target: note, fn: shout, args: [Notes] }
  - { target: order_line, children: { from: SalesItems, rules: [{ target: product_id, exprr: "Sku" }] } }
  - { target: commitment_date, expr: "CreatedDate +" }
`;
    const error = (() => {
      try {
        mappingFromText(text);
      } catch (e) {
        return e;
      }
    })() as ValidationError;
    expect(error).toBeInstanceOf(ValidationError);
    const byRule = Object.fromEntries(error.problems.map((p) => [p.rule, p.reason]));
    expect(byRule.partner_id).toContain('$customerId is not declared');
    expect(byRule.client_order_ref).toContain('more than one value kind');
    expect(byRule.origin).toContain('no table named nowhere');
    expect(byRule.pricelist_id).toContain('unknown lookup kind "pricelist_by_colour"');
    expect(byRule.date_order).toContain('unknown conversion "odoo-timestamp"');
    expect(byRule.note).toContain('unknown function "shout"');
    expect(byRule['order_line[].product_id']).toContain('no value kind');
    expect(byRule.commitment_date).toContain('expr does not parse');
  });

  it('a mapping that writes a read-only Odoo field fails the check and every apply, saying why', async () => {
    const mapping = mappingFromText(`
mapping: currency.clarity-to-odoo
source: { clarity: SalesOrder }
target: { odoo: sale.order }
rules:
  - { target: currency_id, from: CurrencyKey, resolve: pricelist_by_currency }
`);
    expect(mapping.program(19).versionProblems[0]?.reason).toBe(
      'sale.order.currency_id is read-only in Odoo 19; Odoo ignores what is written there',
    );
    const error = await mapping
      .apply(
        { CurrencyKey: 'EUR' },
        { version: 17, lookups: new Map([['pricelist_by_currency', new Map([['EUR', 2]])]]) },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([
      {
        field: 'currency_id',
        rule: 'currency_id',
        reason: 'sale.order.currency_id is read-only in Odoo 17; Odoo ignores what is written there',
      },
    ]);
  });

  it('checks literal values against the schema without any record', () => {
    const mapping = mappingFromText(`
mapping: literal.clarity-to-odoo
source: { clarity: Customer }
target: { odoo: res.partner }
rules:
  - { target: company_type, value: persn }
  - { target: type, value: delivery }
`);
    expect(mapping.program(18).versionProblems).toEqual([
      {
        field: 'company_type',
        rule: 'company_type',
        reason: 'expected one of person, company, got "persn"',
        value: 'persn',
      },
    ]);
  });

  it('refuses a file that is not a mapping, saying what is missing', () => {
    expect(() => mappingFromText('mapping: x\nrules: nope\n')).toThrow(
      /expected a name like order.clarity-to-odoo.*source.*target.*rules: expected a list of rules/s,
    );
    expect(() => mappingFromText('{ this is: [not yaml')).toThrow(ValidationError);
  });

  it('parses a JSONata expression once, however many mappings use it', () => {
    const text = (name: string) => `
mapping: ${name}.clarity-to-odoo
source: { clarity: SalesOrder }
target: { odoo: sale.order }
rules:
  - { target: origin, expr: "'ref-' & $uppercase(CustomKey) & '-unique-to-this-test'" }
`;
    mappingFromText(text('one'));
    const count = cachedExpressionCount();
    mappingFromText(text('two'));
    expect(cachedExpressionCount()).toBe(count);
  });
});

describe('per-integration overrides', () => {
  const folder = join(tmp, 'shop-mappings');
  mkdirSync(folder, { recursive: true });
  const defaults = (name: string) => readFileSync(join(DEFAULT_MAPPINGS_DIR, `${name}.yaml`), 'utf8');
  // the shop names its lines "<SKU> · <name>"
  writeFileSync(
    join(folder, 'order-line.clarity-to-odoo.yaml'),
    defaults('order-line.clarity-to-odoo').replace('    from: Name\n', '    template: "{Sku} · {Name}"\n'),
  );
  const overridden = new MappingCatalog({ overrides: { shop: folder, missing: join(tmp, 'nowhere') } });

  it('a file in the folder replaces the default of its name, also where another mapping uses it', async () => {
    const mapped = await (
      await overridden.get('shop', 'order.clarity-to-odoo')
    ).apply(order.input, {
      lookups: new Map(Object.entries(order.lookups).map(([k, v]) => [k, new Map(Object.entries(v))])),
      version: 17,
      context: { partnerId: 1 },
    });
    expect((mapped.values.order_line as [number, number, { name: string }][])[0]?.[2].name).toBe(
      'E-COM07 · Large Cabinet',
    );
    const plain = await (
      await overridden.get(undefined, 'order.clarity-to-odoo')
    ).apply(order.input, {
      lookups: new Map(Object.entries(order.lookups).map(([k, v]) => [k, new Map(Object.entries(v))])),
      version: 17,
      context: { partnerId: 1 },
    });
    expect((plain.values.order_line as [number, number, { name: string }][])[0]?.[2].name).toBe('Large Cabinet');
    expect(overridden.sources('shop').find((s) => s.name === 'order-line.clarity-to-odoo')?.origin).toBe('override');
  });

  it('refuses a file whose mapping: name differs from its file name', async () => {
    const odd = join(tmp, 'odd');
    mkdirSync(odd, { recursive: true });
    writeFileSync(join(odd, 'stock.odoo-to-clarity.yaml'), defaults('shipment.odoo-to-clarity'));
    const error = await new MappingCatalog({ overrides: { odd } })
      .get('odd', 'stock.odoo-to-clarity')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain('declares mapping: shipment.odoo-to-clarity');
  });

  it('refuses a missing override folder in one line', () => {
    expect(() => overridden.sources('missing')).toThrow(UsageError);
  });

  it('checks the overridden set for every version', async () => {
    const checks = await checkMappings(overridden, 'shop');
    expect(checks.every((c) => c.problems.length === 0)).toBe(true);
    expect(checks.filter((c) => c.mapping === 'order-line.clarity-to-odoo').map((c) => [c.origin, c.version])).toEqual([
      ['override', 17],
      ['override', 18],
      ['override', 19],
    ]);
  });
});
