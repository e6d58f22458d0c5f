// `bridge mappings check|list|preview`, run through commander as the CLI runs them.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { register } from '../../src/cli/commands/mappings.ts';
import { UsageError } from '../../src/core/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'bridge-mappings-cli-'));
const fixture = JSON.parse(
  readFileSync(
    new URL('../../src/mapping/fixtures/order.clarity-to-odoo/five-lines-with-addresses.json', import.meta.url),
    'utf8',
  ),
) as {
  input: unknown;
  lookups: unknown;
};
writeFileSync(join(dir, 'order.json'), JSON.stringify({ id: 'evt_1', type: 'order.created', data: fixture.input }));
writeFileSync(join(dir, 'lookups.json'), JSON.stringify(fixture.lookups));

let output: string[] = [];

async function bridge(...args: string[]): Promise<{ out: string; exitCode: number }> {
  output = [];
  process.exitCode = 0;
  const program = new Command('bridge').option('-c, --config <path>').exitOverride();
  register(program);
  await program.parseAsync(['node', 'bridge', ...args]);
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out: output.join('\n'), exitCode };
}

beforeEach(() => {
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void output.push(parts.map(String).join(' ')));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output.push(String(chunk));
    return true;
  });
  // no ./bridge.config.yaml and no BRIDGE_CONFIG: the shipped defaults
  vi.spyOn(process, 'cwd').mockReturnValue(dir);
  vi.stubEnv('BRIDGE_CONFIG', '');
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bridge mappings check', () => {
  it('passes every shipped default mapping for Odoo 17, 18 and 19', async () => {
    const { out, exitCode } = await bridge('mappings', 'check', '--json');
    const report = JSON.parse(out) as {
      ok: boolean;
      checks: { mapping: string; version: number; problems: unknown[] }[];
    };
    expect(exitCode).toBe(0);
    expect(report.ok).toBe(true);
    const names = new Set(report.checks.map((c) => c.mapping));
    for (const name of [
      'order.clarity-to-odoo',
      'order-line.clarity-to-odoo',
      'customer.clarity-to-odoo',
      'customer.odoo-to-clarity',
      'address.clarity-to-odoo',
      'address.odoo-to-clarity',
      'product.odoo-to-clarity',
      'product.clarity-to-odoo',
      'product-variant.odoo-to-clarity',
      'stock.odoo-to-clarity',
      'shipment.odoo-to-clarity',
      'return.clarity-to-odoo',
      'payment.clarity-to-odoo',
    ]) {
      expect(names, name).toContain(name);
    }
    for (const name of names)
      expect(
        report.checks
          .filter((c) => c.mapping === name)
          .map((c) => c.version)
          .sort(),
      ).toEqual([17, 18, 19]);
  });

  it("reports an integration's override that names a field Odoo 19 no longer has, for 19 only", async () => {
    const overrides = join(dir, 'mappings');
    mkdirSync(overrides, { recursive: true });
    writeFileSync(
      join(overrides, 'order-line.clarity-to-odoo.yaml'),
      readFileSync(new URL('../../src/mapping/defaults/order-line.clarity-to-odoo.yaml', import.meta.url), 'utf8') +
        '  - target: product_packaging_qty\n    value: 1\n',
    );
    const config = join(dir, 'bridge.config.yaml');
    writeFileSync(
      config,
      [
        'integrations:',
        '  - id: shop',
        '    mappings: ./mappings',
        '    odoo: { url: "http://127.0.0.1:8069", db: odoo, login: bot, apiKey: not-a-real-key }',
        '    clarity: { url: "http://127.0.0.1:9000", clientId: bridge, clientSecret: not-a-real-secret }',
      ].join('\n'),
    );
    const { out, exitCode } = await bridge('--config', config, 'mappings', 'check');
    expect(exitCode).toBe(1);
    expect(out).toContain('ok    shop: order-line.clarity-to-odoo @ Odoo 17');
    expect(out).toMatch(/FAIL {2}shop: order-line.clarity-to-odoo @ Odoo 19/);
    expect(out).toContain('Odoo 19 has no field for sale.order.line.product_packaging_qty');
    // the order mapping uses the overridden lines, so it fails on 19 too
    expect(out).toMatch(/FAIL {2}shop: order.clarity-to-odoo @ Odoo 19/);
    rmSync(config);
  });

  it('refuses an unknown version in one line', async () => {
    await expect(bridge('mappings', 'check', '--odoo-versions', '15')).rejects.toThrow(UsageError);
  });
});

describe('bridge mappings suggest', () => {
  it('drafts a mapping between two schemas', async () => {
    const { out } = await bridge(
      'mappings',
      'suggest',
      'odoo:stock.picking',
      'clarity:Shipment',
      '--name',
      'shipment.odoo-to-clarity',
    );
    expect(out).toContain('mapping: shipment.odoo-to-clarity');
    expect(out).toContain('from: carrier_tracking_ref');
    await expect(bridge('mappings', 'suggest', 'odoo:res.nope', 'clarity:Shipment')).rejects.toThrow(
      /unknown side "odoo:res.nope"/,
    );
  });
});

describe('bridge mappings preview', () => {
  it('prints the Odoo values of a webhook body for the version asked for', async () => {
    const { out, exitCode } = await bridge(
      'mappings',
      'preview',
      'order.clarity-to-odoo',
      join(dir, 'order.json'),
      '--odoo-version',
      '19',
      '--lookups',
      join(dir, 'lookups.json'),
      '--context',
      '{"partnerId": 67}',
      '--json',
    );
    const result = JSON.parse(out) as {
      values: { client_order_ref: string; order_line: [number, number, Record<string, unknown>][] };
      problems: unknown[];
    };
    expect(exitCode).toBe(0);
    expect(result.problems).toEqual([]);
    expect(result.values.client_order_ref).toBe('CLR-1001');
    expect(result.values.order_line[1]?.[2]).toMatchObject({ product_id: 21, discount: 10, tax_ids: [[6, 0, [5]]] });
  });

  it('shows unresolved lookups as placeholders, and a missing context value as a problem', async () => {
    const { out, exitCode } = await bridge('mappings', 'preview', 'order.clarity-to-odoo', join(dir, 'order.json'));
    expect(out).toContain('"<product_by_sku:E-COM07>"');
    expect(out).toContain('partner_id: required, but $partnerId is empty');
    expect(out).toContain('pass --lookups <file>');
    expect(exitCode).toBe(1);
  });

  it('with --diff prints only what would change in the stored record', async () => {
    writeFileSync(
      join(dir, 'stored.json'),
      JSON.stringify({
        partner_id: [67, 'Zoë'],
        client_order_ref: 'CLR-1001',
        origin: 'Website',
        pricelist_id: [2, 'EUR'],
      }),
    );
    const { out } = await bridge(
      'mappings',
      'preview',
      'order.clarity-to-odoo',
      join(dir, 'order.json'),
      '--mode',
      'update',
      '--lookups',
      join(dir, 'lookups.json'),
      '--context',
      '{"partnerId": 67, "shippingPartnerId": 69}',
      '--diff',
      join(dir, 'stored.json'),
    );
    expect(out.split('\n').filter(Boolean)).toEqual([
      '+ partner_shipping_id: 69',
      '~ origin: "Website" → "Clarity CLR-1001"',
    ]);
  });

  it('refuses an unknown mapping naming the known ones', async () => {
    const error = await bridge('mappings', 'preview', 'orders.clarity-to-odoo', join(dir, 'order.json')).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain('no mapping named orders.clarity-to-odoo');
    expect((error as UsageError).hint).toContain('order.clarity-to-odoo');
  });
});
