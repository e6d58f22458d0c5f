// Sales: sale.order and sale.order.line with computed amounts, delivery and invoicing quantities and status,
// confirmation (a picking with reserved stock), cancellation, and the version differences of the real
// schemas (16: state `done` instead of `locked`; 19: tax_ids / product_uom_id / route_ids).
import type { Env } from '../env.ts';
import { f } from '../field-schemas.ts';
import type { ComputedField, Kwargs, ModelSpec, Raw } from '../model-spec.ts';
import { applyMany2many } from '../model.ts';
import { userError } from '../odoo-errors.ts';
import { checkCompany } from '../company-check.ts';
import { formatDatetime } from '../odoo-time.ts';
import { movesOf } from '../stock-operations.ts';
import { lineProductTemplate, procure } from '../sale-procurement.ts';
import {
  companyRounding,
  documentTotals,
  lineAmounts,
  round2,
  shownLineAmounts,
  type LineAmounts,
} from '../tax-computation.ts';
import type { OdooVersion } from '../version.ts';
import { detectFiscalPosition, mapTaxes } from './fiscal-position.ts';
import { currencyRate } from './geo-currency.ts';

// ---- order lines --------------------------------------------------------------------------------------

export function amountsOfLine(env: Env, line: Raw): LineAmounts {
  if (line.display_type) return { subtotal: 0, tax: 0, total: 0 };
  return lineAmounts(
    env,
    Number(line.price_unit ?? 0),
    Number(line.product_uom_qty ?? 0),
    Number(line.discount ?? 0),
    (line.tax_id as number[] | undefined) ?? [],
  );
}

/** The line's amounts as the line shows them (its tax rounded under the company's round_per_line). */
function shownAmountsOfLine(env: Env, line: Raw): LineAmounts {
  return shownLineAmounts(amountsOfLine(env, line), companyRounding(env, orderOf(env, line)?.company_id), env.version);
}

function orderOf(env: Env, line: Raw): Raw | undefined {
  return env.model('sale.order').get(line.order_id as number);
}

/** Delivered: done moves to customers, minus done returns from them. */
function qtyDelivered(env: Env, line: Raw): number {
  const moves = env.model('stock.move');
  const locations = env.model('stock.location');
  let total = 0;
  for (const id of moves.idsWhere('sale_line_id', line.id)) {
    const move = moves.browse(id);
    if (move.state !== 'done') continue;
    const to = locations.get(move.location_dest_id as number)?.usage;
    const from = locations.get(move.location_id as number)?.usage;
    if (to === 'customer') total += Number(move.quantity ?? 0);
    else if (from === 'customer' && move.to_refund !== false) total -= Number(move.quantity ?? 0);
  }
  return round6(total);
}

/** Invoiced: lines of invoices (not cancelled) that point at this sale line; credit notes count negative. */
function qtyInvoiced(env: Env, line: Raw): number {
  const invoiceLines = env.model('account.move.line');
  const moves = env.model('account.move');
  let total = 0;
  for (const invoiceLine of invoiceLines.records.values()) {
    if (!((invoiceLine.sale_line_ids as number[] | undefined) ?? []).includes(line.id)) continue;
    const move = moves.get(invoiceLine.move_id as number);
    if (!move || move.state === 'cancel') continue;
    total += (move.move_type === 'out_refund' ? -1 : 1) * Number(invoiceLine.quantity ?? 0);
  }
  return round6(total);
}

const round6 = (value: number): number => Math.round(value * 1e6) / 1e6;

export function qtyToInvoice(env: Env, line: Raw): number {
  const order = orderOf(env, line);
  if (!order || order.state !== 'sale' || line.display_type) return 0;
  const policy = lineProductTemplate(env, line)?.invoice_policy ?? 'order';
  const basis = policy === 'delivery' ? qtyDelivered(env, line) : Number(line.product_uom_qty ?? 0);
  return round6(basis - qtyInvoiced(env, line));
}

function lineInvoiceStatus(env: Env, line: Raw): string {
  const order = orderOf(env, line);
  if (!order || order.state !== 'sale') return 'no';
  if (Math.abs(qtyToInvoice(env, line)) > 1e-6) return 'to invoice';
  const policy = lineProductTemplate(env, line)?.invoice_policy ?? 'order';
  if (policy === 'order' && qtyDelivered(env, line) > Number(line.product_uom_qty ?? 0)) return 'upselling';
  if (qtyInvoiced(env, line) >= Number(line.product_uom_qty ?? 0)) return 'invoiced';
  return 'no';
}

