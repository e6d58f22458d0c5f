// The calls the bridge makes to an Odoo, beyond the recorded fixtures, as one scenario that runs the same against any
// Odoo (the sandbox or a real server) and keeps every answer: connecting, the access and module checks, each lookup,
// partners and products as the customer and catalog flows make them, stock set the way the stock flow sets it, an
// order's whole life (create, confirm, partial delivery with its backorder, tracking, return, invoice, payment),
// cancellations, external ids, Odoo's errors of each kind, and fields_get of every model the bridge maps. Field
// names follow the server's version through the connector's own version map (src/connectors/odoo/fields.ts), and
// the field lists are the connector's, so the scenario follows what the bridge reads.
//
// The real-Odoo likeness check runs it on a real server and on a sandbox of the same version and compares the two
// lists of answers label by label.
import { odooSchema, toVersionFieldList, toVersionFields, type OdooVersion } from '../../src/connectors/odoo/fields.ts';
import { MOVE_FIELDS, PICKING_FIELDS } from '../../src/connectors/odoo/operations/pickings.ts';
import { SALE_ORDER_SUMMARY_FIELDS } from '../../src/connectors/odoo/operations/sale-orders.ts';
import { isErrorBody, isObject, type LabelledAnswer } from './odoo-answer-diff.ts';
import type { OdooLeftovers } from './odoo-leftovers.ts';
import { post } from './odoo-replay.ts';
import type { OdooTarget } from './odoo-target.ts';

// Answers are JSON of many shapes; the scenario reads them the way a client does.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = any;

interface CallOptions {
  values?: boolean;
  fieldsGet?: boolean;
  /** Credentials other than the target's own (the errors of wrong ones). */
  db?: string;
  uid?: number;
  password?: string;
}

/** Runs calls on one target and keeps each answer under its label. */
export class ProbeSession {
  readonly answers: LabelledAnswer[] = [];
  readonly version: OdooVersion;
  private seq = 0;

  constructor(
    readonly target: OdooTarget,
    readonly tag: string,
    private readonly leftovers?: OdooLeftovers,
  ) {
    this.version = target.version as OdooVersion;
  }

  /** execute_kw; the result, or undefined when Odoo answered with an error. */
  async call(
    label: string,
    model: string,
    method: string,
    args: unknown[] = [],
    kwargs: Record<string, unknown> = {},
    options: CallOptions = {},
  ): Promise<Answer> {
    const { target } = this;
    const credentials = [options.db ?? target.db, options.uid ?? target.uid, options.password ?? target.password];
    return this.send(label, 'object', 'execute_kw', [...credentials, model, method, args, kwargs], options, model);
  }

  /** A call of the `common` service (version, authenticate). */
  async common(label: string, method: string, args: unknown[], options: CallOptions = {}): Promise<Answer> {
    return this.send(label, 'common', method, args, options);
  }

  private async send(
    label: string,
    service: string,
    method: string,
    args: unknown[],
    options: CallOptions,
    model?: string,
  ): Promise<Answer> {
    const answer = await post(`${this.target.url}/jsonrpc`, {
      jsonrpc: '2.0',
      method: 'call',
      params: { service, method, args },
      id: ++this.seq,
    });
    this.answers.push({
      label,
      answer,
      values: options.values ?? true,
      ...(options.fieldsGet ? { fieldsGet: true } : {}),
    });
    if (isErrorBody(answer.body) || !isObject(answer.body)) return undefined;
    const result = answer.body.result;
    if (model && (args[4] === 'create' || isObject(result))) this.leftovers?.note(model, result ?? null);
    return result;
  }

  /** Field names of the bridge's concepts on this version. */
  fields(model: string, concepts: readonly string[]): string[] {
    return toVersionFieldList(model, concepts, this.version);
  }

  /** Values named by concept, on this version. */
  vals(model: string, values: Record<string, unknown>): Record<string, unknown> {
    return toVersionFields(model, values, this.version);
  }
}

