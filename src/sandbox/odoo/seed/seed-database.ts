// The data a fresh sandbox holds, as a real Odoo 17 with demo data has it: two companies (San Francisco, the
// admin's, and Chicago, each with its warehouse), every ISO country with the US/CA/AU states, USD active and
// EUR/GBP inactive, no pricelist (the setting is off), only the demo's 15% sales and purchase taxes, journals,
// its shipping methods, a few Odoo-demo-like customers and products (with the SKUs the recorded fixtures use), a
// product with variants, and the shared seed catalog (same SKUs as Clarity's). `bridge odoo prepare` enables what
// a store needs (currencies, pricelists, taxes), as on a real one. At 19, as 19's demo: categories without the root
// "All", the "Domestic" and "Foreign Trade" fiscal positions, and taxes rounded per tax (the company's default).
import type { Env } from '../env.ts';
import { installedModules, seedModelRegistry } from '../models/ir.ts';
import { formatDate } from '../odoo-time.ts';
import { defaultTaxRounding } from '../tax-computation.ts';
import { seedCatalog } from '../../seed-catalog.ts';
import { COUNTRY_STATES } from './country-states.ts';
import { ISO_COUNTRIES } from './iso-countries.ts';

/** The admin's own company, the one an integration names (`odoo.company`) to work in it. */
export const MAIN_COMPANY = 'My Company (San Francisco)';

export interface SeedOptions {
  products: number;
}

const CURRENCIES = [
  {
    id: 1,
    name: 'USD',
    full_name: 'United States dollar',
    symbol: '$',
    position: 'before',
    rate: 1,
    currency_unit_label: 'Dollars',
    currency_subunit_label: 'Cents',
  },
  {
    id: 2,
    name: 'EUR',
    full_name: 'Euro',
    symbol: '€',
    position: 'after',
    rate: 0.92,
    currency_unit_label: 'Euros',
    currency_subunit_label: 'Cents',
  },
  {
    id: 3,
    name: 'GBP',
    full_name: 'British pound',
    symbol: '£',
    position: 'before',
    rate: 0.79,
    currency_unit_label: 'Pounds',
    currency_subunit_label: 'Pence',
  },
] as const;

export function seedDatabase(env: Env, options: SeedOptions): void {
  const ids = seedBase(env);
  seedAccounting(env);
  seedStock(env);
  seedSecondCompany(env);
  seedCustomers(env, ids);
  seedProducts(env, options.products);
  seedModelRegistry(env);
  const modules = env.model('ir.module.module');
  for (const name of installedModules(env.version))
    modules.createRaw({
      name,
      shortdesc: name,
      state: 'installed',
      latest_version: `${env.version}.0.1.0`,
      application: false,
      sequence: 100,
    });
  for (const name of ['purchase', 'mrp', 'website_sale', 'pos_sale'])
    modules.createRaw({
      name,
      shortdesc: name,
      state: 'uninstalled',
      latest_version: false,
      application: true,
      sequence: 100,
    });
  env.changes = [];
  env.transaction.clear();
}

