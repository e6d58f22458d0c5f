// The generic ORM answers and the seed data a client relies on, over JSON-RPC.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOdooSandbox, type OdooSandbox } from '../../src/sandbox/odoo/index.ts';

// Answers are JSON of many shapes; the tests read them the way a client does.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = any;

let sandbox: OdooSandbox;

async function raw(
  model: string,
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown> = {},
): Promise<Answer> {
  const response = await fetch(`${sandbox.url}/jsonrpc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      method: 'call',
      params: {
        service: 'object',
        method: 'execute_kw',
        args: [sandbox.db, 2, sandbox.password, model, method, args, kwargs],
      },
      id: 9,
    }),
  });
  return response.json();
}
async function call(
  model: string,
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown> = {},
): Promise<Answer> {
  const reply = await raw(model, method, args, kwargs);
  if (reply.error) throw new Error(`${reply.error.data.name}: ${reply.error.data.message}`);
  return reply.result;
}

beforeAll(async () => {
  sandbox = await startOdooSandbox({ products: 40 });
});
afterAll(async () => {
  await sandbox.close();
});

describe('seed data', () => {
  it('holds every ISO country, the US/CA/AU states, USD active and EUR/GBP inactive with rates, and no pricelist', async () => {
    expect(await call('res.country', 'search_count', [[]])).toBeGreaterThanOrEqual(249);
    const [us] = await call('res.country', 'search_read', [[['code', '=', 'US']]], {
      fields: ['name', 'currency_id', 'phone_code'],
    });
    expect(us).toMatchObject({ name: 'United States', currency_id: [expect.any(Number), 'USD'], phone_code: 1 });
    for (const [code, count] of [
      ['US', 50],
      ['CA', 13],
      ['AU', 8],
    ] as const) {
      expect(
        await call('res.country.state', 'search_count', [[['country_id.code', '=', code]]]),
      ).toBeGreaterThanOrEqual(count);
    }
    const [qc] = await call(
      'res.country.state',
      'search_read',
      [
        [
          ['code', '=', 'QC'],
          ['country_id.code', '=', 'CA'],
        ],
      ],
      { fields: ['display_name'] },
    );
    expect(qc.display_name).toBe('Quebec (CA)');
    // a fresh Odoo: only the company's currency is active, and pricelists are a setting that is off
    const active = await call('res.currency', 'search_read', [[]], { fields: ['name'] });
    expect(active.map((c: Answer) => c.name)).toEqual(['USD']);
    const currencies = await call('res.currency', 'search_read', [[['name', 'in', ['USD', 'EUR', 'GBP']]]], {
      fields: ['name', 'rate', 'symbol', 'active'],
      order: 'name',
      context: { active_test: false },
    });
    expect(currencies.map((c: Answer) => [c.name, c.active])).toEqual([
      ['EUR', false],
      ['GBP', false],
      ['USD', true],
    ]);
    expect(currencies.find((c: Answer) => c.name === 'USD').rate).toBe(1);
    expect(currencies.find((c: Answer) => c.name === 'EUR').rate).toBeLessThan(1);
    expect(await call('product.pricelist', 'search_count', [[]], { context: { active_test: false } })).toBe(0);
  });

  it("has the demo's 15% sales and purchase taxes only, carriers, and products from the shared seed catalog", async () => {
    const [tax] = await call(
      'account.tax',
      'search_read',
      [
        [
          ['type_tax_use', '=', 'sale'],
          ['amount', '=', 15],
        ],
      ],
      { fields: ['name'] },
    );
    expect(tax.name).toBe('15%');
    const taxes = await call('account.tax', 'search_read', [[]], { fields: ['amount', 'type_tax_use', 'company_id'] });
    expect(taxes.map((t: Answer) => [t.amount, t.type_tax_use, t.company_id[1]])).toEqual([
      [15, 'sale', 'My Company (San Francisco)'],
      [15, 'purchase', 'My Company (San Francisco)'],
    ]);
    const carriers = await call('delivery.carrier', 'search_read', [[]], { fields: ['name', 'product_id'] });
    expect(carriers.map((c: Answer) => c.name)).toEqual(['Standard delivery', 'The Poste', 'Local Delivery']);
    const [sku] = await call('product.product', 'search_read', [[['default_code', '=', 'SKU-00001']]], {
      fields: ['qty_available', 'categ_id', 'barcode', 'type'],
    });
    expect(sku).toMatchObject({ type: 'product', categ_id: [expect.any(Number), expect.stringMatching(/^All \/ /)] });
    expect(sku.qty_available).toBeGreaterThan(0);
    expect(await call('product.product', 'search_count', [[['default_code', '=like', 'SKU-%']]])).toBe(40);
  });

  it('has a product with variants under one template', async () => {
    const variants = await call(
      'product.product',
      'search_read',
      [[['default_code', 'in', ['TEE-S', 'TEE-M', 'TEE-L']]]],
      { fields: ['display_name', 'product_tmpl_id', 'lst_price'], order: 'default_code' },
    );
    expect(variants.map((v: Answer) => v.display_name)).toEqual([
      '[TEE-L] Studio Tee (L)',
      '[TEE-M] Studio Tee (M)',
      '[TEE-S] Studio Tee (S)',
    ]);
    expect(new Set(variants.map((v: Answer) => v.product_tmpl_id[0])).size).toBe(1);
    const [template] = await call('product.template', 'read', [[variants[0].product_tmpl_id[0]]], {
      fields: ['product_variant_count', 'default_code', 'qty_available'],
    });
    expect(template).toMatchObject({ product_variant_count: 3, default_code: false, qty_available: 90 });
  });
});

describe('ORM answers', () => {
  it('creates one (int) or many (list), reads a missing id as [], and refuses a write to one', async () => {
    expect(await call('res.partner', 'create', [{ name: 'One' }])).toEqual(expect.any(Number));
    const many = await call('res.partner', 'create', [[{ name: 'A' }, { name: 'B', is_company: true }]]);
    expect(many).toHaveLength(2);
    expect(await call('res.partner', 'read', [[999999]], { fields: ['name'] })).toEqual([]);
    const refused = await raw('res.partner', 'write', [[999999], { name: 'x' }]);
    expect(refused.error.data.message).toBe(
      'Record does not exist or has been deleted.\n(Record: res.partner(999999,), User: 2)',
    );
  });

  it('answers a method that returns None without a result key', async () => {
    const reply = await raw('res.partner', 'action_archive', [[]]);
    expect(reply).toEqual({ jsonrpc: '2.0', id: 9 });
  });

  it('keeps write_date in seconds and moves it on write, never create_date', async () => {
    const id = await call('res.partner', 'create', [{ name: 'Stamp' }]);
    const [before] = await call('res.partner', 'read', [[id]], { fields: ['create_date', 'write_date'] });
    expect(before.write_date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await call('res.partner', 'write', [[id], { name: 'Stamp 2' }]);
    const [after] = await call('res.partner', 'read', [[id]], { fields: ['create_date', 'write_date'] });
    expect(after.create_date).toBe(before.create_date);
    expect(after.write_date > before.write_date).toBe(true);
    expect(
      await call('res.partner', 'search', [
        [
          ['write_date', '>', before.write_date],
          ['id', '=', id],
        ],
      ]),
    ).toEqual([id]);
  });

  it('syncs a company address change to its contacts but not to its delivery address', async () => {
    const company = await call('res.partner', 'create', [
      { name: 'Sync Co', is_company: true, street: '1 Old St', city: 'Austin', vat: 'US1' },
    ]);
    const contact = await call('res.partner', 'create', [{ name: 'Sam', parent_id: company }]);
    const delivery = await call('res.partner', 'create', [
      { name: 'Dock', parent_id: company, type: 'delivery', street: '9 Dock Rd', city: 'Austin' },
    ]);
    await call('res.partner', 'write', [[company], { street: '2 New St', vat: 'US2' }]);
    const rows = await call('res.partner', 'read', [[contact, delivery]], {
      fields: ['street', 'vat', 'display_name', 'commercial_partner_id'],
    });
    expect(rows[0]).toMatchObject({
      street: '2 New St',
      vat: 'US2',
      display_name: 'Sync Co, Sam',
      commercial_partner_id: [company, 'Sync Co'],
    });
    expect(rows[1]).toMatchObject({ street: '9 Dock Rd', vat: 'US2' });
  });

  it('orders, limits and offsets; counts; name_search; read_group', async () => {
    const names = await call('res.country', 'search_read', [[['code', 'in', ['US', 'CA', 'AU', 'BE']]]], {
      fields: ['code'],
      order: 'code desc',
      limit: 2,
      offset: 1,
    });
    expect(names.map((c: Answer) => c.code)).toEqual(['CA', 'BE']);
    expect(await call('res.country', 'search_count', [[['code', 'in', ['US', 'CA']]]])).toBe(2);
    const found = await call('res.partner', 'name_search', [], { name: 'azure', limit: 5 });
    expect(found[0]).toEqual([expect.any(Number), 'Azure Interior']);
    const groups = await call('res.country.state', 'read_group', [
      [['country_id.code', 'in', ['CA', 'AU']]],
      ['country_id'],
      ['country_id'],
    ]);
    const byCountry = Object.fromEntries(groups.map((g: Answer) => [g.country_id[1], g.country_id_count]));
    expect(byCountry).toEqual({ Canada: 13, Australia: 8 });
  });

  it("prices an order in its pricelist's currency, from the customer's pricelist", async () => {
    const [eur] = await call('res.currency', 'search', [[['name', '=', 'EUR']]], { context: { active_test: false } });
    await call('res.currency', 'write', [[eur], { active: true }]);
    const euro = await call('product.pricelist', 'create', [{ name: 'Europe', currency_id: eur }]);
    const customer = await call('res.partner', 'create', [
      { name: 'Euro Kunde', is_company: true, property_product_pricelist: euro },
    ]);
    const [product] = await call('product.product', 'search_read', [[['default_code', '=', 'E-COM07']]], {
      fields: ['list_price'],
    });
    const [rate] = await call('res.currency', 'search_read', [[['name', '=', 'EUR']]], { fields: ['rate'] });
    const order = await call('sale.order', 'create', [
      { partner_id: customer, order_line: [[0, 0, { product_id: product.id, product_uom_qty: 1 }]] },
    ]);
    const [read] = await call('sale.order', 'read', [[order]], {
      fields: ['currency_id', 'pricelist_id', 'amount_untaxed'],
    });
    expect(read.currency_id[1]).toBe('EUR');
    expect(read.amount_untaxed).toBe(Math.round(product.list_price * rate.rate * 100) / 100);
  });

  it('posts a message on a sale order', async () => {
    const [partner] = await call('res.partner', 'search', [[['name', '=', 'Azure Interior']]]);
    const order = await call('sale.order', 'create', [{ partner_id: partner }]);
    const messageId = await call('sale.order', 'message_post', [[order]], { body: 'Synced from Clarity' });
    const [message] = await call('mail.message', 'read', [[messageId]], { fields: ['model', 'res_id', 'body'] });
    expect(message).toMatchObject({ model: 'sale.order', res_id: order, body: 'Synced from Clarity' });
  });

  it('keeps external ids in ir.model.data, unique per module and name', async () => {
    const id = await call('ir.model.data', 'create', [
      { module: '__bridge__', name: 'main_order_42', model: 'res.partner', res_id: 1 },
    ]);
    const [row] = await call('ir.model.data', 'read', [[id]], { fields: ['complete_name', 'res_id', 'noupdate'] });
    expect(row).toMatchObject({ complete_name: '__bridge__.main_order_42', res_id: 1, noupdate: false });
    const duplicate = await raw('ir.model.data', 'create', [
      { module: '__bridge__', name: 'main_order_42', model: 'res.partner', res_id: 1 },
    ]);
    expect(duplicate.error.data.name).toBe('odoo.exceptions.ValidationError');
  });
});

describe('what bridge odoo check and product sync ask', () => {
  it('grants the admin every access right and lists installed modules', async () => {
    expect(await call('sale.order', 'check_access_rights', ['write'], { raise_exception: false })).toBe(true);
    const modules = await call(
      'ir.module.module',
      'search_read',
      [
        [
          ['name', 'in', ['sale_stock', 'stock_delivery', 'purchase']],
          ['state', '=', 'installed'],
        ],
      ],
      { fields: ['name'] },
    );
    expect(modules.map((m: Answer) => m.name).sort()).toEqual(['sale_stock', 'stock_delivery']);
  });

  it('creates a product template with its variant, SKU and price', async () => {
    const template = await call('product.template', 'create', [
      { name: 'Bridge Mug', default_code: 'BR-MUG', list_price: 12.5, type: 'product' },
    ]);
    const [variant] = await call('product.product', 'search_read', [[['default_code', '=', 'BR-MUG']]], {
      fields: ['product_tmpl_id', 'lst_price', 'qty_available', 'display_name'],
    });
    expect(variant).toMatchObject({
      product_tmpl_id: [template, '[BR-MUG] Bridge Mug'],
      lst_price: 12.5,
      qty_available: 0,
      display_name: '[BR-MUG] Bridge Mug',
    });
    await call('product.product', 'write', [[variant.id], { list_price: 14 }]);
    expect((await call('product.template', 'read', [[template]], { fields: ['list_price'] }))[0].list_price).toBe(14);
  });
});

describe('web session', () => {
  it('serves /web/dataset/call_kw to the session /web/session/authenticate opened, and refuses others', async () => {
    const login = await fetch(`${sandbox.url}/web/session/authenticate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        params: { db: sandbox.db, login: sandbox.login, password: sandbox.password },
      }),
    });
    const cookie = String(login.headers.get('set-cookie')).split(';')[0]!;
    expect(cookie).toMatch(/^session_id=\w+$/);
    const callKw = (headers: Record<string, string>) =>
      fetch(`${sandbox.url}/web/dataset/call_kw/res.country/search_count`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({
          jsonrpc: '2.0',
          method: 'call',
          params: { model: 'res.country', method: 'search_count', args: [[['code', '=', 'US']]], kwargs: {} },
          id: 4,
        }),
      }).then((r) => r.json() as Promise<Answer>);
    expect(await callKw({ cookie })).toEqual({ jsonrpc: '2.0', id: 4, result: 1 });
    const refused = await callKw({ cookie: 'session_id=forged' });
    expect(refused.error).toMatchObject({ code: 100, data: { name: 'odoo.http.SessionExpiredException' } });
  });
});