/** Every model the bridge maps (the connector's schema files), for fields_get. */
const MAPPED_MODELS = [
  'account.move',
  'account.payment',
  'account.payment.register',
  'base.automation',
  'delivery.carrier',
  'ir.actions.server',
  'ir.model.data',
  'product.category',
  'product.pricelist',
  'product.product',
  'product.template',
  'res.country.state',
  'res.currency',
  'res.partner',
  'sale.advance.payment.inv',
  'sale.order',
  'sale.order.line',
  'stock.location',
  'stock.move',
  'stock.picking',
  'stock.quant',
  'stock.return.picking',
  'stock.return.picking.line',
  'stock.warehouse',
];

const PARTNER_FIELDS = [
  'name',
  'email',
  'phone',
  'street',
  'street2',
  'city',
  'zip',
  'state_id',
  'country_id',
  'parent_id',
  'type',
  'is_company',
  'company_type',
  'commercial_partner_id',
  'active',
  'write_date',
];
const TEMPLATE_FIELDS = [
  'name',
  'default_code',
  'list_price',
  'detailed_type',
  'sale_ok',
  'purchase_ok',
  'categ_id',
  'weight',
  'uom_id',
  'taxes_id',
  'product_variant_ids',
  'product_variant_count',
  'active',
];
const VARIANT_FIELDS = [
  'default_code',
  'barcode',
  'name',
  'list_price',
  'lst_price',
  'qty_available',
  'virtual_available',
  'detailed_type',
  'product_tmpl_id',
  'sale_ok',
  'active',
];
const ORDER_FIELDS = [
  ...SALE_ORDER_SUMMARY_FIELDS,
  'partner_id',
  'partner_invoice_id',
  'partner_shipping_id',
  'amount_untaxed',
  'amount_tax',
  'currency_id',
  'company_id',
  'invoice_status',
  'order_line',
  'date_order',
  'fiscal_position_id',
  'warehouse_id',
];
const LINE_FIELDS = [
  'product_id',
  'name',
  'product_uom_qty',
  'product_uom',
  'price_unit',
  'discount',
  'tax_id',
  'price_subtotal',
  'price_tax',
  'price_total',
  'qty_delivered',
  'qty_invoiced',
  'qty_to_invoice',
  'display_type',
  'is_delivery',
  'state',
];
const INVOICE_FIELDS = [
  'name',
  'move_type',
  'state',
  'payment_state',
  'amount_untaxed',
  'amount_tax',
  'amount_total',
  'amount_residual',
  'invoice_origin',
  'partner_id',
  'currency_id',
  'invoice_line_ids',
];

/** Runs the whole scenario; each step's answer lands in `session.answers`. */
export async function runBridgeCalls(s: ProbeSession): Promise<void> {
  await connecting(s);
  await lookups(s);
  const partners = await customers(s);
  const products = await catalog(s);
  await orderLife(s, partners, products);
  await cancellations(s, partners, products);
  await externalIds(s, partners.company);
  await errors(s, partners.company, products);
  await schemas(s);
}

async function connecting(s: ProbeSession): Promise<void> {
  const { target } = s;
  await s.common('connect: version', 'version', []);
  await s.common('connect: authenticate', 'authenticate', [target.db, target.login, target.password, {}]);
  await s.common('connect: authenticate with a wrong password', 'authenticate', [target.db, target.login, 'wrong', {}]);
  await s.call('connect: context_get', 'res.users', 'context_get', [], {}, { values: false });
  await s.call('connect: the user and its companies', 'res.users', 'read', [[target.uid]], {
    fields: ['company_id', 'company_ids'],
  });
  await s.call('connect: companies', 'res.company', 'search_read', [[]], {
    fields: ['name', 'currency_id', 'partner_id'],
  });
  for (const model of ['sale.order', 'stock.picking', 'res.partner', 'base.automation']) {
    if (s.version <= 18)
      await s.call(`check: check_access_rights ${model}`, model, 'check_access_rights', ['write'], {
        raise_exception: false,
      });
    if (s.version >= 18) await s.call(`check: has_access ${model}`, model, 'has_access', [[], 'write']);
  }
  await s.call(
    'check: modules',
    'ir.module.module',
    'search_read',
    [[['name', 'in', ['sale_management', 'sale_stock', 'stock_delivery', 'delivery', 'base_automation', 'account']]]],
    { fields: ['name', 'state'], order: 'name' },
  );
}