function seedBase(env: Env): { countryByCode: Map<string, number>; stateByCode: Map<string, number> } {
  const currencies = env.model('res.currency');
  const rates = env.model('res.currency.rate');
  const today = formatDate(env.callTime);
  for (const currency of CURRENCIES) {
    const { id, rate, ...values } = currency;
    // a fresh Odoo has only the company's currency active; the others wait to be enabled (bridge odoo prepare)
    currencies.createRaw({ ...values, active: id === 1, rounding: 0.01, decimal_places: 2 }, { id });
    rates.createRaw({ name: today, rate, currency_id: id, company_id: 1 });
  }
  const currencyByCode = new Map<string, number>(CURRENCIES.map((c) => [c.name, c.id]));

  const countries = env.model('res.country');
  const countryByCode = new Map<string, number>();
  for (const [code, name, phoneCode, currency] of ISO_COUNTRIES) {
    const id = countries.createRaw({
      code,
      name,
      phone_code: phoneCode,
      currency_id: currencyByCode.get(currency) ?? false,
    });
    countryByCode.set(code, id);
  }
  const states = env.model('res.country.state');
  const stateByCode = new Map<string, number>();
  for (const [countryCode, list] of Object.entries(COUNTRY_STATES)) {
    for (const [code, name] of list)
      stateByCode.set(
        `${countryCode}-${code}`,
        states.createRaw({ code, name, country_id: countryByCode.get(countryCode) }),
      );
  }

  const us = countryByCode.get('US')!;
  const ca = stateByCode.get('US-CA')!;
  const partners = env.model('res.partner');
  partners.createRaw(
    {
      name: 'My Company (San Francisco)',
      is_company: true,
      type: 'contact',
      active: true,
      email: 'info@yourcompany.com',
      phone: '+1 555-555-5556',
      street: '250 Executive Park Blvd, Suite 3400',
      city: 'San Francisco',
      zip: '94134',
      state_id: ca,
      country_id: us,
      lang: 'en_US',
    },
    { id: 1 },
  );
  env.model('res.company').createRaw(
    {
      name: 'My Company (San Francisco)',
      sequence: 0,
      partner_id: 1,
      currency_id: 1,
      country_id: us,
      email: 'info@yourcompany.com',
      stock_move_sms_validation: true,
      has_received_warning_stock_sms: false,
      tax_calculation_rounding_method: defaultTaxRounding(env.version),
    },
    { id: 1 },
  );
  partners.createRaw({ name: 'OdooBot', active: false, type: 'contact', email: 'odoobot@example.com' }, { id: 2 });
  partners.createRaw(
    {
      name: 'Mitchell Admin',
      parent_id: 1,
      type: 'contact',
      active: true,
      email: 'admin@yourcompany.example.com',
      street: '215 Vine St',
      city: 'Scranton',
      zip: '18503',
      state_id: stateByCode.get('US-PA'),
      country_id: us,
      lang: 'en_US',
    },
    { id: 3 },
  );
  const users = env.model('res.users');
  users.createRaw({ name: 'OdooBot', login: '__system__', partner_id: 2, company_id: 1, active: false }, { id: 1 });
  users.createRaw(
    {
      name: 'Mitchell Admin',
      login: 'admin',
      partner_id: 3,
      company_id: 1,
      company_ids: [1],
      active: true,
      email: 'admin@yourcompany.example.com',
      lang: 'en_US',
      tz: 'Europe/Brussels',
    },
    { id: 2 },
  );

  const precisions = env.model('decimal.precision');
  for (const [name, digits] of [
    ['Percentage Analytic', 2],
    ['Product Price', 2],
    ['Discount', 2],
    ['Stock Weight', 2],
    ['Volume', 2],
    ['Product Unit of Measure', 2],
    ['Payment Terms', 6],
  ] as const)
    precisions.createRaw({ name, digits });
  env.model('uom.category').createRaw({ name: 'Unit' }, { id: 1 });
  env.model('uom.category').createRaw({ name: 'Weight' }, { id: 2 });
  const uoms = env.model('uom.uom');
  uoms.createRaw(
    { name: 'Units', category_id: 1, factor: 1, rounding: 0.01, uom_type: 'reference', active: true },
    { id: 1 },
  );
  uoms.createRaw(
    { name: 'Dozens', category_id: 1, factor: 1 / 12, rounding: 0.01, uom_type: 'bigger', active: true },
    { id: 2 },
  );
  uoms.createRaw(
    { name: 'kg', category_id: 2, factor: 1, rounding: 0.01, uom_type: 'reference', active: true },
    { id: 3 },
  );

  return { countryByCode, stateByCode };
}

/**
 * Odoo 19's demo auto-applies two fiscal positions to the company's orders: "Domestic" to its own country (the 15%
 * taxes stay) and "Foreign Trade" to every other (15% becomes 0% Exports or 0% Imports). 17 and 18 have none.
 */