/** A many2many field that 19 renamed, stored under its 17 name. */
function renamedMany2many(stored: string, relation: string): ComputedField {
  return {
    get: (rec) => (rec[stored] as number[] | undefined) ?? [],
    set: (rec, value, env) => {
      rec[stored] = applyMany2many(
        env,
        { type: 'many2many', string: stored, required: false, readonly: false, relation },
        (rec[stored] as number[] | undefined) ?? [],
        value,
      );
    },
  };
}

function renamedField(stored: string): ComputedField {
  return {
    get: (rec) => rec[stored] ?? false,
    set: (rec, value) => {
      rec[stored] = value;
    },
  };
}

function lineVersionFields(version: OdooVersion): Record<string, ComputedField> {
  if (version < 19) return {};
  return {
    tax_ids: renamedMany2many('tax_id', 'account.tax'),
    product_uom_id: renamedField('product_uom'),
    route_ids: renamedMany2many('route_id_list', 'stock.route'),
  };
}

function lineDefaults(env: Env, vals: Kwargs): Kwargs {
  const products = env.model('product.product');
  const product = products.get(vals.product_id as number);
  const template = product ? env.model('product.template').get(product.product_tmpl_id as number) : undefined;
  const order = env.model('sale.order').get(vals.order_id as number);
  const pricelist = env.model('product.pricelist').get(order?.pricelist_id as number);
  const currency = env.model('res.currency').get(pricelist?.currency_id as number);
  const rate = currency ? currencyRate(env, currency) : 1;
  const listPrice = Number(template?.list_price ?? 0) + Number(product?.__price_extra ?? 0);
  const description = product
    ? products.displayName(product) + (template?.description_sale ? `\n${String(template.description_sale)}` : '')
    : '';
  return {
    name: description,
    product_uom_qty: 1,
    price_unit: round2(listPrice * rate),
    discount: 0,
    product_uom: template?.uom_id ?? 1,
    // the product's taxes of the order's company only (a tax belongs to one company), through its fiscal position
    tax_id: mapTaxes(
      env,
      order?.fiscal_position_id,
      ((template?.taxes_id as number[] | undefined) ?? []).filter(
        (id) => env.model('account.tax').get(id)?.company_id === (order?.company_id ?? env.companyId),
      ),
    ),
    customer_lead: 0,
    sequence: 10,
    company_id: order?.company_id ?? env.companyId,
  };
}

/** The line's taxes field on this version (19 renamed it). */
const lineTaxField = (env: Env): string => (env.version >= 19 ? 'tax_ids' : 'tax_id');

/** A line added to, or changed on, a confirmed order moves its stock plan with it. */
function followConfirmedOrder(env: Env, line: Raw): void {
  const order = orderOf(env, line);
  if (order?.state === 'sale') procure(env, order, [line]);
}