async function lookups(s: ProbeSession): Promise<void> {
  const ilike = (model: string, field: string, key: string, fields = [field], extra: unknown[] = []) =>
    s.call(`lookup: ${model} ${field} ${key}`, model, 'search_read', [[[field, '=ilike', key], ...extra]], {
      fields,
      context: { active_test: false },
    });
  const [us] = (await ilike('res.country', 'code', 'us', ['code', 'name', 'currency_id'])) ?? [];
  await s.call(
    'lookup: res.country.state ca in us',
    'res.country.state',
    'search_read',
    [['&', ['country_id', '=', us?.id ?? 0], ['code', '=ilike', 'ca']]],
    { fields: ['code', 'country_id'] },
  );
  for (const currency of ['USD', 'EUR', 'GBP']) await ilike('res.currency', 'name', currency, ['name', 'active']);
  await ilike('product.product', 'default_code', 'e-com07', ['default_code']);
  await ilike('product.category', 'complete_name', 'all / saleable', ['complete_name']);
  await s.call(
    'lookup: sales taxes of 15%',
    'account.tax',
    'search_read',
    [
      [
        ['type_tax_use', '=', 'sale'],
        ['amount_type', '=', 'percent'],
        ['amount', '=', 15],
      ],
    ],
    { fields: ['amount', 'amount_type', 'type_tax_use', 'price_include'], order: 'sequence asc, id asc' },
  );
  await s.call('lookup: pricelists', 'product.pricelist', 'search_read', [[]], {
    fields: ['name', 'currency_id'],
    order: 'sequence asc, id asc',
  });
  await ilike('stock.warehouse', 'code', 'wh', ['code', 'name', 'lot_stock_id']);
  await s.call('lookup: carriers', 'delivery.carrier', 'search_read', [[]], {
    fields: ['name', 'delivery_type', 'product_id'],
  });
  await s.call('lookup: fiscal positions', 'account.fiscal.position', 'search_read', [[]], {
    fields: ['name', 'auto_apply', 'country_id'],
  });
  await s.call(
    'lookup: inbound payment methods',
    'account.payment.method.line',
    'search_read',
    [[['payment_type', '=', 'inbound']]],
    { fields: ['name', 'journal_id'] },
  );
}

interface Partners {
  company: number;
  person: number;
  delivery: number;
}

async function customers(s: ProbeSession): Promise<Partners> {
  const email = `likeness${s.tag}@example.com`.toLowerCase();
  await s.call('customer: find by email (none yet)', 'res.partner', 'search_read', [[['email', '=ilike', email]]], {
    fields: s.fields('res.partner', PARTNER_FIELDS),
  });
  const [country] = (await s.call('customer: country', 'res.country', 'search', [[['code', '=', 'US']]])) ?? [];
  const [state] =
    (await s.call('customer: state', 'res.country.state', 'search', [
      [
        ['code', '=', 'CA'],
        ['country_id', '=', country],
      ],
    ])) ?? [];
  const company = await s.call('customer: create the company', 'res.partner', 'create', [
    s.vals('res.partner', {
      name: `Likeness Co${s.tag}`,
      is_company: true,
      email: `ap${s.tag}@example.com`.toLowerCase(),
      street: '100 Market St',
      city: 'San Francisco',
      zip: '94105',
      country_id: country,
      state_id: state,
    }),
  ]);
  const person = await s.call('customer: create the contact', 'res.partner', 'create', [
    s.vals('res.partner', {
      name: 'Jane Likeness',
      parent_id: company,
      company_type: 'person',
      email,
      phone: '+1 415 555 0101',
    }),
  ]);
  const delivery = await s.call('customer: create the delivery address', 'res.partner', 'create', [
    s.vals('res.partner', {
      name: 'Likeness Dock',
      parent_id: company,
      type: 'delivery',
      street: '2 Dock Rd',
      city: 'Oakland',
      zip: '94607',
      country_id: country,
      state_id: state,
    }),
  ]);
  await s.call('customer: read the three', 'res.partner', 'read', [[company, person, delivery]], {
    fields: s.fields('res.partner', PARTNER_FIELDS),
  });
  await s.call('customer: write the phone', 'res.partner', 'write', [[person], { phone: '+1 415 555 0199' }]);
  await s.call('customer: find by email', 'res.partner', 'search_read', [[['email', '=ilike', email]]], {
    fields: s.fields('res.partner', PARTNER_FIELDS),
  });
  return { company, person, delivery };
}

