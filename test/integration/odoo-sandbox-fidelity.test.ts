// The Odoo sandbox answers like the real Odoo: every recorded exchange of test/fixtures/odoo17 (and, at version 19,
// test/fixtures/odoo19) is replayed in order over real HTTP against one sandbox, with the database, credentials
// and the ids learned from earlier answers rewritten (test/support/odoo-replay.ts), and the answers are compared by
// keys, types, error names and messages (test/support/odoo-answer-diff.ts). Ids, names and timestamps may differ;
// computed values are checked by the sequences further down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOdooSandbox, type OdooSandbox } from '../../src/sandbox/odoo/index.ts';
import { answerDiff } from '../support/odoo-answer-diff.ts';
import {
  loadFixtures,
  namesComparable,
  post,
  replayJson2,
  replayRecorded,
  startReceiver,
  valuesComparable,
} from '../support/odoo-replay.ts';
import { sandboxTarget } from '../support/odoo-target.ts';

// Answers are JSON of many shapes; the tests read them the way a client does.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = any;

describe('odoo sandbox replays the recorded Odoo 17 exchanges', () => {
  let sandbox: OdooSandbox;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const fixtures = loadFixtures('odoo17');

  beforeAll(async () => {
    sandbox = await startOdooSandbox({ version: 17 });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await sandbox.close();
    await receiver.close();
  });

  it('answers every exchange with the same keys, types, error names and messages', async () => {
    const { steps, ids } = await replayRecorded(sandboxTarget(sandbox), fixtures, {
      webhookUrl: receiver.url,
      since: new Date(Date.now() - 60_000).toISOString().slice(0, 19).replace('T', ' '),
    });
    const problems = steps.flatMap((step) =>
      answerDiff({ status: step.recorded.status, body: step.recorded.body as never }, step.answer, {
        values: valuesComparable(step),
        compareNames: namesComparable(step),
      }).map((d) => `${step.label}: ${d}`),
    );
    // The webhook Odoo sent when the picking reached done (fixture 23), byte for byte but for ids and names.
    const recorded = fixtures.find((f) => f.file.startsWith('23-'))!.fixture.captured_webhook_requests!;
    expect(receiver.captured).toHaveLength(recorded.length);
    const digitsOut = (text: string): string => text.replace(/\d+/g, '#');
    expect(digitsOut(receiver.captured[0]!.body)).toBe(digitsOut(recorded[0]!.body_raw));
    expect(receiver.captured[0]!.headers['content-type']).toBe('application/json');

    expect(problems).toEqual([]);
    expect(ids.mismatches).toEqual([]);
  });
});

