// The invoicing and payment wizards of fixture 20: sale.advance.payment.inv (invoice what was delivered) and
// account.payment.register (pay posted invoices; payment_state follows).
import type { Env } from '../env.ts';
import { f } from '../field-schemas.ts';
import type { ModelSpec, Raw } from '../model-spec.ts';
import { userError } from '../odoo-errors.ts';
import { formatDate } from '../odoo-time.ts';
import { round2 } from '../tax-computation.ts';
import { qtyToInvoice } from './sale.ts';

function activeIds(env: Env): number[] {
  const ids = env.context.active_ids;
  if (Array.isArray(ids)) return ids as number[];
  return typeof env.context.active_id === 'number' ? [env.context.active_id] : [];
}

/**
 * The window action create_invoices answers with (fixture 20; 18 and 19 as the real servers answer): 18 calls list
 * views `list` (17: `tree`), gives actions a `path` and embedded actions, and 19 renames `groups_id` to `group_ids`.
 */
function invoiceAction(env: Env, invoiceIds: number[], order: Raw): Record<string, unknown> {
  const list = env.version >= 18 ? 'list' : 'tree';
  const moveTypes = [
    'out_invoice',
    ...(env.version >= 18 ? ['out_refund'] : []),
    ...(env.version >= 19 ? ['out_receipt'] : []),
  ];
  const form: [number, string] = [686, 'form'];
  const listView: [number, string] = [679, list];
  const views = [
    ...(invoiceIds.length === 1 ? [form, listView] : [listView, form]),
    [false, 'kanban'],
    [false, 'activity'],
  ];
  return {
    id: 256,
    name: 'Invoices',
    type: 'ir.actions.act_window',
    xml_id: 'account.action_move_out_invoice_type',
    ...(env.version >= 18 ? { path: 'invoicing' } : {}),
    help: '<p class="o_view_nocontent_smiling_face">\n                Create a customer invoice\n              </p>',
    binding_model_id: false,
    binding_type: 'action',
    binding_view_types: 'list,form',
    display_name: 'Invoices',
    view_id: [679, `account.out.invoice.${list}`],
    domain:
      invoiceIds.length > 1
        ? [['id', 'in', invoiceIds]]
        : moveTypes.length === 1
          ? "[('move_type', '=', 'out_invoice')]"
          : `[('move_type', 'in', [${moveTypes.map((t) => `'${t}'`).join(', ')}])]`,
    context: {
      default_move_type: 'out_invoice',
      default_partner_id: order.partner_id,
      default_partner_shipping_id: order.partner_shipping_id,
      default_invoice_payment_term_id: null,
      default_invoice_origin: order.name,
    },
    ...(invoiceIds.length === 1 ? { res_id: invoiceIds[0] } : {}),
    res_model: 'account.move',
    target: 'current',
    view_mode: `${list},kanban,form,activity`,
    mobile_view_mode: 'kanban',
    views,
    limit: 80,
    [env.version >= 19 ? 'group_ids' : 'groups_id']: [],
    search_view_id: [689, 'account.invoice.select'],
    ...(env.version >= 18 ? { embedded_action_ids: [] } : {}),
    filter: false,
    ...(env.version >= 19 ? { cache: true } : {}),
  };
}

function createInvoiceFor(env: Env, order: Raw): number | null {
  const lines = env.model('sale.order.line');
  const toInvoice = lines
    .idsWhere('order_id', order.id)
    .sort((a, b) => a - b)
    .map((id) => lines.browse(id))
    .map((line) => ({ line, quantity: qtyToInvoice(env, line) }))
    .filter(({ quantity }) => quantity > 0);
  if (!toInvoice.length) return null;
  const moves = env.model('account.move');
  const invoiceId = moves.createRaw({
    name: '/',
    move_type: 'out_invoice',
    state: 'draft',
    partner_id: order.partner_invoice_id ?? order.partner_id,
    partner_shipping_id: order.partner_shipping_id ?? false,
    invoice_origin: order.name,
    currency_id: order.currency_id ?? 1,
    journal_id: 1,
    date: formatDate(env.callTime),
    company_id: 1,
    invoice_user_id: order.user_id ?? env.uid,
    ref: order.client_order_ref ?? false,
    payment_reference: false,
    auto_post: 'no',
  });
  const invoiceLineModel = env.model('account.move.line');
  for (const { line, quantity } of toInvoice) {
    invoiceLineModel.createRaw({
      move_id: invoiceId,
      name: line.name,
      product_id: line.product_id,
      quantity,
      price_unit: line.price_unit,
      discount: line.discount ?? 0,
      tax_ids: (line.tax_id as number[] | undefined) ?? [],
      sale_line_ids: [line.id],
      display_type: 'product',
      product_uom_id: line.product_uom ?? 1,
      partner_id: order.partner_invoice_id ?? order.partner_id,
      currency_id: order.currency_id ?? 1,
    });
  }
  env.model('sale.order').touch(order);
  return invoiceId;
}