interface Products {
  stocked: number;
  unstocked: number;
  template: number;
}

async function catalog(s: ProbeSession): Promise<Products> {
  const [all] =
    (await s.call('catalog: the All category', 'product.category', 'search', [[['name', '=', 'All']]])) ?? [];
  const category = await s.call('catalog: create a category', 'product.category', 'create', [
    { name: `Likeness${s.tag}`, parent_id: all },
  ]);
  await s.call('catalog: read the category', 'product.category', 'read', [[category]], {
    fields: ['name', 'complete_name', 'parent_id'],
  });
  const make = (label: string, code: string, price: number) =>
    s.call(`catalog: create ${label}`, 'product.template', 'create', [
      s.vals('product.template', {
        name: `Likeness ${label}`,
        default_code: `${code}${s.tag}`,
        list_price: price,
        detailed_type: 'product',
        categ_id: category,
        sale_ok: true,
        weight: 1.5,
      }),
    ]);
  const template = await make('stocked product', 'LIKE-A', 40);
  await make('unstocked product', 'LIKE-B', 25);
  const [read] =
    (await s.call('catalog: read the template', 'product.template', 'read', [[template]], {
      fields: s.fields('product.template', TEMPLATE_FIELDS),
    })) ?? [];
  await s.call('catalog: its default sales taxes', 'account.tax', 'read', [read?.taxes_id ?? []], {
    fields: ['amount', 'amount_type', 'type_tax_use', 'price_include'],
  });
  await s.call('catalog: write the price', 'product.template', 'write', [[template], { list_price: 42.5 }]);
  const variants =
    (await s.call(
      'catalog: the variants by SKU',
      'product.product',
      'search_read',
      [[['default_code', 'in', [`LIKE-A${s.tag}`, `LIKE-B${s.tag}`]]]],
      { fields: s.fields('product.product', VARIANT_FIELDS), order: 'default_code' },
    )) ?? [];
  await s.call('catalog: products for sale, counted', 'product.template', 'search_count', [
    [
      ['sale_ok', '=', true],
      ['default_code', 'like', `LIKE-%${s.tag}`],
    ],
  ]);
  const stocked = variants[0]?.id as number;
  const unstocked = variants[1]?.id as number;

  // The stock flow's absolute on-hand quantity (fixture 16), then the level it reads.
  const [warehouse] =
    (await s.call('stock: the warehouse', 'stock.warehouse', 'search_read', [[['code', '=', 'WH']]], {
      fields: ['lot_stock_id'],
      limit: 1,
    })) ?? [];
  const stockLocation = warehouse?.lot_stock_id?.[0];
  const inventoryMode = { context: { inventory_mode: true } };
  const quant = await s.call(
    'stock: set on hand',
    'stock.quant',
    'create',
    [{ product_id: stocked, location_id: stockLocation, inventory_quantity: 10 }],
    inventoryMode,
  );
  await s.call('stock: the quant before applying', 'stock.quant', 'read', [[quant]], {
    fields: [
      'quantity',
      'reserved_quantity',
      'inventory_quantity',
      'inventory_quantity_set',
      'inventory_diff_quantity',
    ],
  });
  await s.call('stock: apply', 'stock.quant', 'action_apply_inventory', [[quant]], inventoryMode);
  await s.call('stock: the quant after', 'stock.quant', 'read', [[quant]], {
    fields: [
      'quantity',
      'reserved_quantity',
      'inventory_quantity',
      'inventory_quantity_set',
      'inventory_diff_quantity',
    ],
  });
  await s.call('stock: on hand in the warehouse', 'product.product', 'read', [[stocked, unstocked]], {
    fields: ['qty_available', 'virtual_available', 'free_qty'],
    context: { location: stockLocation },
  });
  return { stocked, unstocked, template };
}

