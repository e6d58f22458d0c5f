// Accounting: taxes, journals, payment methods, invoices (account.move + lines) and payments.
import type { Env } from '../env.ts';
import { f } from '../field-schemas.ts';
import type { ComputedField, ModelSpec, Raw } from '../model-spec.ts';
import { userError } from '../odoo-errors.ts';
import { formatDate } from '../odoo-time.ts';
import { companyRounding, documentTotals, lineAmounts, round2, shownLineAmounts } from '../tax-computation.ts';
import type { OdooVersion } from '../version.ts';

export const accountTax: ModelSpec = {
  name: 'account.tax',
  description: 'Tax',
  order: 'sequence,id',
  required: ['name', 'type_tax_use'],
  fields: (version) => ({
    name: f.char('Tax Name', true),
    description: f.char('Label on Invoices'),
    amount: f.float('Amount'),
    amount_type: f.sel(
      'Tax Computation',
      [
        ['group', 'Group of Taxes'],
        ['fixed', 'Fixed'],
        ['percent', 'Percentage of Price'],
        ['division', 'Percentage of Price Tax Included'],
      ],
      true,
    ),
    type_tax_use: f.sel(
      'Tax Type',
      [
        ['sale', 'Sales'],
        ['purchase', 'Purchases'],
        ['none', 'None'],
      ],
      true,
    ),
    price_include: f.bool('Included in Price'),
    include_base_amount: f.bool('Affect Base of Subsequent Taxes'),
    active: f.bool('Active'),
    sequence: f.int('Sequence'),
    company_id: f.m2o('res.company', 'Company', true),
    country_id: f.m2o('res.country', 'Country'),
    tax_group_id: f.m2o('account.tax.group', 'Tax Group'),
    // 19: the domestic taxes this one replaces under the fiscal positions that list it (models/fiscal-position.ts)
    ...(version >= 19
      ? {
          original_tax_ids: f.m2m('account.tax', 'Replaces'),
          fiscal_position_ids: f.m2m('account.fiscal.position', 'Fiscal Position'),
        }
      : {}),
  }),
  // the other side of a fiscal position's tax_ids (one relation table in Odoo)
  computed: (version) =>
    version >= 19
      ? {
          fiscal_position_ids: {
            get: (rec, env) =>
              [...env.model('account.fiscal.position').records.values()]
                .filter((p) => ((p.tax_ids as number[] | undefined) ?? []).includes(rec.id))
                .map((p) => p.id),
          },
        }
      : {},
  defaults: (env) => ({
    active: true,
    amount_type: 'percent',
    type_tax_use: 'sale',
    price_include: false,
    sequence: 1,
    company_id: env.companyId,
    // Odoo 17 defaults a tax to the company's first tax group (the demo's "Tax 15%")
    tax_group_id: env.model('account.tax.group').search([['company_id', '=', env.companyId]], { limit: 1 })[0] ?? false,
    amount: 0,
  }),
};

/** How taxes are grouped on documents ("Tax 15%"): a 23% tax in that group would show as "Tax 15%". */
export const accountTaxGroup: ModelSpec = {
  name: 'account.tax.group',
  description: 'Tax Group',
  order: 'sequence asc, id',
  required: ['name', 'company_id'],
  fields: () => ({
    name: f.char('Name', true),
    sequence: f.int('Sequence'),
    company_id: f.m2o('res.company', 'Company', true),
    country_id: f.m2o('res.country', 'Country'),
  }),
  defaults: (env) => ({ sequence: 10, company_id: env.companyId }),
};

export const accountJournal: ModelSpec = {
  name: 'account.journal',
  description: 'Journal',
  order: 'sequence, type, code',
  fields: () => ({
    name: f.char('Journal Name', true),
    code: f.char('Short Code', true),
    type: f.sel(
      'Type',
      [
        ['sale', 'Sales'],
        ['purchase', 'Purchase'],
        ['cash', 'Cash'],
        ['bank', 'Bank'],
        ['general', 'Miscellaneous'],
      ],
      true,
    ),
    active: f.bool('Active'),
    sequence: f.int('Sequence'),
    company_id: f.m2o('res.company', 'Company', true),
    currency_id: f.m2o('res.currency', 'Currency'),
  }),
  defaults: (env) => ({ active: true, sequence: 10, company_id: env.companyId }),
};

