// The sandbox's version switch follows the real schemas: the fields and values each of Odoo 16–19 has
// (issue 3's list), over JSON-RPC and, on 19, JSON-2.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOdooSandbox, type OdooSandbox, type OdooVersion } from '../../src/sandbox/odoo/index.ts';

// Answers are JSON of many shapes; the tests read them the way a client does.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = any;

interface RpcError {
  code: number;
  data: { name: string; message: string };
}

function client(sandbox: OdooSandbox) {
  const raw = async (model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) => {
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
        id: 7,
      }),
    });
    return (await response.json()) as { result?: Answer; error?: RpcError };
  };
  const call = async (model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) => {
    const reply = await raw(model, method, args, kwargs);
    if (reply.error) throw new Error(`${reply.error.data.name}: ${reply.error.data.message}`);
    return reply.result;
  };
  return { raw, call };
}

async function withSandbox(
  version: OdooVersion,
  fn: (sandbox: OdooSandbox, rpc: ReturnType<typeof client>) => Promise<void>,
): Promise<void> {
  const sandbox = await startOdooSandbox({ version, products: 10 });
  try {
    await fn(sandbox, client(sandbox));
  } finally {
    await sandbox.close();
  }
}

async function confirmedOrder(
  call: ReturnType<typeof client>['call'],
  qty = 2,
): Promise<{ order: number; picking: number; moves: number[] }> {
  const [partner] = await call('res.partner', 'search', [[['name', '=', 'Azure Interior']]]);
  const [product] = await call('product.product', 'search', [[['default_code', '=', 'E-COM07']]]);
  const order = await call('sale.order', 'create', [
    { partner_id: partner, order_line: [[0, 0, { product_id: product, product_uom_qty: qty }]] },
  ]);
  await call('sale.order', 'action_confirm', [[order]]);
  const [picking] = await call('stock.picking', 'search_read', [[['sale_id', '=', order]]], { fields: ['move_ids'] });
  return { order, picking: picking.id, moves: picking.move_ids };
}