/** button_validate and the dialogs after it, as the connector answers them (operations/pickings.ts). */
async function validate(
  s: ProbeSession,
  label: string,
  picking: number,
  backorder: 'process' | 'process_cancel_backorder',
) {
  let answer = await s.call(`${label}: button_validate`, 'stock.picking', 'button_validate', [[picking]]);
  for (let step = 0; isObject(answer) && answer.type === 'ir.actions.act_window' && step < 4; step++) {
    const context = (answer.context as Record<string, unknown> | undefined) ?? {};
    const model = String(answer.res_model);
    const wizard =
      typeof answer.res_id === 'number' && answer.res_id > 0
        ? answer.res_id
        : await s.call(`${label}: create ${model}`, model, 'create', [{}], { context });
    const method =
      model === 'stock.backorder.confirmation'
        ? backorder
        : model === 'confirm.stock.sms'
          ? 'dont_send_sms'
          : 'process';
    answer = await s.call(`${label}: ${model}.${method}`, model, method, [[wizard]], { context });
  }
  return answer;
}

async function orderLife(s: ProbeSession, partners: Partners, products: Products): Promise<void> {
  const ref = `LIKE-ORDER${s.tag}`;
  const [carrier] = (await s.call('order: a carrier', 'delivery.carrier', 'search', [[]], { limit: 1 })) ?? [];
  const order = await s.call('order: create', 'sale.order', 'create', [
    [
      s.vals('sale.order', {
        partner_id: partners.company,
        partner_invoice_id: partners.company,
        partner_shipping_id: partners.delivery,
        client_order_ref: ref,
        order_line: [
          [0, 0, { product_id: products.stocked, product_uom_qty: 3, price_unit: 19.99, discount: 12.5 }],
          [0, 0, { product_id: products.stocked, product_uom_qty: 2, price_unit: 5, tax_id: [[6, 0, []]] }],
          [0, 0, { product_id: products.unstocked, product_uom_qty: 1, price_unit: 149.95, discount: 7.5 }],
        ],
      }),
    ],
  ]);
  const id = Array.isArray(order) ? (order[0] as number) : (order as number);
  const [read] =
    (await s.call('order: read', 'sale.order', 'read', [[id]], { fields: s.fields('sale.order', ORDER_FIELDS) })) ?? [];
  await s.call('order: read its lines', 'sale.order.line', 'read', [read?.order_line ?? []], {
    fields: s.fields('sale.order.line', LINE_FIELDS),
  });
  await s.call('order: find by client_order_ref', 'sale.order', 'search_read', [[['client_order_ref', 'in', [ref]]]], {
    fields: s.fields('sale.order', SALE_ORDER_SUMMARY_FIELDS),
    order: 'id asc',
  });
  await s.call('order: confirm', 'sale.order', 'action_confirm', [[id]]);
  await s.call('order: read after confirm', 'sale.order', 'read', [[id]], {
    fields: s.fields('sale.order', ORDER_FIELDS),
  });
  const pickings =
    (await s.call('order: its pickings', 'stock.picking', 'search_read', [[['sale_id', '=', id]]], {
      fields: s.fields('stock.picking', PICKING_FIELDS),
      order: 'id asc',
    })) ?? [];
  const picking = pickings[0]?.id as number;
  const moves =
    (await s.call('order: the moves', 'stock.move', 'search_read', [[['picking_id', 'in', [picking]]]], {
      fields: s.fields('stock.move', MOVE_FIELDS),
      order: 'id asc',
    })) ?? [];
  await s.call('shipment: tracking reference', 'stock.picking', 'write', [
    [picking],
    { carrier_tracking_ref: '1ZLIKE', ...(carrier ? { carrier_id: carrier } : {}) },
  ]);
  // Ship 2 of the 3 reserved units of the first line, and nothing of the unstocked one: the rest goes to a backorder.
  const first = moves.find((m: Answer) => m.product_uom_qty === 3) ?? moves[0];
  await s.call('shipment: partial quantity', 'stock.move', 'write', [[first?.id], { quantity: 2 }]);
  await validate(s, 'shipment: partial', picking, 'process');
  await s.call('shipment: validate it again', 'stock.picking', 'button_validate', [[picking]]);
  await s.call('shipment: pickings after', 'stock.picking', 'search_read', [[['sale_id', '=', id]]], {
    fields: s.fields('stock.picking', PICKING_FIELDS),
    order: 'id asc',
  });
  const backorders =
    (await s.call('shipment: backorders', 'stock.picking', 'search', [[['backorder_id', '=', picking]]], {
      order: 'id asc',
    })) ?? [];
  await s.call('shipment: backorder moves', 'stock.move', 'search_read', [[['picking_id', 'in', backorders]]], {
    fields: s.fields('stock.move', MOVE_FIELDS),
    order: 'id asc',
  });
  await s.call('shipment: order lines after', 'sale.order.line', 'read', [read?.order_line ?? []], {
    fields: s.fields('sale.order.line', LINE_FIELDS),
  });

  // A return of the delivered units (operations/returns.ts).
  const context = { active_id: picking, active_ids: [picking], active_model: 'stock.picking' };
  const wizard = await s.call('return: wizard', 'stock.return.picking', 'create', [{}], { context });
  const [form] =
    (await s.call('return: read the wizard', 'stock.return.picking', 'read', [[wizard]], {
      fields: ['product_return_moves'],
    })) ?? [];
  const lines =
    (await s.call('return: its lines', 'stock.return.picking.line', 'read', [form?.product_return_moves ?? []], {
      fields: ['product_id', 'quantity'],
    })) ?? [];
  await s.call('return: one unit', 'stock.return.picking', 'write', [
    [wizard],
    { product_return_moves: lines.map((l: Answer, i: number) => [1, l.id, { quantity: i === 0 ? 1 : 0 }]) },
  ]);
  // 18 renamed create_returns action_create_returns: ask for the old name first (refused from 18 on), then the new
  let action = await s.call('return: create_returns', 'stock.return.picking', 'create_returns', [[wizard]], {
    context,
  });
  if (!isObject(action))
    action = await s.call(
      'return: action_create_returns',
      'stock.return.picking',
      'action_create_returns',
      [[wizard]],
      {
        context,
      },
    );
  const returned = isObject(action) ? (action.res_id as number) : 0;
  await s.call('return: read the return', 'stock.picking', 'read', [[returned]], {
    fields: s.fields('stock.picking', [...PICKING_FIELDS, 'return_id']),
  });
  await validate(s, 'return: validate', returned, 'process');
  await s.call('return: the return after', 'stock.picking', 'read', [[returned]], {
    fields: s.fields('stock.picking', [...PICKING_FIELDS, 'return_id']),
  });
  await s.call('return: order lines after', 'sale.order.line', 'read', [read?.order_line ?? []], {
    fields: s.fields('sale.order.line', LINE_FIELDS),
  });

  // Invoice what was delivered and pay it (operations/invoicing.ts).
  const saleContext = { active_model: 'sale.order', active_ids: [id], active_id: id };
  const invoicing = await s.call(
    'invoice: wizard',
    'sale.advance.payment.inv',
    'create',
    [{ advance_payment_method: 'delivered' }],
    { context: saleContext },
  );
  const shown = await s.call('invoice: create_invoices', 'sale.advance.payment.inv', 'create_invoices', [[invoicing]], {
    context: saleContext,
  });
  const invoice = isObject(shown) ? (shown.res_id as number) : 0;
  await s.call('invoice: draft', 'account.move', 'read', [[invoice]], { fields: INVOICE_FIELDS });
  await s.call('invoice: post', 'account.move', 'action_post', [[invoice]]);
  await s.call('invoice: posted', 'account.move', 'read', [[invoice]], { fields: INVOICE_FIELDS });
  const moveContext = { active_model: 'account.move', active_ids: [invoice] };
  const register = await s.call('payment: wizard', 'account.payment.register', 'create', [{}], {
    context: moveContext,
  });
  await s.call('payment: wizard defaults', 'account.payment.register', 'read', [[register]], {
    fields: ['amount', 'currency_id', 'journal_id', 'payment_method_line_id', 'payment_difference'],
  });
  const paid = await s.call('payment: create', 'account.payment.register', 'action_create_payments', [[register]], {
    context: moveContext,
  });
  const payment = isObject(paid) ? (paid.res_id as number) : 0;
  await s.call('payment: read', 'account.payment', 'read', [[payment]], {
    fields: s.fields('account.payment', ['amount', 'state', 'payment_type', 'partner_type', 'ref', 'is_reconciled']),
  });
  await s.call('payment: the invoice after', 'account.move', 'read', [[invoice]], { fields: INVOICE_FIELDS });
  await s.call('payment: the order after', 'sale.order', 'read', [[id]], {
    fields: ['invoice_status', 'amount_invoiced', 'amount_to_invoice', 'invoice_ids'],
  });
}