export const accountPaymentMethodLine: ModelSpec = {
  name: 'account.payment.method.line',
  description: 'Payment Methods',
  order: 'sequence, id',
  fields: () => ({
    name: f.char('Name'),
    sequence: f.int('Sequence'),
    journal_id: f.m2o('account.journal', 'Journal'),
    payment_type: f.sel('Payment Type', [
      ['inbound', 'Inbound'],
      ['outbound', 'Outbound'],
    ]),
    code: f.char('Code'),
  }),
};

// ---- invoices -----------------------------------------------------------------------------------------

function invoiceLines(env: Env, move: Raw): Raw[] {
  const lines = env.model('account.move.line');
  return lines
    .idsWhere('move_id', move.id)
    .sort((a, b) => a - b)
    .map((id) => lines.browse(id));
}

function lineAmountsOf(env: Env, line: Raw): ReturnType<typeof lineAmounts> {
  if (line.display_type && line.display_type !== 'product') return { subtotal: 0, tax: 0, total: 0 };
  return lineAmounts(
    env,
    Number(line.price_unit ?? 0),
    Number(line.quantity ?? 0),
    Number(line.discount ?? 0),
    (line.tax_ids as number[] | undefined) ?? [],
  );
}

function invoiceTotals(env: Env, move: Raw): { untaxed: number; tax: number; total: number } {
  return documentTotals(
    invoiceLines(env, move).map((line) => lineAmountsOf(env, line)),
    companyRounding(env, move.company_id),
    env.version,
  );
}

function residual(env: Env, move: Raw): number {
  if (move.state === 'cancel') return 0;
  return round2(invoiceTotals(env, move).total - Number(move.__paid ?? 0));
}

function paymentState(env: Env, move: Raw): string {
  if (move.state !== 'posted') return 'not_paid';
  const rest = residual(env, move);
  if (Math.abs(rest) < 0.005) return 'paid';
  return Number(move.__paid ?? 0) > 0 ? 'partial' : 'not_paid';
}

const moveTypes = new Set([
  'out_invoice',
  'out_refund',
  'in_invoice',
  'in_refund',
  'entry',
  'out_receipt',
  'in_receipt',
]);

/** A draft move that was never posted reads `/` up to 17; from 18 on it has no name yet (false). */
function draftName(version: OdooVersion): Record<string, ComputedField> {
  if (version < 18) return {};
  return {
    name: {
      get: (rec) => (rec.name === '/' ? false : rec.name),
      set: (rec, value) => {
        rec.name = value === false || value === '' ? '/' : value;
      },
    },
  };
}