function seedFiscalPositions19(
  env: Env,
  us: number | undefined,
  tax: (id: number, name: string, amount: number, extra?: Record<string, unknown>) => void,
): void {
  env.model('account.tax.group').createRaw({ name: 'Tax 0%', sequence: 10, company_id: 1, country_id: us }, { id: 2 });
  tax(3, '0% Exports', 0, { tax_group_id: 2, original_tax_ids: [1] });
  tax(4, '0% Imports', 0, { tax_group_id: 2, original_tax_ids: [2], type_tax_use: 'purchase' });
  const positions = env.model('account.fiscal.position');
  const common = { active: true, auto_apply: true, vat_required: false, company_id: 1 };
  positions.createRaw({ ...common, name: 'Domestic', sequence: 10, country_id: us, tax_ids: [1, 2] }, { id: 1 });
  positions.createRaw(
    { ...common, name: 'Foreign Trade', sequence: 20, country_id: false, tax_ids: [3, 4] },
    { id: 2 },
  );
}

function seedAccounting(env: Env): void {
  const us = env.model('res.country').search([['code', '=', 'US']])[0];
  env.model('account.tax.group').createRaw({ name: 'Tax 15%', sequence: 10, company_id: 1, country_id: us }, { id: 1 });
  const taxes = env.model('account.tax');
  const tax = (id: number, name: string, amount: number, extra: Record<string, unknown> = {}): void => {
    taxes.createRaw(
      {
        name,
        description: name,
        amount,
        amount_type: 'percent',
        type_tax_use: 'sale',
        price_include: false,
        active: true,
        sequence: id,
        company_id: 1,
        country_id: us,
        tax_group_id: 1,
        ...extra,
      },
      { id },
    );
  };
  tax(1, '15%', 15);
  tax(2, '15%', 15, { type_tax_use: 'purchase' });
  if (env.version >= 19) seedFiscalPositions19(env, us, tax);

  const journals = env.model('account.journal');
  const journal = (id: number, name: string, code: string, type: string): void => {
    journals.createRaw({ name, code, type, active: true, sequence: id, company_id: 1, currency_id: false }, { id });
  };
  journal(1, 'Customer Invoices', 'INV', 'sale');
  journal(2, 'Vendor Bills', 'BILL', 'purchase');
  journal(3, 'Miscellaneous Operations', 'MISC', 'general');
  journal(4, 'Exchange Difference', 'EXCH', 'general');
  journal(5, 'Cash Basis Taxes', 'CABA', 'general');
  journal(6, 'Bank', 'BNK1', 'bank');
  journal(7, 'Cash', 'CSH1', 'cash');
  const methods = env.model('account.payment.method.line');
  methods.createRaw(
    { name: 'Manual', sequence: 10, journal_id: 6, payment_type: 'inbound', code: 'manual' },
    { id: 1 },
  );
  methods.createRaw(
    { name: 'Manual', sequence: 10, journal_id: 6, payment_type: 'outbound', code: 'manual' },
    { id: 2 },
  );
}

function seedStock(env: Env): void {
  const locations = env.model('stock.location');
  const location = (id: number, name: string, usage: string, parent: number | false): void => {
    locations.createRaw(
      {
        name,
        usage,
        location_id: parent,
        active: true,
        company_id: usage === 'internal' || usage === 'view' ? 1 : false,
      },
      { id },
    );
  };
  location(1, 'Physical Locations', 'view', false);
  location(2, 'Partners', 'view', false);
  location(3, 'Virtual Locations', 'view', false);
  location(4, 'Vendors', 'supplier', 2);
  location(5, 'Customers', 'customer', 2);
  location(6, 'Inter-company transit', 'transit', 1);
  location(7, 'WH', 'view', 1);
  location(8, 'Stock', 'internal', 7);
  location(14, 'Inventory adjustment', 'inventory', 3);
  location(15, 'Scrap', 'inventory', 3);
  env.model('stock.warehouse').createRaw(
    {
      name: 'YourCompany',
      code: 'WH',
      active: true,
      company_id: 1,
      partner_id: 1,
      view_location_id: 7,
      lot_stock_id: 8,
      in_type_id: 1,
      out_type_id: 2,
      reception_steps: 'one_step',
      delivery_steps: 'ship_only',
      sequence: 10,
    },
    { id: 1 },
  );
  const types = env.model('stock.picking.type');
  types.createRaw(
    {
      name: 'Receipts',
      code: 'incoming',
      sequence_code: 'IN',
      sequence_prefix: 'WH/IN/',
      warehouse_id: 1,
      default_location_src_id: 4,
      default_location_dest_id: 8,
      return_picking_type_id: 2,
      company_id: 1,
      active: true,
      sequence: 1,
    },
    { id: 1 },
  );
  types.createRaw(
    {
      name: 'Delivery Orders',
      code: 'outgoing',
      sequence_code: 'OUT',
      sequence_prefix: 'WH/OUT/',
      warehouse_id: 1,
      default_location_src_id: 8,
      default_location_dest_id: 5,
      return_picking_type_id: 1,
      company_id: 1,
      active: true,
      sequence: 2,
    },
    { id: 2 },
  );
}