export const saleOrderLine: ModelSpec = {
  name: 'sale.order.line',
  // a discount of 15.000090% is kept as 15.0 on a fresh Odoo (2 digits): a store's discount amount can land a cent off
  digits: { discount: 'Discount', price_unit: 'Product Price' },
  afterCreate: (env, rec) => {
    checkCompany(env, env.model('sale.order.line'), rec, [lineTaxField(env)]);
    followConfirmedOrder(env, rec);
  },
  afterWrite: (env, rec, vals) => {
    if ('tax_id' in vals || 'tax_ids' in vals)
      checkCompany(env, env.model('sale.order.line'), rec, [lineTaxField(env)]);
    if (!('product_uom_qty' in vals)) return;
    if (orderOf(env, rec)?.state === 'sale' && Number(rec.product_uom_qty) < qtyDelivered(env, rec) - 1e-9) {
      throw userError(
        'The ordered quantity of a sale order line cannot be decreased below the amount already delivered. Instead, create a return in your inventory.',
      );
    }
    followConfirmedOrder(env, rec);
  },
  description: 'Sales Order Line',
  order: 'order_id, sequence, id',
  required: ['order_id'],
  indexes: ['order_id', 'product_id'],
  defaults: (env, vals) => {
    const defaults = lineDefaults(env, vals);
    // 19 names the fields differently; a value given under the new name replaces the default of the old one.
    if ('tax_ids' in vals) delete defaults.tax_id;
    if ('product_uom_id' in vals) delete defaults.product_uom;
    return defaults;
  },
  displayName: (rec, env) => `${String(orderOf(env, rec)?.name ?? '')} - ${String(rec.name ?? '').split('\n')[0]}`,
  computed: (version) => ({
    ...lineVersionFields(version),
    price_subtotal: { get: (rec, env) => amountsOfLine(env, rec).subtotal },
    price_tax: { get: (rec, env) => shownAmountsOfLine(env, rec).tax },
    price_total: { get: (rec, env) => shownAmountsOfLine(env, rec).total },
    price_reduce_taxexcl: {
      get: (rec, env) =>
        Number(rec.product_uom_qty) ? amountsOfLine(env, rec).subtotal / Number(rec.product_uom_qty) : 0,
    },
    price_reduce_taxinc: {
      get: (rec, env) =>
        Number(rec.product_uom_qty) ? shownAmountsOfLine(env, rec).total / Number(rec.product_uom_qty) : 0,
    },
    qty_delivered: { get: (rec, env) => qtyDelivered(env, rec) },
    qty_invoiced: { get: (rec, env) => qtyInvoiced(env, rec) },
    qty_to_invoice: { get: (rec, env) => qtyToInvoice(env, rec) },
    qty_to_deliver: { get: (rec, env) => Math.max(0, Number(rec.product_uom_qty ?? 0) - qtyDelivered(env, rec)) },
    invoice_status: { get: (rec, env) => lineInvoiceStatus(env, rec) },
    state: { get: (rec, env) => env.model('sale.order').getValue(orderOf(env, rec) ?? { id: 0 }, 'state') },
    currency_id: { get: (rec, env) => orderOf(env, rec)?.currency_id ?? 1 },
    order_partner_id: { get: (rec, env) => orderOf(env, rec)?.partner_id ?? false },
    salesman_id: { get: (rec, env) => orderOf(env, rec)?.user_id ?? false },
    product_template_id: {
      get: (rec, env) => env.model('product.product').get(rec.product_id as number)?.product_tmpl_id ?? false,
    },
    product_type: {
      get: (rec, env) => {
        const t = lineProductTemplate(env, rec);
        return t ? env.model('product.template').getValue(t, 'type') : false;
      },
    },
    qty_delivered_method: {
      get: (rec, env) => (lineProductTemplate(env, rec)?.type === 'service' ? 'manual' : 'stock_move'),
    },
    untaxed_amount_to_invoice: {
      get: (rec, env) =>
        round2(
          qtyToInvoice(env, rec) *
            (Number(rec.product_uom_qty) ? amountsOfLine(env, rec).subtotal / Number(rec.product_uom_qty) : 0),
        ),
    },
    move_ids: {
      get: (rec, env) =>
        env
          .model('stock.move')
          .idsWhere('sale_line_id', rec.id)
          .sort((a, b) => a - b),
    },
    invoice_lines: {
      get: (rec, env) =>
        [...env.model('account.move.line').records.values()]
          .filter((l) => ((l.sale_line_ids as number[] | undefined) ?? []).includes(rec.id))
          .map((l) => l.id),
    },
  }),
};

// ---- orders -------------------------------------------------------------------------------------------

/**
 * 19 adds up what each line invoiced (its posted invoice lines' price_total, each rounded on its own), not the
 * invoices' totals: under round per tax the two differ (229.85 invoiced of an invoice of 229.86).
 */
function amountInvoicedByLine(env: Env, order: Raw): number {
  const lineIds = new Set(linesOf(env, order).map((line) => line.id));
  const invoiceLines = env.model('account.move.line');
  const invoices = env.model('account.move');
  let sum = 0;
  for (const invoiceLine of invoiceLines.records.values()) {
    if (!((invoiceLine.sale_line_ids as number[] | undefined) ?? []).some((id) => lineIds.has(id))) continue;
    const invoice = invoices.get(invoiceLine.move_id as number);
    if (invoice?.state !== 'posted') continue;
    const sign = invoice.move_type === 'out_refund' ? -1 : 1;
    sum += sign * Number(invoiceLines.getValue(invoiceLine, 'price_total'));
  }
  return round2(sum);
}

