// Models every Odoo has: the company (with the stock_sms flags fixture 14 shows), users, units of measure,
// and chatter messages (message_post).
import { f } from '../field-schemas.ts';
import type { ModelSpec } from '../model-spec.ts';
import { defaultTaxRounding } from '../tax-computation.ts';

export const resCompany: ModelSpec = {
  name: 'res.company',
  description: 'Companies',
  order: 'sequence, name',
  fields: (version) => ({
    name: f.char('Company Name', true),
    sequence: f.int('Sequence'),
    partner_id: f.m2o('res.partner', 'Partner', true),
    currency_id: f.m2o('res.currency', 'Currency', true),
    country_id: f.m2o('res.country', 'Country'),
    email: f.char('Email'),
    phone: f.char('Phone'),
    parent_id: f.m2o('res.company', 'Parent Company'),
    // 19 renamed stock_sms's switch to stock_text_confirmation (of type stock_confirmation_type): see `computed`
    ...(version >= 19
      ? {
          stock_text_confirmation: f.bool('Stock Text Confirmation'),
          stock_confirmation_type: f.sel('Stock Confirmation Type', [['sms', 'SMS']]),
        }
      : { stock_move_sms_validation: f.bool('SMS Confirmation') }),
    // 19 calls round_globally "Round per Tax", lists it first and makes it the default (defaultTaxRounding)
    tax_calculation_rounding_method: f.sel(
      'Tax Calculation Rounding Method',
      version >= 19
        ? [
            ['round_globally', 'Round per Tax'],
            ['round_per_line', 'Round per Line'],
          ]
        : [
            ['round_per_line', 'Round per Line'],
            ['round_globally', 'Round Globally'],
          ],
    ),
    has_received_warning_stock_sms: f.bool('Has Received Warning Stock Sms'),
  }),
  defaults: (env) => ({ tax_calculation_rounding_method: defaultTaxRounding(env.version) }),
  // the sandbox keeps the switch as stock_move_sms_validation on every version; 19 shows it under its new name
  computed: (version) =>
    version >= 19
      ? {
          stock_text_confirmation: {
            get: (rec) => rec.stock_move_sms_validation === true,
            set: (rec, value) => {
              rec.stock_move_sms_validation = value === true;
            },
          },
          stock_confirmation_type: { get: () => 'sms' },
        }
      : {},
};

export const resUsers: ModelSpec = {
  name: 'res.users',
  description: 'User',
  order: 'name, login',
  companyRule: false,
  fields: () => ({
    name: f.char('Name', true),
    login: f.char('Login', true),
    partner_id: f.m2o('res.partner', 'Related Partner', true),
    company_id: f.m2o('res.company', 'Company', true),
    company_ids: f.m2m('res.company', 'Companies'),
    active: f.bool('Active'),
    email: f.char('Email'),
    lang: f.char('Language'),
    tz: f.char('Timezone'),
  }),
  modelMethods: ['context_get'],
  methods: {
    context_get: (env) => ({ lang: 'en_US', tz: 'Europe/Brussels', uid: env.uid }),
  },
};

export const uomCategory: ModelSpec = {
  name: 'uom.category',
  description: 'Product UoM Categories',
  fields: () => ({ name: f.char('Unit of Measure Category', true) }),
};

export const uomUom: ModelSpec = {
  name: 'uom.uom',
  description: 'Product Unit of Measure',
  order: 'factor DESC, id',
  fields: () => ({
    name: f.char('Unit of Measure', true),
    category_id: f.m2o('uom.category', 'Category', true),
    factor: f.float('Ratio'),
    rounding: f.float('Rounding Precision'),
    active: f.bool('Active'),
    uom_type: f.sel(
      'Type',
      [
        ['bigger', 'Bigger than the reference Unit of Measure'],
        ['reference', 'Reference Unit of Measure for this category'],
        ['smaller', 'Smaller than the reference Unit of Measure'],
      ],
      true,
    ),
  }),
  defaults: () => ({ active: true, factor: 1, rounding: 0.01, uom_type: 'reference' }),
};

export const mailMessage: ModelSpec = {
  name: 'mail.message',
  description: 'Message',
  order: 'id desc',
  fields: () => ({
    model: f.char('Related Document Model'),
    res_id: f.int('Related Document ID'),
    body: { type: 'html', string: 'Contents', required: false, readonly: false },
    subject: f.char('Subject'),
    message_type: f.sel(
      'Type',
      [
        ['email', 'Email'],
        ['comment', 'Comment'],
        ['notification', 'System notification'],
        ['user_notification', 'User Specific Notification'],
      ],
      true,
    ),
    author_id: f.m2o('res.partner', 'Author'),
    date: f.datetime('Date'),
  }),
  indexes: ['res_id'],
};

/** Decimal accuracy (Settings > Technical > Decimal Accuracy): how many digits a kind of float field keeps. */
export const decimalPrecision: ModelSpec = {
  name: 'decimal.precision',
  description: 'Decimal Precision',
  fields: () => ({ name: f.char('Usage', true), digits: f.int('Digits') }),
  required: ['name'],
  defaults: () => ({ digits: 2 }),
};