describe('odoo sandbox at version 19 replays the recorded JSON-2 exchanges', () => {
  let sandbox: OdooSandbox;
  beforeAll(async () => {
    sandbox = await startOdooSandbox({ version: 19, products: 20 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('answers with the same statuses, keys, types, error names and messages', async () => {
    const steps = await replayJson2(sandboxTarget(sandbox));
    const problems = steps.flatMap((step) =>
      answerDiff({ status: step.recorded.status, body: step.recorded.body as never }, step.answer, {
        values: true,
      }).map((d) => `${step.label}: ${d}`),
    );
    expect(problems).toEqual([]);
  });
});

// ---- computed values: the same sequences with other quantities, prices and discounts ----------------------

/** Odoo 17's rule (fixture 11): subtotal rounded per line; tax on the undiscounted amount times the discount factor. */
function expectedTotals(lines: { qty: number; price: number; discount: number; taxRate: number }[]): {
  untaxed: number;
  tax: number;
  total: number;
} {
  const r2 = (v: number) => Math.round((v + Number.EPSILON * Math.sign(v)) * 100) / 100;
  const subtotals = lines.map((l) => r2(l.qty * l.price * (1 - l.discount / 100)));
  const taxes = lines.map((l) => r2(l.qty * l.price * (l.taxRate / 100) * (1 - l.discount / 100)));
  const untaxed = r2(subtotals.reduce((a, b) => a + b, 0));
  const tax = r2(taxes.reduce((a, b) => a + b, 0));
  return { untaxed, tax, total: r2(untaxed + tax) };
}

describe('odoo sandbox computes what Odoo computes', () => {
  let sandbox: OdooSandbox;
  let call: (model: string, method: string, args: unknown[], kwargs?: Record<string, unknown>) => Promise<Answer>;

  beforeAll(async () => {
    sandbox = await startOdooSandbox({ version: 17, products: 20 });
    call = async (model, method, args, kwargs = {}) => {
      const { body } = await post(`${sandbox.url}/jsonrpc`, {
        jsonrpc: '2.0',
        method: 'call',
        params: {
          service: 'object',
          method: 'execute_kw',
          args: [sandbox.db, 2, sandbox.password, model, method, args, kwargs],
        },
        id: 1,
      });
      const reply = body as { result?: unknown; error?: { data: { name: string; message: string } } };
      if (reply.error) throw new Error(`${reply.error.data.name}: ${reply.error.data.message}`);
      return reply.result;
    };
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const productId = async (code: string): Promise<number> =>
    ((await call('product.product', 'search', [[['default_code', '=', code]]])) as number[])[0]!;
  const onHand = async (id: number): Promise<number> =>
    ((await call('product.product', 'read', [[id]], { fields: ['qty_available'] })) as { qty_available: number }[])[0]!
      .qty_available;
  const customer = async (): Promise<number> =>
    ((await call('res.partner', 'search', [[['name', '=', 'Deco Addict']]])) as number[])[0]!;

  /** Walk button_validate's wizard chain the way a client does (fixture 14). */
  async function validate(pickingId: number, backorder = true): Promise<void> {
    let answer = await call('stock.picking', 'button_validate', [[pickingId]]);
    for (let step = 0; answer !== true && step < 4; step++) {
      if (answer.res_model === 'stock.backorder.confirmation') {
        const wizard = await call('stock.backorder.confirmation', 'create', [{}], { context: answer.context });
        answer = await call(
          'stock.backorder.confirmation',
          backorder ? 'process' : 'process_cancel_backorder',
          [[wizard]],
          { context: answer.context },
        );
      } else if (answer.res_model === 'confirm.stock.sms') {
        answer = await call('confirm.stock.sms', 'dont_send_sms', [[answer.res_id]], { context: answer.context });
      } else throw new Error(`unexpected answer ${JSON.stringify(answer)}`);
    }
    expect(answer).toBe(true);
  }

  it("computes fixture 11's order as 1212.0 untaxed, 181.8 tax, 1393.8 total", async () => {
    const order = await call('sale.order', 'create', [
      {
        partner_id: await customer(),
        order_line: [
          [0, 0, { product_id: await productId('E-COM07'), product_uom_qty: 3, price_unit: 320, discount: 0 }],
          [0, 0, { product_id: await productId('E-COM11'), product_uom_qty: 2, price_unit: 140, discount: 10 }],
        ],
      },
    ]);
    const [read] = await call('sale.order', 'read', [[order]], {
      fields: ['amount_untaxed', 'amount_tax', 'amount_total', 'order_line', 'write_date'],
    });
    expect([read.amount_untaxed, read.amount_tax, read.amount_total]).toEqual([1212, 181.8, 1393.8]);
    expect(read.write_date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const lines = await call('sale.order.line', 'read', [read.order_line], {
      fields: ['price_subtotal', 'price_tax', 'price_total'],
    });
    expect(lines.map((l: Answer) => l.price_subtotal)).toEqual([960, 252]);
    expect(lines[1].price_tax).toBeCloseTo(37.8, 10);
  });

  it.each([
    [
      [
        { qty: 7, price: 19.99, discount: 12.5 },
        { qty: 5, price: 3.33, discount: 0 },
      ],
    ],
    [
      [
        { qty: 1, price: 0.05, discount: 33 },
        { qty: 13, price: 149.95, discount: 7.5 },
        { qty: 2, price: 1000, discount: 100 },
      ],
    ],
  ])('computes amounts and taxes for other lines (%#)', async (specs) => {
    const product = await productId('E-COM07');
    const order = await call('sale.order', 'create', [
      {
        partner_id: await customer(),
        order_line: specs.map((s) => [
          0,
          0,
          { product_id: product, product_uom_qty: s.qty, price_unit: s.price, discount: s.discount },
        ]),
      },
    ]);
    const [read] = await call('sale.order', 'read', [[order]], {
      fields: ['amount_untaxed', 'amount_tax', 'amount_total'],
    });
    const want = expectedTotals(specs.map((s) => ({ ...s, taxRate: 15 })));
    expect({ untaxed: read.amount_untaxed, tax: read.amount_tax, total: read.amount_total }).toEqual(want);
  });

  it('moves stock through confirm, partial pick with backorder, return, and an absolute count', async () => {
    const product = await productId('E-COM11');
    const start = await onHand(product);
    const order = await call('sale.order', 'create', [
      {
        partner_id: await customer(),
        client_order_ref: 'SEQ-STOCK',
        order_line: [[0, 0, { product_id: product, product_uom_qty: 7, price_unit: 99.5, discount: 5 }]],
      },
    ]);
    expect(await call('sale.order', 'action_confirm', [[order]])).toBe(true);
    await expect(call('sale.order', 'action_confirm', [[order]])).rejects.toThrow(
      /UserError: The following orders are not in a state requiring confirmation: S\d{5}/,
    );
    expect(await onHand(product)).toBe(start);
    const [{ virtual_available }] = await call('product.product', 'read', [[product]], {
      fields: ['virtual_available'],
    });
    expect(virtual_available).toBe(start - 7);

    const [picking] = await call('stock.picking', 'search_read', [[['sale_id', '=', order]]], {
      fields: ['state', 'move_ids'],
    });
    expect(picking.state).toBe('assigned');
    await call('stock.move', 'write', [picking.move_ids, { quantity: 4 }]);
    await validate(picking.id);
    expect(await onHand(product)).toBe(start - 4);

    const pickings = await call('stock.picking', 'search_read', [[['sale_id', '=', order]]], {
      fields: ['state', 'backorder_id', 'move_ids'],
      order: 'id',
    });
    expect(pickings.map((p: Answer) => p.state)).toEqual(['done', 'assigned']);
    expect(pickings[1].backorder_id[0]).toBe(picking.id);
    const [backorderMove] = await call('stock.move', 'read', [pickings[1].move_ids], {
      fields: ['product_uom_qty', 'quantity'],
    });
    expect([backorderMove.product_uom_qty, backorderMove.quantity]).toEqual([3, 3]);
    await validate(pickings[1].id);
    expect(await onHand(product)).toBe(start - 7);

    // Return 2 of the 4 units of the first delivery.
    const wizard = await call('stock.return.picking', 'create', [{}], {
      context: { active_id: picking.id, active_ids: [picking.id], active_model: 'stock.picking' },
    });
    const [{ product_return_moves }] = await call('stock.return.picking', 'read', [[wizard]], {
      fields: ['product_return_moves'],
    });
    const [line] = await call('stock.return.picking.line', 'read', [product_return_moves], { fields: ['quantity'] });
    expect(line.quantity).toBe(4);
    await call('stock.return.picking', 'write', [
      [wizard],
      { product_return_moves: [[1, product_return_moves[0], { quantity: 2 }]] },
    ]);
    const action = await call('stock.return.picking', 'create_returns', [[wizard]], {
      context: { active_id: picking.id, active_ids: [picking.id], active_model: 'stock.picking' },
    });
    await validate(action.res_id);
    expect(await onHand(product)).toBe(start - 5);
    const [saleLine] = await call('sale.order.line', 'search_read', [[['order_id', '=', order]]], {
      fields: ['qty_delivered'],
    });
    expect(saleLine.qty_delivered).toBe(5);

    // An absolute on-hand quantity, the way fixture 16 sets it.
    const stock = 8;
    const quant = await call(
      'stock.quant',
      'create',
      [{ product_id: product, location_id: stock, inventory_quantity: 61 }],
      { context: { inventory_mode: true } },
    );
    const [pending] = await call('stock.quant', 'read', [[quant]], { fields: ['quantity', 'inventory_diff_quantity'] });
    expect(pending).toMatchObject({ quantity: start - 5, inventory_diff_quantity: 61 - (start - 5) });
    await call('stock.quant', 'action_apply_inventory', [[quant]], { context: { inventory_mode: true } });
    expect(await onHand(product)).toBe(61);
    const [adjustment] = await call(
      'stock.move',
      'search_read',
      [
        [
          ['product_id', '=', product],
          ['is_inventory', '=', true],
        ],
      ],
      { fields: ['quantity', 'state'], order: 'id desc', limit: 1 },
    );
    expect(adjustment).toMatchObject({ quantity: Math.abs(61 - (start - 5)), state: 'done' });
  });

  it('follows lines added to or changed on a confirmed order with the open delivery', async () => {
    const cabinet = await productId('E-COM07');
    const bin = await productId('E-COM10');
    const order = await call('sale.order', 'create', [
      { partner_id: await customer(), order_line: [[0, 0, { product_id: cabinet, product_uom_qty: 2 }]] },
    ]);
    await call('sale.order', 'action_confirm', [[order]]);
    const [line] = await call('sale.order.line', 'search', [[['order_id', '=', order]]]);
    await call('sale.order', 'write', [
      [order],
      {
        order_line: [
          [0, 0, { product_id: bin, product_uom_qty: 3 }],
          [1, line, { product_uom_qty: 5 }],
        ],
      },
    ]);
    const pickings = await call('stock.picking', 'search_read', [[['sale_id', '=', order]]], {
      fields: ['move_ids', 'state'],
    });
    expect(pickings).toHaveLength(1);
    const moves = await call('stock.move', 'read', [pickings[0].move_ids], {
      fields: ['product_id', 'product_uom_qty', 'quantity', 'state'],
    });
    expect(moves.map((m: Answer) => [m.product_id[0], m.product_uom_qty, m.quantity, m.state])).toEqual([
      [cabinet, 5, 5, 'assigned'],
      [bin, 3, 3, 'assigned'],
    ]);
    await call('sale.order.line', 'write', [[line], { product_uom_qty: 1 }]);
    const [reduced] = await call('stock.move', 'read', [[moves[0].id]], { fields: ['product_uom_qty', 'quantity'] });
    expect(reduced).toMatchObject({ product_uom_qty: 1, quantity: 1 });
  });

  it('invoices what was delivered and follows partial and full payment', async () => {
    const product = await productId('E-COM07');
    const order = await call('sale.order', 'create', [
      {
        partner_id: await customer(),
        order_line: [[0, 0, { product_id: product, product_uom_qty: 6, price_unit: 45.25, discount: 20 }]],
      },
    ]);
    await call('sale.order', 'action_confirm', [[order]]);
    const [picking] = await call('stock.picking', 'search_read', [[['sale_id', '=', order]]], { fields: ['move_ids'] });
    await call('stock.move', 'write', [picking.move_ids, { quantity: 5 }]);
    await validate(picking.id, false); // no backorder: 5 of 6 delivered
    const ctx = { active_model: 'sale.order', active_ids: [order], active_id: order };
    const wizard = await call('sale.advance.payment.inv', 'create', [{ advance_payment_method: 'delivered' }], {
      context: ctx,
    });
    const action = await call('sale.advance.payment.inv', 'create_invoices', [[wizard]], { context: ctx });
    const want = expectedTotals([{ qty: 5, price: 45.25, discount: 20, taxRate: 15 }]);
    const fields = ['name', 'state', 'payment_state', 'amount_total', 'amount_residual'];
    let [invoice] = await call('account.move', 'read', [[action.res_id]], { fields });
    expect(invoice).toMatchObject({ name: '/', state: 'draft', amount_total: want.total, amount_residual: want.total });
    expect(await call('account.move', 'action_post', [[invoice.id]])).toBe(false);

    const pay = async (amount?: number) => {
      const register = await call('account.payment.register', 'create', [amount === undefined ? {} : { amount }], {
        context: { active_model: 'account.move', active_ids: [invoice.id] },
      });
      return call('account.payment.register', 'action_create_payments', [[register]], {
        context: { active_model: 'account.move', active_ids: [invoice.id] },
      });
    };
    await pay(100);
    [invoice] = await call('account.move', 'read', [[invoice.id]], { fields });
    expect(invoice).toMatchObject({
      state: 'posted',
      payment_state: 'partial',
      amount_residual: Math.round((want.total - 100) * 100) / 100,
    });
    expect(invoice.name).toMatch(/^INV\/\d{4}\/\d{5}$/);
    const payment = await pay();
    expect(payment).toMatchObject({ res_model: 'account.payment', type: 'ir.actions.act_window' });
    [invoice] = await call('account.move', 'read', [[invoice.id]], { fields });
    expect(invoice).toMatchObject({ payment_state: 'paid', amount_residual: 0 });
    const [so] = await call('sale.order', 'read', [[order]], { fields: ['amount_invoiced', 'invoice_ids'] });
    expect(so).toMatchObject({ amount_invoiced: want.total, invoice_ids: [invoice.id] });

    // A credit note for it: same amount, posted as RINV, and the order has nothing invoiced any more.
    const reversal = await call('account.move.reversal', 'create', [{ reason: 'returned' }], {
      context: { active_model: 'account.move', active_ids: [invoice.id] },
    });
    const refundAction = await call('account.move.reversal', 'reverse_moves', [[reversal]], {
      context: { active_model: 'account.move', active_ids: [invoice.id] },
    });
    await call('account.move', 'action_post', [[refundAction.res_id]]);
    const [refund] = await call('account.move', 'read', [[refundAction.res_id]], {
      fields: ['name', 'move_type', 'amount_total', 'reversed_entry_id'],
    });
    expect(refund).toMatchObject({
      move_type: 'out_refund',
      amount_total: want.total,
      reversed_entry_id: [invoice.id, invoice.name],
    });
    expect(refund.name).toMatch(/^RINV\/\d{4}\/\d{5}$/);
    const [after] = await call('sale.order', 'read', [[order]], { fields: ['amount_invoiced', 'invoice_status'] });
    expect(after).toMatchObject({ amount_invoiced: 0, invoice_status: 'to invoice' });
  });

  it('changes nothing when a call fails, as a rolled-back transaction', async () => {
    const before = await call('sale.order', 'search_count', [[]]);
    const lines = await call('sale.order.line', 'search_count', [[]]);
    await expect(
      call('sale.order', 'create', [
        {
          partner_id: await customer(),
          order_line: [
            [0, 0, { product_id: await productId('E-COM07'), product_uom_qty: 1 }],
            [0, 0, { product_id: 99999999, product_uom_qty: 1 }],
          ],
        },
      ]),
    ).rejects.toThrow(
      'odoo.exceptions.MissingError: Record does not exist or has been deleted.\n(Record: product.product(99999999,), User: 2)',
    );
    expect(await call('sale.order', 'search_count', [[]])).toBe(before);
    expect(await call('sale.order.line', 'search_count', [[]])).toBe(lines);
  });

  it('refuses what Odoo refuses: validating with nothing reserved, deleting a confirmed order', async () => {
    const desk = await productId('E-COM09');
    const order = await call('sale.order', 'create', [
      { partner_id: await customer(), order_line: [[0, 0, { product_id: desk, product_uom_qty: 2 }]] },
    ]);
    await call('sale.order', 'action_confirm', [[order]]);
    const [picking] = await call('stock.picking', 'search_read', [[['sale_id', '=', order]]], { fields: ['state'] });
    expect(picking.state).toBe('confirmed');
    await expect(call('stock.picking', 'button_validate', [[picking.id]])).rejects.toThrow(
      'You cannot validate a transfer if no quantities are reserved. To force the transfer, encode quantities.',
    );
    await expect(call('sale.order', 'unlink', [[order]])).rejects.toThrow(
      'You can not delete a sent quotation or a confirmed sales order. You must first cancel it.',
    );
    const answer = await call('sale.order', 'action_cancel', [[order]]);
    expect(answer).toMatchObject({ res_model: 'sale.order.cancel' });
    expect(await call('sale.order', 'action_cancel', [[order]], { context: { disable_cancel_warning: true } })).toBe(
      true,
    );
    const [cancelled] = await call('stock.picking', 'read', [[picking.id]], { fields: ['state'] });
    expect(cancelled.state).toBe('cancel');
  });
});
