// Reading an Odoo product as the product mappings want it: the template, its variants expanded with their attribute
// values, and the key the product has on both sides (the SKU; a template with several variants has none in Odoo,
// so it is known as `odoo-template-<id>` in Clarity and on its lane, and a variant without an Internal Reference
// as `odoo-variant-<id>`: the store's order lines and the shipments name them so).
import { m2oId, type OdooClient, type OdooRecord } from '../../connectors/odoo/index.ts';

export const TEMPLATE_FIELDS = [
  'name',
  'default_code',
  'barcode',
  'description_sale',
  'list_price',
  'weight',
  'categ_id',
  'active',
  'product_variant_count',
  'product_variant_ids',
  'write_date',
];
export const VARIANT_FIELDS = [
  'default_code',
  'name',
  'display_name',
  'barcode',
  'lst_price',
  'product_template_attribute_value_ids',
  'active',
  'product_tmpl_id',
];

const TEMPLATE_KEY = /^odoo-template-(\d+)$/;
const VARIANT_KEY = /^odoo-variant-(\d+)$/;

/** The product's key on both sides (Clarity CustomKey, lane). */
export function productKey(template: { id: number; default_code?: unknown; product_variant_count?: unknown }): string {
  const code = typeof template.default_code === 'string' ? template.default_code.trim() : '';
  return code && Number(template.product_variant_count ?? 1) <= 1 ? code : `odoo-template-${template.id}`;
}

/** A variant's key in the store: its Internal Reference, else `odoo-variant-<id>`. */
export function variantKey(variant: { id: number; default_code?: unknown }): string {
  const code = typeof variant.default_code === 'string' ? variant.default_code.trim() : '';
  return code || `odoo-variant-${variant.id}`;
}

/** The product.product id a key made by `variantKey` names, when it is one of the `odoo-variant-<id>` kind. */
export function variantIdOfKey(key: string): number | undefined {
  const match = VARIANT_KEY.exec(key);
  return match ? Number(match[1]) : undefined;
}

/** The template id a key made by `productKey` names, when it is one of the `odoo-template-<id>` kind. */
export function templateIdOfKey(key: string): number | undefined {
  const match = TEMPLATE_KEY.exec(key);
  return match ? Number(match[1]) : undefined;
}

/**
 * A variant's attribute values as the variant mapping reads them ({attribute_id: [id, name], name}): from
 * product.template.attribute.value when the server has them, else from the "(Steel, White)" of the display name.
 */
async function attributeValues(
  client: OdooClient,
  variants: OdooRecord[],
): Promise<Map<number, { attribute_id: [number, string]; name: string }[]>> {
  const ids = [
    ...new Set(
      variants.flatMap((v) =>
        Array.isArray(v.product_template_attribute_value_ids)
          ? (v.product_template_attribute_value_ids as number[])
          : [],
      ),
    ),
  ];
  const byId = new Map<number, { attribute_id: [number, string]; name: string }>();
  if (ids.length) {
    const records = await client.read('product.template.attribute.value', ids, ['name', 'attribute_id']);
    for (const r of records) {
      const attribute = Array.isArray(r.attribute_id)
        ? (r.attribute_id as [number, string])
        : ([0, 'Attribute'] as [number, string]);
      byId.set(r.id, { attribute_id: attribute, name: String(r.name) });
    }
  }
  const out = new Map<number, { attribute_id: [number, string]; name: string }[]>();
  for (const v of variants) {
    const own = (
      Array.isArray(v.product_template_attribute_value_ids) ? (v.product_template_attribute_value_ids as number[]) : []
    )
      .map((id) => byId.get(id))
      .filter((x) => x !== undefined);
    if (own.length) {
      out.set(v.id, own);
      continue;
    }
    const match = /\(([^()]*)\)\s*$/.exec(String(v.display_name ?? ''));
    const parts = match
      ? match[1]!
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean)
      : [];
    out.set(
      v.id,
      parts.map((name, i) => ({
        attribute_id: [i + 1, i === 0 ? 'Option' : `Option ${i + 1}`] as [number, string],
        name,
      })),
    );
  }
  return out;
}

/** Templates with their variants expanded (only for templates with more than one), in the order given. */
export async function readTemplates(client: OdooClient, ids: readonly number[]): Promise<OdooRecord[]> {
  const templates = await client.read('product.template', ids, TEMPLATE_FIELDS, { context: { active_test: false } });
  return expandVariants(client, templates);
}

export async function expandVariants(client: OdooClient, templates: OdooRecord[]): Promise<OdooRecord[]> {
  const multi = templates.filter((t) => Number(t.product_variant_count) > 1);
  if (!multi.length) return templates.map((t) => ({ ...t, default_code: productKey(t) }));
  const variantIds = multi.flatMap((t) =>
    Array.isArray(t.product_variant_ids) ? (t.product_variant_ids as number[]) : [],
  );
  const variants = await client.read('product.product', variantIds, VARIANT_FIELDS);
  const attributes = await attributeValues(client, variants);
  const byTemplate = new Map<number, OdooRecord[]>();
  for (const v of variants) {
    const templateId = m2oId(v.product_tmpl_id);
    if (templateId === undefined) continue;
    const list = byTemplate.get(templateId) ?? [];
    list.push({ ...v, default_code: variantKey(v), product_template_attribute_value_ids: attributes.get(v.id) ?? [] });
    byTemplate.set(templateId, list);
  }
  // a template with one variant keeps its variant's id (the mappings expand only templates with several)
  return templates.map((t) => ({
    ...t,
    default_code: productKey(t),
    product_variant_ids: byTemplate.get(t.id) ?? t.product_variant_ids ?? [],
  }));
}

/** The product.product ids of a template read by `readTemplates` (its variants expanded or not). */
export function variantIdsOf(template: OdooRecord): number[] {
  const variants = Array.isArray(template.product_variant_ids) ? (template.product_variant_ids as unknown[]) : [];
  return variants
    .map((v) => (typeof v === 'number' ? v : (v as OdooRecord).id))
    .filter((id): id is number => typeof id === 'number');
}

/** The template id of a product key: `odoo-template-<id>`, else the template of the variant with that SKU. */
export async function findTemplateId(client: OdooClient, key: string): Promise<number | undefined> {
  const fromKey = templateIdOfKey(key);
  if (fromKey !== undefined) return fromKey;
  const [variant] = await client.searchRead('product.product', {
    domain: [['default_code', '=', key]],
    fields: ['product_tmpl_id'],
    limit: 1,
    context: { active_test: false },
  });
  return variant ? m2oId(variant.product_tmpl_id) : undefined;
}

/** A category path as Clarity keys it: `All / Apparel / Shirts` → `Apparel/Shirts` (the root left out). */
export function clarityCategoryPath(odooPath: string, root = 'All'): string {
  const parts = odooPath
    .split('/')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length > 1 && parts[0] === root) parts.shift();
  return parts.join('/');
}