const NOTHING_TO_INVOICE =
  'Cannot create an invoice. No items are available to invoice.\n\nTo resolve this issue, please ensure that:\n' +
  '   • The products have been delivered before attempting to invoice them.\n' +
  '   • The invoicing policy of the product is configured correctly.\n\n' +
  'If you want to invoice based on ordered quantities instead:\n' +
  "   • For consumable or storable products, open the product, go to the 'General Information' tab and change the 'Invoicing Policy' from 'Delivered Quantities' to 'Ordered Quantities'.\n" +
  "   • For services (and other products), change the 'Invoicing Policy' to 'Prepaid/Fixed Price'.\n";

export const saleAdvancePaymentInv: ModelSpec = {
  name: 'sale.advance.payment.inv',
  description: 'Sales Advance Payment Invoice',
  required: ['advance_payment_method'],
  defaults: (env) => {
    const ids = env.context.active_model === 'sale.order' ? activeIds(env) : [];
    return {
      advance_payment_method: 'delivered',
      sale_order_ids: ids,
      count: ids.length,
      currency_id: 1,
      company_id: 1,
    };
  },
  methods: {
    create_invoices: (env, model, ids) => {
      const wizard = model.browse(ids[0] ?? 0);
      if (wizard.advance_payment_method !== 'delivered')
        throw userError('The sandbox invoices delivered quantities only (advance_payment_method "delivered").');
      const orders = ((wizard.sale_order_ids as number[] | undefined) ?? activeIds(env)).map((id) =>
        env.model('sale.order').browse(id),
      );
      const invoiceIds = orders.map((order) => createInvoiceFor(env, order)).filter((id): id is number => id !== null);
      if (!invoiceIds.length) throw userError(NOTHING_TO_INVOICE);
      return invoiceAction(env, invoiceIds, orders[0]!);
    },
  },
};

export const accountPaymentRegister: ModelSpec = {
  name: 'account.payment.register',
  description: 'Pay',
  required: ['payment_date'],
  defaults: (env) => {
    const moves = env.model('account.move');
    const invoices = env.context.active_model === 'account.move' ? activeIds(env).map((id) => moves.browse(id)) : [];
    const unposted = invoices.find((invoice) => invoice.state !== 'posted');
    if (unposted) throw userError('You can only register payment for posted journal entries.');
    const amount = round2(
      invoices.reduce((sum, invoice) => sum + Number(moves.getValue(invoice, 'amount_residual')), 0),
    );
    const first = invoices[0];
    const refund = first?.move_type === 'out_refund';
    return {
      __invoice_ids: invoices.map((i) => i.id),
      amount,
      source_amount: amount,
      source_amount_currency: amount,
      currency_id: first?.currency_id ?? 1,
      source_currency_id: first?.currency_id ?? 1,
      company_currency_id: 1,
      journal_id: 6,
      payment_date: formatDate(env.callTime),
      payment_method_line_id: refund ? 2 : 1,
      communication: invoices.map((i) => String(i.name)).join(' '),
      partner_id: first ? moves.getValue(first, 'commercial_partner_id') : false,
      payment_type: refund ? 'outbound' : 'inbound',
      partner_type: 'customer',
      group_payment: true,
      can_edit_wizard: true,
      can_group_payments: false,
      payment_difference_handling: 'open',
      company_id: 1,
    };
  },
  computed: () => ({
    payment_difference: { get: (rec) => round2(Number(rec.source_amount ?? 0) - Number(rec.amount ?? 0)) },
  }),
  methods: {
    action_create_payments: (env, model, ids) => {
      const wizard = model.browse(ids[0] ?? 0);
      const moves = env.model('account.move');
      const invoiceIds = (wizard.__invoice_ids as number[] | undefined) ?? activeIds(env);
      const payments = env.model('account.payment');
      const posted = payments.fields.state?.selection?.some(([value]) => value === 'posted') ? 'posted' : 'paid';
      const year = String(wizard.payment_date ?? formatDate(env.callTime)).slice(0, 4);
      const paymentId = payments.createRaw({
        name: `PBNK1/${year}/${String(env.nextNumber(`PBNK1/${year}`)).padStart(5, '0')}`,
        amount: Number(wizard.amount ?? 0),
        partner_id: wizard.partner_id ?? false,
        journal_id: wizard.journal_id ?? 6,
        payment_method_line_id: wizard.payment_method_line_id ?? 1,
        date: wizard.payment_date ?? formatDate(env.callTime),
        currency_id: wizard.currency_id ?? 1,
        payment_type: wizard.payment_type ?? 'inbound',
        partner_type: 'customer',
        ref: wizard.communication ?? false,
        memo: wizard.communication ?? false,
        state: posted,
        is_reconciled: true,
        is_matched: false,
        reconciled_invoice_ids: invoiceIds,
        reconciled_invoices_count: invoiceIds.length,
        company_id: 1,
      });
      let remaining = Number(wizard.amount ?? 0);
      for (const id of invoiceIds) {
        const invoice = moves.browse(id);
        const due = Number(moves.getValue(invoice, 'amount_residual'));
        const applied = Math.min(due, remaining);
        remaining = round2(remaining - applied);
        invoice.__paid = round2(Number(invoice.__paid ?? 0) + applied);
        moves.touch(invoice);
        env.recordChange('account.move', invoice.id, 'write', { payment_state: 'not_paid' });
      }
      return {
        name: 'Payments',
        type: 'ir.actions.act_window',
        res_model: 'account.payment',
        context: { create: false },
        view_mode: 'form',
        res_id: paymentId,
      };
    },
  },
};

