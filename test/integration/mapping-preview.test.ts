// `bridge mappings preview --resolve` and `--diff odoo:<id>|clarity:<ID>` over real HTTP against both sandboxes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { register } from '../../src/cli/commands/mappings.ts';
import { startClaritySandbox, type ClaritySandbox } from '../../src/sandbox/clarity/index.ts';
import { prepareSandboxOdoo } from '../support/prepare-odoo.ts';
import { startOdooSandbox, type OdooSandbox } from '../../src/sandbox/odoo/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'bridge-mapping-preview-'));
let clarity: ClaritySandbox;
let odoo: OdooSandbox;
let config: string;
let output: string[] = [];

async function bridge(...args: string[]): Promise<{ out: string; exitCode: number }> {
  output = [];
  process.exitCode = 0;
  const program = new Command('bridge').option('-c, --config <path>').exitOverride();
  register(program);
  await program.parseAsync(['node', 'bridge', '--config', config, ...args]);
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { out: output.join('\n'), exitCode };
}

beforeAll(async () => {
  [clarity, odoo] = await Promise.all([
    startClaritySandbox({ products: 30 }),
    startOdooSandbox({ version: 19, products: 30 }),
  ]);
  await prepareSandboxOdoo(odoo.url);
  config = join(dir, 'bridge.config.yaml');
  writeFileSync(
    config,
    [
      'integrations:',
      '  - id: shop',
      `    odoo: { url: "${odoo.url}", db: ${odoo.db}, login: ${odoo.login}, company: "${odoo.company}", apiKey: ${odoo.apiKey} }`,
      `    clarity: { url: "${clarity.url}", clientId: ${clarity.clientId}, clientSecret: ${clarity.clientSecret} }`,
    ].join('\n'),
  );
}, 60_000);
afterAll(async () => {
  await Promise.all([clarity?.close(), odoo?.close()]);
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void output.push(parts.map(String).join(' ')));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output.push(String(chunk));
    return true;
  });
  return () => vi.restoreAllMocks();
});

describe('bridge mappings preview against live systems', () => {
  it('resolves a storefront order against Odoo 19 and diffs the created order', async () => {
    const [order] = await clarity.placeOrders(1);
    writeFileSync(join(dir, 'order.json'), JSON.stringify(order));
    const partnerId = (await odoo.execute('res.partner', 'create', [{ name: 'Preview Customer' }])) as number;
    const context = JSON.stringify({ partnerId });
    const preview = await bridge(
      'mappings',
      'preview',
      'order.clarity-to-odoo',
      join(dir, 'order.json'),
      '--resolve',
      '--context',
      context,
      '--json',
    );
    const result = JSON.parse(preview.out) as {
      version: number;
      values: Record<string, unknown>;
      problems: unknown[];
      unknownLookups: object;
    };
    expect(result.version).toBe(19);
    expect(result.problems).toEqual([]);
    expect(result.unknownLookups).toEqual({});
    const lines = result.values.order_line as [number, number, { product_id: unknown }][];
    expect(lines.length).toBeGreaterThanOrEqual(order!.SalesItems.length);
    for (const [, , line] of lines) expect(Number.isInteger(line.product_id)).toBe(true);

    // create it as the flow would, then an update preview has nothing to change
    const created = (await odoo.execute('sale.order', 'create', [result.values])) as number | number[];
    const id = Array.isArray(created) ? created[0]! : created;
    const same = await bridge(
      'mappings',
      'preview',
      'order.clarity-to-odoo',
      join(dir, 'order.json'),
      '--resolve',
      '--mode',
      'update',
      '--context',
      context,
      '--diff',
      `odoo:${id}`,
    );
    expect(same.out).toContain('no change');
    const delivery = (await odoo.execute('res.partner', 'create', [
      { name: 'Preview Dock', parent_id: partnerId, type: 'delivery' },
    ])) as number;
    const other = await bridge(
      'mappings',
      'preview',
      'order.clarity-to-odoo',
      join(dir, 'order.json'),
      '--resolve',
      '--mode',
      'update',
      '--context',
      JSON.stringify({ partnerId, shippingPartnerId: delivery }),
      '--diff',
      `odoo:${id}`,
    );
    expect(other.out.split('\n').filter(Boolean)).toEqual([
      `~ partner_shipping_id: [${partnerId},"Preview Customer"] → ${delivery}`,
    ]);
  });

  it('diffs a status write-back against the Clarity order', async () => {
    const [order] = await clarity.placeOrders(1);
    writeFileSync(join(dir, 'sale-order.json'), JSON.stringify({ id: 1, name: 'S00042', state: 'sale' }));
    const { out } = await bridge(
      'mappings',
      'preview',
      'order.odoo-to-clarity',
      join(dir, 'sale-order.json'),
      '--odoo-version',
      '19',
      '--diff',
      `clarity:${order!.ID}`,
    );
    expect(out.split('\n').filter(Boolean)).toEqual([
      '~ ErpReference: null → "S00042"',
      '~ StatusKey: "Pending" → "Confirmed"',
    ]);
  });
});
