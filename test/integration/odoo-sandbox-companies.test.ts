// The Odoo sandbox is a plain Odoo with demo data, as a real Odoo 17 showed it (issue 11): two companies whose
// records a call without a company context reads together, pricelists off, the company's currency only, the
// demo's 15% tax, and Odoo's own refusal of an order pointing at the other company's pricelist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOdooSandbox, type OdooSandbox } from '../../src/sandbox/odoo/index.ts';
import { odooRawRpc, odooRpc } from '../support/odoo-rpc.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = any;

let sandbox: OdooSandbox;

let raw: (model: string, method: string, args: unknown[], kwargs?: Record<string, unknown>) => Promise<Answer>;
let call: (model: string, method: string, args: unknown[], kwargs?: Record<string, unknown>) => Promise<Answer>;

const inCompany = (id: number) => ({ context: { allowed_company_ids: [id] } });

beforeAll(async () => {
  sandbox = await startOdooSandbox({ products: 5 });
  raw = odooRawRpc(sandbox.url, sandbox.db, sandbox.password);
  call = odooRpc(sandbox.url, sandbox.db, sandbox.password);
});
afterAll(async () => {
  await sandbox.close();
});

describe('two companies, as in the demo database', () => {
  it('lets the admin act in San Francisco and Chicago', async () => {
    const [admin] = await call('res.users', 'read', [[2]], { fields: ['company_id', 'company_ids'] });
    expect(admin.company_id[1]).toBe('My Company (San Francisco)');
    const companies = await call('res.company', 'read', [admin.company_ids], { fields: ['name', 'currency_id'] });
    expect(companies.map((c: Answer) => c.name).sort()).toEqual(['My Company (Chicago)', 'My Company (San Francisco)']);
  });

  it('reads both companies records without a company context, and one company with allowed_company_ids', async () => {
    const all = await call('stock.warehouse', 'search_read', [[]], { fields: ['code'] });
    expect(all.map((w: Answer) => w.code).sort()).toEqual(['CHIC1', 'WH']);
    const chicago = await call('stock.warehouse', 'search_read', [[]], { fields: ['code'], ...inCompany(2) });
    expect(chicago.map((w: Answer) => w.code)).toEqual(['CHIC1']);
    const taxesInChicago = await call('account.tax', 'search_count', [[]], inCompany(2));
    expect(taxesInChicago).toBe(0);
  });

  it('refuses a company the user cannot act in', async () => {
    const reply = await raw('res.partner', 'search_count', [[]], inCompany(99));
    expect(reply.error?.data).toMatchObject({
      name: 'odoo.exceptions.AccessError',
      message: 'Access to unauthorized or invalid companies.',
    });
  });

  it('makes an order in the context company, shipped from its warehouse, with the taxes of that company only', async () => {
    const [product] = await call('product.product', 'search', [[['default_code', '=', 'E-COM07']]]);
    const order = await call(
      'sale.order',
      'create',
      [{ partner_id: 10, order_line: [[0, 0, { product_id: product, product_uom_qty: 1 }]] }],
      inCompany(2),
    );
    await call('sale.order', 'action_confirm', [[order]], inCompany(2));
    const [read] = await call('sale.order', 'read', [[order]], {
      fields: ['company_id', 'warehouse_id', 'pricelist_id', 'currency_id', 'amount_tax', 'picking_ids'],
    });
    expect(read).toMatchObject({ company_id: [2, 'My Company (Chicago)'], pricelist_id: false, amount_tax: 0 });
    expect(read.warehouse_id[1]).toBe('Chicago1');
    expect(read.currency_id[1]).toBe('USD');
    const [picking] = await call('stock.picking', 'read', [read.picking_ids], { fields: ['name', 'company_id'] });
    expect(picking.name).toMatch(/^CHIC1\/OUT\//);
  });

  it("refuses an order with the other company's pricelist, as Odoo words it", async () => {
    const pricelist = await call('product.pricelist', 'create', [
      { name: 'Chicago USD', currency_id: 1, company_id: 2 },
    ]);
    const reply = await raw(
      'sale.order',
      'create',
      [{ partner_id: 10, pricelist_id: pricelist, order_line: [] }],
      inCompany(1),
    );
    expect(reply.error?.data.name).toBe('odoo.exceptions.UserError');
    expect(reply.error?.data.message).toMatch(
      /^Incompatible companies on records:\n- 'S\d+' belongs to company 'My Company \(San Francisco\)' and 'Pricelist' \(pricelist_id: 'Chicago USD \(USD\)'\) belongs to another company\.$/,
    );
    await call('product.pricelist', 'unlink', [[pricelist]]);
  });
});

describe('a plain Odoo: pricelists off, one currency, the tax rounding setting', () => {
  it('takes an order without a pricelist, in the company currency', async () => {
    expect(await call('product.pricelist', 'search_count', [[]])).toBe(0);
    const order = await call('sale.order', 'create', [{ partner_id: 10 }], inCompany(1));
    const [read] = await call('sale.order', 'read', [[order]], { fields: ['pricelist_id', 'currency_id'] });
    expect(read).toMatchObject({ pricelist_id: false, currency_id: [1, 'USD'] });
  });

  it('turns pricelists on from the settings: a default pricelist per company, in its currency', async () => {
    const before = await call('res.config.settings', 'default_get', [['group_product_pricelist']]);
    expect(before.group_product_pricelist).toBe(false);
    const settings = await call('res.config.settings', 'create', [{ group_product_pricelist: true }]);
    await call('res.config.settings', 'execute', [[settings]]);
    const pricelists = await call('product.pricelist', 'search_read', [[]], { fields: ['name', 'company_id'] });
    expect(pricelists.map((p: Answer) => [p.name, p.company_id[1]]).sort()).toEqual([
      ['Default USD pricelist', 'My Company (Chicago)'],
      ['Default USD pricelist', 'My Company (San Francisco)'],
    ]);
    const inSanFrancisco = await call('product.pricelist', 'search_read', [[]], { fields: ['id'], ...inCompany(1) });
    expect(inSanFrancisco).toHaveLength(1);
    const after = await call('res.config.settings', 'default_get', [['group_product_pricelist']]);
    expect(after.group_product_pricelist).toBe(true);
  });

  it('keeps line discounts to 2 decimals, as a real Odoo 17 does, unless the Discount precision says more', async () => {
    const [product] = await call('product.product', 'search', [[['default_code', '=', 'E-COM07']]]);
    // a store's 835.43 off 3 × 1856.50 is 15.00008977%: kept as 15%, the line is 4734.08, not the store's 4734.07
    const line = {
      product_id: product,
      product_uom_qty: 3,
      price_unit: 1856.5,
      discount: 15.00008977,
      tax_id: [[6, 0, []]],
    };
    const before = await call('sale.order', 'create', [{ partner_id: 10, order_line: [[0, 0, line]] }]);
    const [a] = await call('sale.order', 'read', [[before]], { fields: ['amount_untaxed'] });
    expect(a.amount_untaxed).toBe(4734.08);
    const [precision] = await call('decimal.precision', 'search', [[['name', '=', 'Discount']]]);
    await call('decimal.precision', 'write', [[precision], { digits: 6 }]);
    const after = await call('sale.order', 'create', [{ partner_id: 10, order_line: [[0, 0, line]] }]);
    const [b] = await call('sale.order', 'read', [[after]], { fields: ['amount_untaxed', 'order_line'] });
    expect(b.amount_untaxed).toBe(4734.07);
    const [stored] = await call('sale.order.line', 'read', [b.order_line], { fields: ['discount'] });
    expect(stored.discount).toBe(15.00009);
    await call('decimal.precision', 'write', [[precision], { digits: 2 }]);
  });

  it('rounds the tax per line by default, and once per order when the company rounds globally', async () => {
    const [product] = await call('product.product', 'search', [[['default_code', '=', 'E-COM07']]]);
    const tax = await call('account.tax', 'create', [{ name: '23%', amount: 23, type_tax_use: 'sale' }], inCompany(1));
    const line = (price: number) => [
      0,
      0,
      { product_id: product, product_uom_qty: 1, price_unit: price, tax_id: [[6, 0, [tax]]] },
    ];
    // three lines whose taxes (2.3115 each) round up one by one: 6.93 per line, 6.93 globally
    const lines = [line(10.05), line(10.05), line(10.05)];
    const perLine = await call('sale.order', 'create', [{ partner_id: 10, order_line: lines }], inCompany(1));
    const [a] = await call('sale.order', 'read', [[perLine]], { fields: ['amount_tax'] });
    expect(a.amount_tax).toBe(6.93);
    const odd = [line(10.02), line(10.02), line(10.02)]; // 2.3046 each: 2.30 × 3 = 6.90 per line, 6.91 globally
    const perLineOdd = await call('sale.order', 'create', [{ partner_id: 10, order_line: odd }], inCompany(1));
    const [b] = await call('sale.order', 'read', [[perLineOdd]], { fields: ['amount_tax'] });
    expect(b.amount_tax).toBe(6.9);
    await call('res.company', 'write', [[1], { tax_calculation_rounding_method: 'round_globally' }]);
    const [c] = await call('sale.order', 'read', [[perLineOdd]], { fields: ['amount_tax', 'amount_total'] });
    expect(c).toMatchObject({ amount_tax: 6.91, amount_total: 36.97 });
  });
});