/**
 * Odoo's demo database has a second company, Chicago, with its own warehouse; the admin works in both. A call
 * without a company context reads both companies' records.
 */
function seedSecondCompany(env: Env): void {
  const partner = env.model('res.partner').createRaw({
    name: 'My Company (Chicago)',
    is_company: true,
    type: 'contact',
    active: true,
    email: 'chicago@yourcompany.com',
    street: '90 Streets Avenue',
    city: 'Chicago',
    zip: '60610',
    country_id: env.model('res.partner').browse(1).country_id,
    lang: 'en_US',
  });
  env.model('res.company').createRaw(
    {
      name: 'My Company (Chicago)',
      sequence: 10,
      partner_id: partner,
      currency_id: 1,
      country_id: env.model('res.partner').browse(1).country_id,
      tax_calculation_rounding_method: defaultTaxRounding(env.version),
    },
    { id: 2 },
  );
  const users = env.model('res.users');
  users.writeOne(users.browse(2), { company_ids: [1, 2] });
  const locations = env.model('stock.location');
  const view = locations.createRaw({ name: 'CHIC1', usage: 'view', location_id: 1, active: true, company_id: 2 });
  const stock = locations.createRaw({
    name: 'Stock',
    usage: 'internal',
    location_id: view,
    active: true,
    company_id: 2,
  });
  const types = env.model('stock.picking.type');
  const common = { warehouse_id: 2, company_id: 2, active: true };
  const receipts = types.createRaw({
    ...common,
    name: 'Receipts',
    code: 'incoming',
    sequence_code: 'IN',
    sequence_prefix: 'CHIC1/IN/',
    default_location_src_id: 4,
    default_location_dest_id: stock,
    sequence: 1,
  });
  const deliveries = types.createRaw({
    ...common,
    name: 'Delivery Orders',
    code: 'outgoing',
    sequence_code: 'OUT',
    sequence_prefix: 'CHIC1/OUT/',
    default_location_src_id: stock,
    default_location_dest_id: 5,
    return_picking_type_id: receipts,
    sequence: 2,
  });
  types.writeOne(types.browse(receipts), { return_picking_type_id: deliveries });
  env.model('stock.warehouse').createRaw(
    {
      name: 'Chicago1',
      code: 'CHIC1',
      active: true,
      company_id: 2,
      partner_id: partner,
      view_location_id: view,
      lot_stock_id: stock,
      in_type_id: receipts,
      out_type_id: deliveries,
      reception_steps: 'one_step',
      delivery_steps: 'ship_only',
      sequence: 20,
    },
    { id: 2 },
  );
}