async function cancellations(s: ProbeSession, partners: Partners, products: Products): Promise<void> {
  const make = (label: string, qty: number) =>
    s.call(`cancel: create ${label}`, 'sale.order', 'create', [
      {
        partner_id: partners.person,
        client_order_ref: `LIKE-CANCEL-${label}${s.tag}`,
        order_line: [[0, 0, { product_id: products.stocked, product_uom_qty: qty }]],
      },
    ]);
  const fields = s.fields('sale.order', SALE_ORDER_SUMMARY_FIELDS);

  const quotation = await make('quotation', 1);
  await s.call('cancel: a quotation', 'sale.order', 'action_cancel', [[quotation]], {
    context: { disable_cancel_warning: true },
  });
  await s.call('cancel: the quotation after', 'sale.order', 'read', [[quotation]], { fields });
  await s.call('cancel: confirm a cancelled order', 'sale.order', 'action_confirm', [[quotation]]);

  const confirmed = await make('confirmed', 1);
  await s.call('cancel: confirm', 'sale.order', 'action_confirm', [[confirmed]]);
  await s.call('cancel: confirm twice', 'sale.order', 'action_confirm', [[confirmed]]);
  await s.call('cancel: delete a confirmed order', 'sale.order', 'unlink', [[confirmed]]);
  await s.call('cancel: a confirmed order without the warning', 'sale.order', 'action_cancel', [[confirmed]]);
  await s.call('cancel: a confirmed order', 'sale.order', 'action_cancel', [[confirmed]], {
    context: { disable_cancel_warning: true },
  });
  await s.call('cancel: the confirmed order after', 'sale.order', 'read', [[confirmed]], { fields });
  await s.call('cancel: its picking after', 'stock.picking', 'search_read', [[['sale_id', '=', confirmed]]], {
    fields: ['state'],
  });

  const shipped = await make('shipped', 1);
  await s.call('cancel: confirm the shipped one', 'sale.order', 'action_confirm', [[shipped]]);
  const [picking] =
    (await s.call('cancel: its picking', 'stock.picking', 'search', [[['sale_id', '=', shipped]]])) ?? [];
  await validate(s, 'cancel: ship it', picking, 'process');
  await s.call('cancel: a shipped order', 'sale.order', 'action_cancel', [[shipped]], {
    context: { disable_cancel_warning: true },
  });
  await s.call('cancel: the shipped order after', 'sale.order', 'read', [[shipped]], { fields });
}