function linesOf(env: Env, order: Raw): Raw[] {
  const lines = env.model('sale.order.line');
  return lines
    .idsWhere('order_id', order.id)
    .sort((a, b) => a - b)
    .map((id) => lines.browse(id));
}

export function orderTotals(env: Env, order: Raw): { untaxed: number; tax: number; total: number } {
  return documentTotals(
    linesOf(env, order).map((line) => amountsOfLine(env, line)),
    companyRounding(env, order.company_id),
    env.version,
  );
}

function orderInvoiceStatus(env: Env, order: Raw): string {
  if (order.state !== 'sale') return 'no';
  const statuses = linesOf(env, order)
    .filter((l) => !l.display_type)
    .map((line) => lineInvoiceStatus(env, line));
  if (statuses.includes('to invoice')) return 'to invoice';
  if (statuses.length && statuses.every((s) => s === 'invoiced' || s === 'upselling'))
    return statuses.includes('upselling') ? 'upselling' : 'invoiced';
  return 'no';
}

export function invoicesOf(env: Env, order: Raw): number[] {
  const lineIds = new Set(linesOf(env, order).map((l) => l.id));
  const invoiceIds = new Set<number>();
  for (const invoiceLine of env.model('account.move.line').records.values()) {
    if (((invoiceLine.sale_line_ids as number[] | undefined) ?? []).some((id) => lineIds.has(id)))
      invoiceIds.add(invoiceLine.move_id as number);
  }
  return [...invoiceIds].sort((a, b) => a - b);
}

function deliveryStatus(env: Env, order: Raw): string | false {
  const pickings = env
    .model('stock.picking')
    .idsWhere('sale_id', order.id)
    .map((id) => env.model('stock.picking').browse(id))
    .filter((p) => p.state !== 'cancel');
  if (!pickings.length) return false;
  if (pickings.every((p) => p.state === 'done')) return 'full';
  if (pickings.some((p) => p.state === 'done')) return 'partial';
  return 'pending';
}

/** The child address of a given type, else the partner itself (address_get). */
function addressOf(env: Env, partnerId: number, type: 'delivery' | 'invoice'): number {
  const partners = env.model('res.partner');
  const child = partners
    .idsWhere('parent_id', partnerId)
    .sort((a, b) => a - b)
    .find((id) => partners.browse(id).type === type);
  return child ?? partnerId;
}

function orderDefaults(env: Env, vals: Kwargs): Kwargs {
  const partnerId = vals.partner_id as number | undefined;
  const partners = env.model('res.partner');
  const partner = typeof partnerId === 'number' ? partners.get(partnerId) : undefined;
  const pricelistId =
    vals.pricelist_id !== undefined
      ? vals.pricelist_id
      : partner
        ? partners.getValue(partner, 'property_product_pricelist')
        : false;
  const pricelist = typeof pricelistId === 'number' ? env.model('product.pricelist').get(pricelistId) : undefined;
  const companyId = typeof vals.company_id === 'number' ? vals.company_id : env.companyId;
  const company = env.model('res.company').get(companyId);
  const shipping =
    vals.partner_shipping_id ?? (typeof partnerId === 'number' ? addressOf(env, partnerId, 'delivery') : undefined);
  return {
    state: 'draft',
    locked: false,
    date_order: formatDatetime(env.callTime),
    company_id: companyId,
    warehouse_id: env.model('stock.warehouse').search([['company_id', '=', companyId]], { limit: 1 })[0] ?? false,
    picking_policy: 'direct',
    user_id: env.uid,
    pricelist_id: pricelistId ?? false,
    currency_id: pricelist?.currency_id ?? company?.currency_id ?? 1,
    require_signature: false,
    require_payment: false,
    fiscal_position_id: detectFiscalPosition(env, companyId, partnerId, shipping),
    ...(typeof partnerId === 'number'
      ? {
          partner_invoice_id: addressOf(env, partnerId, 'invoice'),
          partner_shipping_id: addressOf(env, partnerId, 'delivery'),
        }
      : {}),
  };
}