/** Credit notes: account.move.reversal on posted customer invoices → a draft out_refund of the same lines. */
export const accountMoveReversal: ModelSpec = {
  name: 'account.move.reversal',
  description: 'Account Move Reversal',
  fields: () => ({
    move_ids: f.m2m('account.move', 'Move'),
    new_move_ids: f.m2m('account.move', 'New Move'),
    reason: f.char('Reason displayed on Credit Note'),
    date: f.date('Reversal date'),
    journal_id: f.m2o('account.journal', 'Journal'),
    company_id: f.m2o('res.company', 'Company'),
  }),
  defaults: (env) => {
    const moves = env.context.active_model === 'account.move' ? activeIds(env) : [];
    return { move_ids: moves, date: formatDate(env.callTime), journal_id: 1, company_id: 1 };
  },
  methods: {
    reverse_moves: (env, model, ids) => {
      const wizard = model.browse(ids[0] ?? 0);
      const moves = env.model('account.move');
      const lines = env.model('account.move.line');
      const refunds: number[] = [];
      for (const moveId of (wizard.move_ids as number[] | undefined) ?? []) {
        const invoice = moves.browse(moveId);
        if (invoice.state !== 'posted') throw userError('You can only reverse posted moves.');
        const refundId = moves.createRaw({
          name: '/',
          move_type: invoice.move_type === 'out_invoice' ? 'out_refund' : 'entry',
          state: 'draft',
          partner_id: invoice.partner_id,
          partner_shipping_id: invoice.partner_shipping_id ?? false,
          invoice_origin: invoice.invoice_origin ?? false,
          currency_id: invoice.currency_id,
          journal_id: wizard.journal_id ?? 1,
          date: wizard.date ?? formatDate(env.callTime),
          ref: wizard.reason
            ? `Reversal of: ${String(invoice.name)}, ${String(wizard.reason)}`
            : `Reversal of: ${String(invoice.name)}`,
          reversed_entry_id: invoice.id,
          company_id: 1,
          auto_post: 'no',
        });
        for (const lineId of lines.idsWhere('move_id', invoice.id).sort((a, b) => a - b)) {
          const { id: _id, move_id: _move, create_date: _c, write_date: _w, ...values } = lines.browse(lineId);
          lines.createRaw({ ...values, move_id: refundId });
        }
        refunds.push(refundId);
      }
      model.writeOne(wizard, { new_move_ids: refunds });
      return {
        name: 'Reverse Moves',
        type: 'ir.actions.act_window',
        res_model: 'account.move',
        ...(refunds.length === 1
          ? { view_mode: 'form', res_id: refunds[0] }
          : { view_mode: 'tree,form', domain: [['id', 'in', refunds]] }),
        context: { default_move_type: 'out_refund' },
      };
    },
  },
};