describe('version switch', () => {
  it('16: sale orders lock into state done, moves count quantity_done', async () => {
    await withSandbox(16, async (sandbox, { call, raw }) => {
      const version = (await fetch(`${sandbox.url}/web/version`).then((r) => r.json())) as Answer;
      expect(version.version_info[0]).toBe(16);
      const { order, picking, moves } = await confirmedOrder(call);
      expect((await raw('sale.order', 'read', [[order]], { fields: ['locked'] })).error?.data.message).toBe(
        "Invalid field 'locked' on model 'sale.order'",
      );
      expect(await call('sale.order', 'name_get', [[order]])).toEqual([[order, expect.stringMatching(/^S\d{5}$/)]]);
      await call('sale.order', 'action_done', [[order]]);
      expect((await call('sale.order', 'read', [[order]], { fields: ['state'] }))[0].state).toBe('done');
      expect(await call('sale.order', 'search', [[['state', '=', 'done']]])).toEqual([order]);

      expect((await raw('stock.move', 'read', [moves], { fields: ['quantity'] })).error?.data.name).toBe(
        'builtins.ValueError',
      );
      const [move] = await call('stock.move', 'read', [moves], {
        fields: ['quantity_done', 'reserved_availability', 'product_uom_qty'],
      });
      expect(move).toMatchObject({ quantity_done: 0, reserved_availability: 2, product_uom_qty: 2 });
      await call('stock.move', 'write', [moves, { quantity_done: 1 }]);
      const answer = await call('stock.picking', 'button_validate', [[picking]]);
      expect(answer.res_model).toBe('stock.backorder.confirmation');

      // Nothing marked done: everything reserved is done (real 16 would first ask "Immediate Transfer?").
      const second = await confirmedOrder(call, 3);
      let next = await call('stock.picking', 'button_validate', [[second.picking]]);
      if (next !== true && next.res_model === 'confirm.stock.sms')
        next = await call('confirm.stock.sms', 'dont_send_sms', [[next.res_id]], { context: next.context });
      expect(next).toBe(true);
      const [done] = await call('stock.move', 'read', [second.moves], { fields: ['quantity_done', 'state'] });
      expect(done).toMatchObject({ quantity_done: 3, state: 'done' });
    });
  });

  it('17: sale orders have locked, moves have quantity and picked, products type product', async () => {
    await withSandbox(17, async (_sandbox, { call, raw }) => {
      const { order, moves } = await confirmedOrder(call);
      expect((await call('sale.order', 'read', [[order]], { fields: ['state', 'locked'] }))[0]).toMatchObject({
        state: 'sale',
        locked: false,
      });
      expect((await call('stock.move', 'read', [moves], { fields: ['quantity', 'picked'] }))[0]).toMatchObject({
        quantity: 2,
        picked: false,
      });
      const [product] = await call('product.product', 'search_read', [[['default_code', '=', 'E-COM07']]], {
        fields: ['type', 'detailed_type'],
      });
      expect(product).toMatchObject({ type: 'product', detailed_type: 'product' });
      expect((await raw('stock.immediate.transfer', 'create', [{}])).error?.data.message).toBe(
        "Object stock.immediate.transfer doesn't exist",
      );
      expect((await raw('sale.order', 'name_get', [[order]])).error?.data.name).toBe('builtins.AttributeError');
      const fields = await call('sale.order', 'fields_get', [], { attributes: ['selection'], allfields: ['state'] });
      expect(fields.state.selection.map((s: string[]) => s[0])).toEqual(['draft', 'sent', 'sale', 'cancel']);
    });
  });

  it('18: storable products are type consu with is_storable', async () => {
    await withSandbox(18, async (_sandbox, { call, raw }) => {
      const [product] = await call('product.product', 'search_read', [[['default_code', '=', 'E-COM07']]], {
        fields: ['type', 'is_storable'],
      });
      expect(product).toMatchObject({ type: 'consu', is_storable: true });
      expect(
        await call('product.product', 'search_count', [
          [
            ['default_code', '=', 'E-COM07'],
            ['is_storable', '=', true],
          ],
        ]),
      ).toBe(1);
      const refused = await raw('product.product', 'create', [{ name: 'Old style', type: 'product' }]);
      expect(refused.error?.data).toMatchObject({
        name: 'builtins.ValueError',
        message: "Wrong value for product.product.type: 'product'",
      });
      expect(
        (await raw('product.product', 'read', [[product.id]], { fields: ['detailed_type'] })).error?.data.name,
      ).toBe('builtins.ValueError');
      const created = await call('product.product', 'create', [
        { name: 'New style', type: 'consu', is_storable: true, default_code: 'NEW-18' },
      ]);
      expect(
        (await call('product.product', 'read', [[created]], { fields: ['type', 'is_storable'] }))[0],
      ).toMatchObject({ type: 'consu', is_storable: true });
      // A storable product is reserved from stock like in 17.
      const { moves } = await confirmedOrder(call, 3);
      expect((await call('stock.move', 'read', [moves], { fields: ['quantity', 'picked'] }))[0]).toMatchObject({
        quantity: 3,
        picked: false,
      });
    });
  });

  it('19: renamed line fields, no mobile, no move_ids_without_package, JSON-RPC error code 0', async () => {
    await withSandbox(19, async (sandbox, { call, raw }) => {
      const { order, picking } = await confirmedOrder(call);
      const [line] = await call('sale.order.line', 'search_read', [[['order_id', '=', order]]], {
        fields: ['tax_ids', 'product_uom_id', 'route_ids'],
      });
      expect(line.tax_ids).toEqual([1]);
      expect(line.product_uom_id).toEqual([1, 'Units']);
      expect(line.route_ids).toEqual([]);
      const oldName = await raw('sale.order.line', 'read', [[line.id]], { fields: ['tax_id'] });
      expect(oldName.error).toMatchObject({
        code: 0,
        data: { name: 'builtins.ValueError', message: "Invalid field 'tax_id' in 'sale.order.line'" },
      });
      expect((await raw('res.partner', 'search_read', [[]], { fields: ['mobile'], limit: 1 })).error?.data.name).toBe(
        'builtins.ValueError',
      );
      expect(
        (await raw('stock.picking', 'read', [[picking]], { fields: ['move_ids_without_package'] })).error?.data.name,
      ).toBe('builtins.ValueError');

      // JSON-2: named arguments, bare results, the 19 field names on create.
      const json2 = async (model: string, method: string, body: unknown) => {
        const response = await fetch(`${sandbox.url}/json/2/${model}/${method}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `bearer ${sandbox.apiKey}`,
            'x-odoo-database': sandbox.db,
          },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as Answer };
      };
      const [partner] = (await json2('res.partner', 'search', { domain: [['name', '=', 'Azure Interior']] })).body;
      const [product] = (await json2('product.product', 'search', { domain: [['default_code', '=', 'E-COM11']] })).body;
      const created = await json2('sale.order', 'create', {
        vals_list: [
          {
            partner_id: partner,
            order_line: [[0, 0, { product_id: product, product_uom_qty: 4, price_unit: 10, tax_ids: [[6, 0, []]] }]],
          },
        ],
      });
      expect(created.status).toBe(200);
      const [read] = (
        await json2('sale.order', 'read', {
          ids: created.body,
          fields: ['amount_untaxed', 'amount_tax', 'amount_total'],
        })
      ).body;
      expect(read).toMatchObject({ amount_untaxed: 40, amount_tax: 0, amount_total: 40 });
      const confirmed = await json2('sale.order', 'action_confirm', { ids: created.body });
      expect(confirmed).toEqual({ status: 200, body: true });
      const missing = await json2('sale.order', 'write', { ids: [424242], vals: { note: 'x' } });
      expect(missing.status).toBe(404);
      expect(missing.body.name).toBe('odoo.exceptions.MissingError');
      const twice = await json2('sale.order', 'action_confirm', { ids: created.body });
      expect(twice.status).toBe(422);
      expect(twice.body.name).toBe('odoo.exceptions.UserError');
    });
  });

  it('refuses a version it cannot play', async () => {
    await expect(startOdooSandbox({ version: 15 as OdooVersion })).rejects.toThrow(
      'version 15 is not supported; use one of 16, 17, 18, 19',
    );
  });
});

describe('JSON-2 only on 19', () => {
  let sandbox: OdooSandbox;
  beforeAll(async () => {
    sandbox = await startOdooSandbox({ version: 17, products: 5 });
  });
  afterAll(async () => {
    await sandbox.close();
  });
  it('answers 404 on /json/2 below 19', async () => {
    const response = await fetch(`${sandbox.url}/json/2/res.partner/search`, {
      method: 'POST',
      headers: { authorization: `bearer ${sandbox.apiKey}` },
      body: '{"domain":[]}',
    });
    expect(response.status).toBe(404);
  });
});