function orderVersionFields(version: OdooVersion): Record<string, ComputedField> {
  if (version !== 16) return {};
  return {
    state: {
      get: (rec) => (rec.state === 'sale' && rec.locked ? 'done' : (rec.state ?? 'draft')),
      set: (rec, value) => {
        if (value === 'done') {
          rec.state = 'sale';
          rec.locked = true;
        } else {
          rec.state = value;
          if (value !== 'sale') rec.locked = false;
        }
      },
    },
  };
}

/** Confirm: state sale, and a delivery with reserved stock for the goods (action_confirm, fixture 12). */
function confirmOrders(env: Env, orders: Raw[]): true {
  const refused = orders.filter((order) => order.state !== 'draft' && order.state !== 'sent');
  if (refused.length)
    throw userError(
      env.version >= 18
        ? 'Some orders are not in a state requiring confirmation.'
        : `The following orders are not in a state requiring confirmation: ${refused.map((o) => String(o.name)).join(', ')}`,
    );
  const orderModel = env.model('sale.order');
  for (const order of orders) {
    orderModel.writeOne(order, { state: 'sale', date_order: formatDatetime(env.callTime) });
    procure(env, order, linesOf(env, order));
  }
  return true;
}

function cancelOrders(env: Env, orders: Raw[]): unknown {
  if (orders.some((order) => order.locked))
    throw userError('You cannot cancel a locked order. Please unlock it first.');
  // 16–18 ask first with the cancel wizard (its mail template in the context); 19 has no wizard and cancels.
  if (
    env.version <= 18 &&
    !env.context.disable_cancel_warning &&
    orders.some((order) => order.state !== 'draft' && order.state !== 'cancel')
  ) {
    const order = orders.find((o) => o.state !== 'draft')!;
    return {
      name: 'Cancel Sales Order',
      view_mode: 'form',
      res_model: 'sale.order.cancel',
      view_id: 1290,
      type: 'ir.actions.act_window',
      context: {
        default_template_id: 14,
        default_order_id: order.id,
        mark_so_as_canceled: true,
        default_email_layout_xmlid: 'mail.mail_notification_layout_with_responsible_signature',
        model_description: 'Sales Order',
      },
      target: 'new',
    };
  }
  const orderModel = env.model('sale.order');
  const pickings = env.model('stock.picking');
  const moves = env.model('stock.move');
  for (const order of orders) {
    for (const pickingId of pickings.idsWhere('sale_id', order.id)) {
      const picking = pickings.browse(pickingId);
      if (picking.state === 'done' || picking.state === 'cancel') continue;
      for (const move of movesOf(env, picking))
        if (move.state !== 'done') moves.writeOne(move, { state: 'cancel', quantity: 0 });
      pickings.writeOne(picking, { state: 'cancel' });
    }
    const invoices = env.model('account.move');
    for (const invoiceId of invoicesOf(env, order)) {
      const invoice = invoices.browse(invoiceId);
      if (invoice.state === 'draft') invoices.writeOne(invoice, { state: 'cancel' });
    }
    orderModel.writeOne(order, { state: 'cancel' });
  }
  return true;
}

/** The order's fields that must hold records of its own company (or of none). */
const ORDER_COMPANY_FIELDS = ['pricelist_id', 'fiscal_position_id', 'warehouse_id'];