function seedCustomers(env: Env, ids: { countryByCode: Map<string, number>; stateByCode: Map<string, number> }): void {
  const partners = env.model('res.partner');
  const us = ids.countryByCode.get('US');
  const state = (code: string): number | false => ids.stateByCode.get(code) ?? false;
  const company = (
    name: string,
    email: string,
    phone: string,
    street: string,
    city: string,
    zip: string,
    stateCode: string,
    vat: string | false,
  ): number =>
    partners.createRaw({
      name,
      is_company: true,
      type: 'contact',
      active: true,
      email,
      phone,
      street,
      city,
      zip,
      state_id: state(stateCode),
      country_id: ids.countryByCode.get(stateCode.slice(0, 2)) ?? us,
      vat,
      lang: 'en_US',
    });
  const contact = (parent: number, name: string, email: string, phone: string | false): number => {
    const parentRec = partners.browse(parent);
    return partners.createRaw({
      name,
      parent_id: parent,
      type: 'contact',
      active: true,
      email,
      phone,
      street: parentRec.street,
      city: parentRec.city,
      zip: parentRec.zip,
      state_id: parentRec.state_id,
      country_id: parentRec.country_id,
      vat: parentRec.vat,
      lang: 'en_US',
    });
  };
  const azure = company(
    'Azure Interior',
    'azure.Interior24@example.com',
    '(870)-931-0505',
    '4557 De Silva St',
    'Fremont',
    '94538',
    'US-CA',
    'US12345677',
  );
  contact(azure, 'Brandon Freeman', 'brandon.freeman55@example.com', '(355)-687-3262');
  contact(azure, 'Colleen Diaz', 'colleen.diaz83@example.com', '(255)-595-8393');
  const deco = company(
    'Deco Addict',
    'deco_addict@example.com',
    '(603)-996-3829',
    '77 Santa Barbara Rd',
    'Pleasant Hill',
    '94523',
    'US-CA',
    'US12345673',
  );
  contact(deco, 'Addison Olson', 'addison.olson28@example.com', '(223)-399-7637');
  const gemini = company(
    'Gemini Furniture',
    'gemini.furniture39@example.com',
    '(941)-284-4875',
    '317 Fairchild Dr',
    'Fairfield',
    '94535',
    'US-CA',
    'US12345674',
  );
  contact(gemini, 'Edwin Hansen', 'edwin.hansen58@example.com', '(943)-352-2555');
  company(
    'Wood Corner',
    'wood.corner26@example.com',
    '(623)-853-7197',
    '1839 Arbor Way',
    'Turlock',
    '95380',
    'US-CA',
    'US12345678',
  );
  company(
    'Lumber Inc',
    'lumber-inv92@example.com',
    '(828)-316-0593',
    '1337 N San Joaquin St',
    'Stockton',
    '95202',
    'US-CA',
    false,
  );
  company(
    'Ready Mat',
    'ready.mat28@example.com',
    '(803)-873-6126',
    '7500 W Linne Road',
    'Tracy',
    '95304',
    'US-CA',
    false,
  );
  company(
    'Northwind Outfitters',
    'orders@northwind.example.com',
    '+1 206 555 0142',
    '500 Pine St',
    'Seattle',
    '98101',
    'US-WA',
    'US55500142',
  );
  company(
    'Maple Leaf Goods',
    'hello@mapleleaf.example.ca',
    '+1 416 555 0199',
    '100 King St W',
    'Toronto',
    'M5X 1A9',
    'CA-ON',
    false,
  );
  company(
    'Kangaroo Supplies',
    'sales@kangaroo.example.au',
    '+61 2 5550 1234',
    '1 Martin Pl',
    'Sydney',
    '2000',
    'AU-NSW',
    false,
  );
}

function ensureCategory(env: Env, cache: Map<string, number>, path: string): number {
  const existing = cache.get(path);
  if (existing) return existing;
  const categories = env.model('product.category');
  const parts = path.split('/');
  const parentPath = parts.slice(0, -1).join('/');
  const parent = parentPath ? ensureCategory(env, cache, parentPath) : false;
  const id = categories.createRaw({
    name: parts.at(-1),
    parent_id: parent,
    property_valuation: 'manual_periodic',
    property_cost_method: 'standard',
  });
  cache.set(path, id);
  return id;
}

