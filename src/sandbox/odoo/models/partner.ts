// res.partner: companies, their contacts and delivery/invoice addresses. A contact-type child shares its
// parent's address and every child its commercial partner's VAT, kept in step both at create and on change
// (fixture 07); a child's display name is "Parent, Child".
import type { Env } from '../env.ts';
import type { Kwargs, ModelSpec, Raw } from '../model-spec.ts';
import { OdooError, validationError } from '../odoo-errors.ts';

const ADDRESS_FIELDS = ['street', 'street2', 'city', 'zip', 'state_id', 'country_id'] as const;
const COMMERCIAL_FIELDS = ['vat'] as const;

function partnerDisplayName(rec: Raw, env: Env): string {
  const name = typeof rec.name === 'string' ? rec.name : '';
  const parentId = rec.parent_id;
  if (typeof parentId === 'number' && !rec.is_company) {
    const partners = env.model('res.partner');
    const parent = partners.get(parentId);
    if (parent) {
      const parentName = partners.displayName(parent);
      if (name) return `${parentName}, ${name}`;
      const label =
        { invoice: 'Invoice Address', delivery: 'Delivery Address', other: 'Other Address' }[String(rec.type)] ?? '';
      return label ? `${parentName}, ${label}` : parentName;
    }
  }
  return name;
}

function commercialPartnerId(rec: Raw, env: Env): number {
  let current = rec;
  const partners = env.model('res.partner');
  for (let depth = 0; depth < 20; depth++) {
    if (current.is_company || typeof current.parent_id !== 'number') return current.id;
    const parent = partners.get(current.parent_id);
    if (!parent) return current.id;
    current = parent;
  }
  return current.id;
}

/** Copy the parent's address to a contact-type child, and the commercial fields to every child. */
function syncFromParent(env: Env, rec: Raw, vals: Kwargs): void {
  const partners = env.model('res.partner');
  if (typeof rec.parent_id !== 'number') return;
  const parent = partners.get(rec.parent_id);
  if (!parent) return;
  const update: Kwargs = {};
  const givesAddress = ADDRESS_FIELDS.some((field) => vals[field]);
  if ((rec.type ?? 'contact') === 'contact' && !givesAddress)
    for (const field of ADDRESS_FIELDS) update[field] = parent[field] ?? false;
  const commercial = partners.get(commercialPartnerId(rec, env));
  if (commercial && commercial.id !== rec.id)
    for (const field of COMMERCIAL_FIELDS) update[field] = commercial[field] ?? false;
  Object.assign(rec, update);
}

/** After a parent changes, push its address to its contact children and its VAT to all descendants. */
function syncToChildren(env: Env, rec: Raw, vals: Kwargs): void {
  const partners = env.model('res.partner');
  const addressChanged = ADDRESS_FIELDS.some((field) => field in vals);
  const commercialChanged = COMMERCIAL_FIELDS.some((field) => field in vals);
  if (!addressChanged && !commercialChanged) return;
  for (const childId of partners.idsWhere('parent_id', rec.id)) {
    const child = partners.browse(childId);
    const update: Kwargs = {};
    if (addressChanged && (child.type ?? 'contact') === 'contact')
      for (const field of ADDRESS_FIELDS) update[field] = rec[field] ?? false;
    if (commercialChanged) for (const field of COMMERCIAL_FIELDS) update[field] = rec[field] ?? false;
    if (Object.keys(update).length) partners.writeOne(child, update);
  }
}

export const resPartner: ModelSpec = {
  name: 'res.partner',
  description: 'Contact',
  order: 'complete_name ASC, id DESC',
  inverses: { child_ids: 'parent_id', user_ids: 'partner_id', sale_order_ids: 'partner_id', invoice_ids: 'partner_id' },
  indexes: ['parent_id'],
  defaults: (_env, vals) => ({
    active: true,
    type: 'contact',
    is_company: false,
    lang: 'en_US',
    company_type: vals.is_company ? 'company' : 'person',
  }),
  displayName: partnerDisplayName,
  computed: () => ({
    commercial_partner_id: { get: (rec, env) => commercialPartnerId(rec, env) },
    complete_name: { get: (rec, env) => partnerDisplayName(rec, env) },
    company_type: {
      get: (rec) => (rec.is_company ? 'company' : 'person'),
      set: (rec, value) => {
        rec.is_company = value === 'company';
      },
    },
    property_product_pricelist: {
      get: (rec, env) => {
        const own =
          rec.property_product_pricelist ??
          env.model('res.partner').get(commercialPartnerId(rec, env))?.property_product_pricelist;
        if (typeof own === 'number') return own;
        // the first pricelist the company sees (none while pricelists are off, as on a fresh Odoo)
        return env.model('product.pricelist').search([], { limit: 1 })[0] ?? false;
      },
      set: (rec, value) => {
        rec.property_product_pricelist = value;
      },
    },
    sale_order_count: { get: (rec, env) => env.model('sale.order').idsWhere('partner_id', rec.id).length },
  }),
  createOverride: (_env, _model, vals) => {
    // Odoo refuses a partner without a name unless it is an address of a parent.
    const isAddress = typeof vals.parent_id === 'number' && vals.type !== undefined && vals.type !== 'contact';
    if (!vals.name && !isAddress) throw validationError('Contacts require a name');
    return undefined;
  },
  methods: {
    write: (env, model, ids, kw) => {
      const vals = (kw.vals ?? {}) as Kwargs;
      // 19's write reads each field's old value first (`partner[fname]`): an unknown name fails there, as a KeyError
      const unknown = Object.keys(vals).find((name) => !(name in model.fields));
      if (env.version >= 19 && ids.length && unknown !== undefined)
        throw new OdooError('builtins.KeyError', unknown, 500);
      return model.write(ids, vals);
    },
  },
  afterCreate: (env, rec, vals) => syncFromParent(env, rec, vals),
  afterWrite: (env, rec, vals) => {
    if ('parent_id' in vals) syncFromParent(env, rec, vals);
    syncToChildren(env, rec, vals);
  },
};