export const accountMove: ModelSpec = {
  name: 'account.move',
  description: 'Journal Entry',
  order: 'date desc, name desc, id desc',
  inverses: { invoice_line_ids: 'move_id', line_ids: 'move_id' },
  indexes: ['partner_id'],
  defaults: (env, vals) => ({
    name: '/',
    state: 'draft',
    move_type: typeof vals.move_type === 'string' && moveTypes.has(vals.move_type) ? vals.move_type : 'entry',
    date: formatDate(env.callTime),
    journal_id: 1,
    currency_id: 1,
    company_id: 1,
    auto_post: 'no',
  }),
  displayName: (rec) =>
    rec.name && rec.name !== '/' ? String(rec.name) : rec.move_type === 'out_invoice' ? 'Draft Invoice' : 'Draft Entry',
  computed: (version) => ({
    ...draftName(version),
    amount_untaxed: { get: (rec, env) => invoiceTotals(env, rec).untaxed },
    amount_tax: { get: (rec, env) => invoiceTotals(env, rec).tax },
    amount_total: { get: (rec, env) => invoiceTotals(env, rec).total },
    amount_residual: { get: (rec, env) => residual(env, rec) },
    amount_untaxed_signed: { get: (rec, env) => invoiceTotals(env, rec).untaxed },
    amount_total_signed: { get: (rec, env) => invoiceTotals(env, rec).total },
    amount_residual_signed: { get: (rec, env) => residual(env, rec) },
    amount_paid: { get: (rec) => Number(rec.__paid ?? 0) },
    payment_state: { get: (rec, env) => paymentState(env, rec) },
    commercial_partner_id: {
      get: (rec, env) =>
        typeof rec.partner_id === 'number'
          ? env.model('res.partner').getValue(env.model('res.partner').browse(rec.partner_id), 'commercial_partner_id')
          : false,
    },
    invoice_partner_display_name: {
      get: (rec, env) =>
        typeof rec.partner_id === 'number'
          ? env.model('res.partner').displayName(env.model('res.partner').browse(rec.partner_id))
          : false,
    },
    company_currency_id: { get: () => 1 },
    sale_order_count: {
      get: (rec, env) =>
        new Set(
          invoiceLines(env, rec)
            .flatMap((l) => (l.sale_line_ids as number[] | undefined) ?? [])
            .map((id) => env.model('sale.order.line').get(id)?.order_id),
        ).size,
    },
  }),
  methods: {
    action_post: (env, model, ids) => {
      for (const id of ids) {
        const move = model.browse(id);
        if (move.state === 'posted')
          throw userError('The entry ' + String(move.name) + ' (id ' + String(move.id) + ') is already posted.');
        const year = formatDate(env.callTime).slice(0, 4);
        const prefix = move.move_type === 'out_refund' ? 'RINV' : move.move_type === 'out_invoice' ? 'INV' : 'MISC';
        const name =
          move.name && move.name !== '/'
            ? move.name
            : `${prefix}/${year}/${String(env.nextNumber(`${prefix}/${year}`)).padStart(5, '0')}`;
        model.writeOne(move, {
          state: 'posted',
          name,
          invoice_date: move.invoice_date || formatDate(env.callTime),
          posted_before: true,
        });
      }
      return false;
    },
    button_draft: (_env, model, ids) => {
      for (const id of ids) model.writeOne(model.browse(id), { state: 'draft' });
      return undefined;
    },
    button_cancel: (_env, model, ids) => {
      for (const id of ids) model.writeOne(model.browse(id), { state: 'cancel' });
      return undefined;
    },
  },
};

export const accountMoveLine: ModelSpec = {
  name: 'account.move.line',
  description: 'Journal Item',
  order: 'date desc, move_name desc, id',
  indexes: ['move_id'],
  fields: () => ({
    move_id: f.m2o('account.move', 'Journal Entry', true),
    name: f.char('Label'),
    product_id: f.m2o('product.product', 'Product'),
    quantity: f.float('Quantity'),
    price_unit: f.float('Unit Price'),
    discount: f.float('Discount (%)'),
    tax_ids: f.m2m('account.tax', 'Taxes'),
    price_subtotal: { type: 'monetary', string: 'Subtotal', required: false, readonly: true },
    price_total: { type: 'monetary', string: 'Total', required: false, readonly: true },
    sale_line_ids: f.m2m('sale.order.line', 'Sales Order Lines'),
    display_type: f.sel('Display Type', [
      ['product', 'Product'],
      ['line_section', 'Section'],
      ['line_note', 'Note'],
      ['tax', 'Tax'],
      ['payment_term', 'Payment Term'],
    ]),
    product_uom_id: f.m2o('uom.uom', 'Unit of Measure'),
    partner_id: f.m2o('res.partner', 'Partner'),
    currency_id: f.m2o('res.currency', 'Currency'),
    date: f.date('Date'),
    move_name: f.char('Number'),
  }),
  computed: () => ({
    price_subtotal: { get: (rec, env) => lineAmountsOf(env, rec).subtotal },
    price_total: {
      get: (rec, env) =>
        shownLineAmounts(
          lineAmountsOf(env, rec),
          companyRounding(env, env.model('account.move').get(rec.move_id as number)?.company_id),
          env.version,
        ).total,
    },
    move_name: { get: (rec, env) => env.model('account.move').get(rec.move_id as number)?.name ?? false },
    date: { get: (rec, env) => env.model('account.move').get(rec.move_id as number)?.date ?? false },
  }),
  defaults: () => ({ quantity: 1, discount: 0, display_type: 'product', product_uom_id: 1, currency_id: 1 }),
};

export const accountPayment: ModelSpec = {
  name: 'account.payment',
  description: 'Payments',
  order: 'date desc, name desc',
  defaults: (env) => ({
    state: 'draft',
    date: formatDate(env.callTime),
    payment_type: 'inbound',
    partner_type: 'customer',
    currency_id: 1,
    journal_id: 6,
    company_id: 1,
  }),
  displayName: (rec) => String(rec.name ?? 'Draft Payment'),
};