export const saleOrder: ModelSpec = {
  name: 'sale.order',
  description: 'Sales Order',
  order: 'date_order desc, id desc',
  required: ['partner_id'],
  inverses: { order_line: 'order_id', picking_ids: 'sale_id' },
  indexes: ['partner_id', 'client_order_ref'],
  defaults: orderDefaults,
  computed: (version) => ({
    ...orderVersionFields(version),
    amount_untaxed: { get: (rec, env) => orderTotals(env, rec).untaxed },
    amount_tax: { get: (rec, env) => orderTotals(env, rec).tax },
    amount_total: { get: (rec, env) => orderTotals(env, rec).total },
    amount_undiscounted: {
      get: (rec, env) =>
        round2(
          linesOf(env, rec).reduce((sum, l) => sum + Number(l.price_unit ?? 0) * Number(l.product_uom_qty ?? 0), 0),
        ),
    },
    invoice_status: { get: (rec, env) => orderInvoiceStatus(env, rec) },
    invoice_ids: { get: (rec, env) => invoicesOf(env, rec) },
    invoice_count: { get: (rec, env) => invoicesOf(env, rec).length },
    amount_invoiced: {
      get: (rec, env) => {
        if (env.version >= 19) return amountInvoicedByLine(env, rec);
        const invoices = env.model('account.move');
        return round2(
          invoicesOf(env, rec)
            .map((id) => invoices.browse(id))
            .filter((i) => i.state === 'posted')
            .reduce(
              (sum, i) => sum + (i.move_type === 'out_refund' ? -1 : 1) * Number(invoices.getValue(i, 'amount_total')),
              0,
            ),
        );
      },
    },
    amount_to_invoice: {
      get: (rec, env) => {
        if (rec.state !== 'sale') return 0;
        return round2(
          linesOf(env, rec).reduce((sum, line) => {
            const qty = Number(line.product_uom_qty ?? 0);
            return sum + (qty ? (qtyToInvoice(env, line) * amountsOfLine(env, line).total) / qty : 0);
          }, 0),
        );
      },
    },
    delivery_count: { get: (rec, env) => env.model('stock.picking').idsWhere('sale_id', rec.id).length },
    delivery_status: { get: (rec, env) => deliveryStatus(env, rec) },
    type_name: {
      get: (rec) =>
        rec.state === 'draft' || rec.state === 'sent' || rec.state === 'cancel' ? 'Quotation' : 'Sales Order',
    },
    reference: { get: (rec) => rec.reference ?? false },
    currency_rate: {
      get: (rec, env) => {
        const c = env.model('res.currency').get(rec.currency_id as number);
        return c ? currencyRate(env, c) : 1;
      },
    },
    country_code: { get: () => 'US' },
    expected_date: { get: (rec) => rec.commitment_date || rec.date_order || false },
  }),
  afterCreate: (env, rec) => {
    if (!rec.name || rec.name === '/' || rec.name === 'New')
      rec.name = `S${String(env.nextNumber('sale.order')).padStart(5, '0')}`;
    checkCompany(env, env.model('sale.order'), rec, ORDER_COMPANY_FIELDS);
  },
  afterWrite: (env, rec, vals) => {
    // Changing the lines of an order re-computes its stored amounts: Odoo bumps the order's write_date too.
    if ('order_line' in vals) env.model('sale.order').touch(rec);
    if (ORDER_COMPANY_FIELDS.some((field) => field in vals))
      checkCompany(env, env.model('sale.order'), rec, ORDER_COMPANY_FIELDS);
  },
  beforeUnlink: (_env, recs) => {
    if (recs.some((order) => order.state !== 'draft' && order.state !== 'cancel')) {
      throw userError('You can not delete a sent quotation or a confirmed sales order. You must first cancel it.');
    }
  },
  methods: {
    action_confirm: (env, model, ids) =>
      confirmOrders(
        env,
        ids.map((id) => model.browse(id)),
      ),
    action_cancel: (env, model, ids) =>
      cancelOrders(
        env,
        ids.map((id) => model.browse(id)),
      ),
    action_draft: (env, model, ids) => {
      for (const id of ids) {
        const order = model.browse(id);
        if (order.state === 'cancel' || order.state === 'sent') model.writeOne(order, { state: 'draft' });
      }
      return true;
    },
    action_lock: (_env, model, ids) => {
      for (const id of ids) model.writeOne(model.browse(id), { locked: true });
      return undefined;
    },
    action_unlock: (_env, model, ids) => {
      for (const id of ids) model.writeOne(model.browse(id), { locked: false });
      return undefined;
    },
    action_done: (_env, model, ids) => {
      for (const id of ids) model.writeOne(model.browse(id), { locked: true });
      return true;
    },
    action_quotation_sent: (_env, model, ids) => {
      for (const id of ids) {
        const order = model.browse(id);
        if (order.state === 'draft') model.writeOne(order, { state: 'sent' });
      }
      return undefined;
    },
  },
};

export const saleOrderCancel: ModelSpec = {
  name: 'sale.order.cancel',
  description: 'Sales Order Cancel',
  versions: [16, 17, 18], // 19 cancels without asking
  fields: () => ({ order_id: f.m2o('sale.order', 'Sale Order', true) }),
  required: ['order_id'],
  methods: {
    action_cancel: (env, model, ids) => {
      const orders = ids.map((id) => env.model('sale.order').browse(model.browse(id).order_id as number));
      return env.withContext({ disable_cancel_warning: true }, () => cancelOrders(env, orders));
    },
  },
};