interface ProductSeed {
  name: string;
  code: string | false;
  barcode?: string | false;
  price: number;
  cost?: number;
  category: number;
  type: 'product' | 'consu' | 'service';
  onHand?: number;
  weight?: number;
  /** Sold or bought (default true); Odoo's delivery products are neither. */
  saleOk?: boolean;
  purchaseOk?: boolean;
  variants?: { code: string; attributes: string; priceExtra: number; onHand: number; barcode?: string }[];
}

function createProduct(env: Env, seed: ProductSeed): number[] {
  const templates = env.model('product.template');
  const products = env.model('product.product');
  const quants = env.model('stock.quant');
  const templateId = templates.createRaw(
    {
      name: seed.name,
      list_price: seed.price,
      standard_price: seed.cost ?? Math.round(seed.price * 55) / 100,
      categ_id: seed.category,
      type: seed.type,
      uom_id: 1,
      uom_po_id: 1,
      sale_ok: seed.saleOk ?? true,
      purchase_ok: seed.purchaseOk ?? true,
      active: true,
      invoice_policy: seed.type === 'service' ? 'order' : 'delivery',
      taxes_id: seed.type === 'service' ? [] : [1],
      company_id: false,
      weight: seed.weight ?? 0,
      tracking: 'none',
      sale_line_warn: 'no-message',
      purchase_line_warn: 'no-message',
    },
    { skipVariant: true },
  );
  const variants = seed.variants ?? [
    {
      code: seed.code || '',
      attributes: '',
      priceExtra: 0,
      onHand: seed.onHand ?? 0,
      barcode: seed.barcode || undefined,
    },
  ];
  const ids: number[] = [];
  for (const variant of variants) {
    const id = products.createRaw({
      product_tmpl_id: templateId,
      default_code: variant.code || false,
      barcode: variant.barcode ?? false,
      active: true,
      weight: seed.weight ?? 0,
    });
    const rec = products.browse(id);
    if (variant.attributes) rec.__attributes = variant.attributes;
    if (variant.priceExtra) rec.__price_extra = variant.priceExtra;
    if (seed.type === 'product' && variant.onHand > 0) {
      quants.createRaw({
        product_id: id,
        location_id: 8,
        quantity: variant.onHand,
        inventory_quantity: 0,
        inventory_quantity_set: false,
        in_date: rec.create_date,
        company_id: 1,
      });
    }
    ids.push(id);
  }
  return ids;
}

/**
 * The demo's product categories. Up to 18 they hang under the root "All" (office furniture in All / Saleable /
 * Office Furniture); 19 has no root: Goods, Expenses, Services, Furniture / Office, Deliveries... The sandbox's own
 * products go under All (17, 18) or Goods (19).
 */
function seedCategories(env: Env, cache: Map<string, number>) {
  if (env.version >= 19) {
    ensureCategory(env, cache, 'Goods');
    ensureCategory(env, cache, 'Expenses');
    const services = ensureCategory(env, cache, 'Services');
    const furniture = ensureCategory(env, cache, 'Furniture/Office');
    ensureCategory(env, cache, 'Furniture/Outdoor');
    ensureCategory(env, cache, 'Home Construction');
    const deliveries = ensureCategory(env, cache, 'Deliveries');
    return { root: 'Goods', services, furniture, deliveries };
  }
  const all = ensureCategory(env, cache, 'All');
  ensureCategory(env, cache, 'All/Saleable');
  const furniture = ensureCategory(env, cache, 'All/Saleable/Office Furniture');
  const deliveries = ensureCategory(env, cache, 'All/Deliveries');
  return { root: 'All', services: all, furniture, deliveries };
}