async function externalIds(s: ProbeSession, company: number): Promise<void> {
  const vals = { module: '__bridge__', name: `likeness_customer${s.tag}`, model: 'res.partner', res_id: company };
  await s.call('external id: create', 'ir.model.data', 'create', [vals]);
  await s.call(
    'external id: by name',
    'ir.model.data',
    'search_read',
    [
      [
        ['module', '=', '__bridge__'],
        ['name', '=', vals.name],
      ],
    ],
    { fields: ['module', 'name', 'model', 'res_id', 'complete_name', 'noupdate'] },
  );
  await s.call(
    'external id: of a record',
    'ir.model.data',
    'search_read',
    [
      [
        ['model', '=', 'res.partner'],
        ['res_id', '=', company],
        ['module', '=', '__bridge__'],
      ],
    ],
    { fields: ['complete_name'] },
  );
  await s.call('external id: twice', 'ir.model.data', 'create', [vals]);
}

async function errors(s: ProbeSession, customer: number, products: Products): Promise<void> {
  await s.call('error: wrong password', 'res.partner', 'search', [[]], { limit: 1 }, { password: 'wrong' });
  await s.call('error: unknown uid', 'res.partner', 'search', [[]], { limit: 1 }, { uid: 9999 });
  await s.call('error: unknown database', 'res.partner', 'search', [[]], { limit: 1 }, { db: 'likeness_no_such_db' });
  await s.call('error: unknown model', 'x.nope', 'search_read', [[]], { limit: 1 });
  await s.call('error: mandatory field missing', 'sale.order', 'create', [{ client_order_ref: 'NO-PARTNER' }]);
  await s.call('error: unknown field in create', 'sale.order', 'create', [{ partner_id: customer, x_nope: 1 }]);
  await s.call('error: unknown field in write', 'res.partner', 'write', [[customer], { x_nope: 1 }]);
  await s.call('error: unknown field in read', 'res.partner', 'read', [[customer]], { fields: ['name', 'x_nope'] });
  await s.call('error: unknown field in search_read', 'res.partner', 'search_read', [[]], {
    fields: ['name', 'x_nope'],
    limit: 1,
  });
  await s.call('error: unknown field in a domain', 'res.partner', 'search_read', [[['x_nope', '=', 1]]], {
    fields: ['name'],
  });
  await s.call('error: wrong selection value', 'sale.order', 'create', [{ partner_id: customer, state: 'bogus' }]);
  await s.call('error: the old product type', 'product.template', 'create', [{ name: 'Old type', type: 'product' }]);
  await s.call('error: a record that does not exist (write)', 'sale.order', 'write', [[999999999], { note: 'x' }]);
  await s.call('error: a record that does not exist (read)', 'sale.order', 'read', [[999999999]], {
    fields: ['name'],
  });
  await s.call('error: a many2one that does not exist', 'sale.order', 'create', [{ partner_id: 999999999 }]);
  await s.call('error: a private method', 'sale.order', '_create_invoices', [[1]]);
  await s.call('error: a method that does not exist', 'sale.order', 'nope_method', [[1]]);
  await s.call('error: name_get', 'res.partner', 'name_get', [[customer]]);
  await s.call('error: a field this version dropped', 'res.partner', 'read', [[customer]], {
    fields: ['name', 'mobile'],
  });
  await s.call('error: a stored field of 17', 'sale.order.line', 'search_read', [[]], {
    fields: ['tax_id', 'product_uom'],
    limit: 1,
  });
  await s.call('error: the old product fields', 'product.product', 'read', [[products.stocked]], {
    fields: ['detailed_type', 'is_storable'],
  });
}

async function schemas(s: ProbeSession): Promise<void> {
  for (const model of MAPPED_MODELS) {
    if (!odooSchema(model, s.version)) continue;
    await s.call(
      `fields_get ${model}`,
      model,
      'fields_get',
      [],
      {
        attributes: ['type', 'required', 'relation', 'selection', 'readonly'],
      },
      { values: false, fieldsGet: true },
    );
  }
}