function seedProducts(env: Env, count: number): void {
  const cache = new Map<string, number>();
  const { root, services, furniture, deliveries } = seedCategories(env, cache);

  // Products the recorded fixtures use, by SKU (an Odoo with demo data has them).
  createProduct(env, {
    name: 'Large Cabinet',
    code: 'E-COM07',
    price: 320,
    cost: 800,
    category: furniture,
    type: 'product',
    onHand: 250,
    weight: 40,
  });
  createProduct(env, {
    name: 'Large Desk',
    code: 'E-COM09',
    price: 1799,
    cost: 1299,
    category: furniture,
    type: 'product',
    onHand: 0,
    weight: 60,
  });
  createProduct(env, {
    name: 'Pedal Bin',
    code: 'E-COM10',
    price: 47,
    cost: 10,
    category: furniture,
    type: 'product',
    onHand: 25,
    weight: 2,
  });
  createProduct(env, {
    name: 'Cabinet with Doors',
    code: 'E-COM11',
    price: 140,
    cost: 120.5,
    category: furniture,
    type: 'product',
    onHand: 80,
    weight: 25,
  });
  createProduct(env, {
    name: 'Office Chair Black',
    code: 'E-COM12',
    price: 120.5,
    cost: 180,
    category: furniture,
    type: 'product',
    onHand: 40,
    weight: 12,
  });
  createProduct(env, {
    name: 'Customizable Desk',
    code: false,
    price: 750,
    category: furniture,
    type: 'product',
    weight: 30,
    variants: [
      { code: 'DESK0005', attributes: 'Steel, White', priceExtra: 0, onHand: 65 },
      { code: 'DESK0006', attributes: 'Steel, Black', priceExtra: 0, onHand: 70 },
      { code: 'DESK0007', attributes: 'Aluminium, White', priceExtra: 50, onHand: 30 },
    ],
  });
  createProduct(env, {
    name: 'Studio Tee',
    code: false,
    price: 25,
    category: ensureCategory(env, cache, `${root}/Apparel/Shirts`),
    type: 'product',
    weight: 0.2,
    variants: [
      { code: 'TEE-S', attributes: 'S', priceExtra: 0, onHand: 30, barcode: '4000000900018' },
      { code: 'TEE-M', attributes: 'M', priceExtra: 0, onHand: 30, barcode: '4000000900025' },
      { code: 'TEE-L', attributes: 'L', priceExtra: 2, onHand: 30, barcode: '4000000900032' },
    ],
  });
  createProduct(env, { name: 'Gift Wrapping', code: 'SVC-WRAP', price: 4.5, category: services, type: 'service' });

  for (const product of seedCatalog(count)) {
    createProduct(env, {
      name: product.name,
      code: product.sku,
      barcode: product.barcode,
      price: product.listPrice,
      category: ensureCategory(env, cache, `${root}/${product.category}`),
      type: 'product',
      onHand: product.onHand,
      weight: product.weight,
    });
  }

  // Odoo's shipping methods, as a real Odoo 17 with demo data has them (with their xml ids): none is named like a
  // store's carriers (UPS, FedEx, DHL); their products are not for sale on their own (`sale_ok` false).
  const carriers = env.model('delivery.carrier');
  const xmlIds = env.model('ir.model.data');
  for (const [name, code, price, type, sequence, carrierXmlId, productXmlId] of [
    ['Standard delivery', 'Delivery_007', 0, 'fixed', 1, 'free_delivery_carrier', 'product_product_delivery'],
    ['The Poste', 'Delivery_009', 20, 'base_on_rule', 2, 'delivery_carrier', 'product_product_delivery_poste'],
    ['Local Delivery', 'Delivery_010', 5, 'fixed', 4, 'delivery_local_delivery', 'product_product_local_delivery'],
  ] as const) {
    const [productId] = createProduct(env, {
      name,
      code,
      price,
      category: deliveries,
      type: 'service',
      saleOk: false,
      purchaseOk: false,
    });
    const id = carriers.createRaw({
      name,
      product_id: productId,
      delivery_type: type,
      fixed_price: price,
      active: true,
      invoice_policy: 'estimated',
      integration_level: 'rate',
      sequence,
      company_id: false,
    });
    xmlIds.createRaw({ module: 'delivery', name: carrierXmlId, model: 'delivery.carrier', res_id: id, noupdate: true });
    xmlIds.createRaw({
      module: 'delivery',
      name: productXmlId,
      model: 'product.product',
      res_id: productId,
      noupdate: true,
    });
  }
}
