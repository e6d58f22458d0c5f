// Odoo product → Clarity product, for one template or a page of them: map, merge with what Clarity holds and what
// the bridge last wrote (field-merge.ts), then create or write only the fields that differ. Used by the
// product-to-clarity flow (one product per job) and by the full sync (a page at a time).
import { contentHash } from '../../core/ids.ts';
import { mapLimit } from '../../core/map-limit.ts';
import { idempotencyKey } from '../../connectors/clarity/client.ts';
import type { Product, ProductInput } from '../../connectors/clarity/contract.ts';
import type { OdooRecord } from '../../connectors/odoo/index.ts';
import type { Binding, BindingWrite } from '../../store/bindings.repo.ts';
import type { IntegrationRuntime } from '../flow.ts';
import type { Ownership } from '../ownership.ts';
import { groupIndex, planMerge, type FieldConflict } from '../sync/field-merge.ts';
import { ensureClarityCategories } from './categories.ts';
import { clarityCategoryPath } from './odoo-product.ts';
import type { ProductOptions } from './options.ts';
import { salePrices } from './sale-prices.ts';

export const PRODUCT_ENTITY = 'product';
export const PRODUCT_TO_CLARITY = 'product.odoo-to-clarity';

export interface ProductPushResult {
  key: string;
  templateId: number;
  outcome: 'applied' | 'echo' | 'noop';
  created: boolean;
  /** Outside the catalog or archived: deactivated in the store if it is there, never created. */
  withdrawn: boolean;
  /** The fields written (empty when nothing differed). */
  written: Record<string, unknown>;
  conflicts: FieldConflict[];
  /** The binding to save (none for a withdrawn product the store never had). */
  binding: BindingWrite | undefined;
  clarityId: number | undefined;
}

export interface ProductPushScope {
  integration: IntegrationRuntime;
  ownership: Ownership;
  options: ProductOptions;
  /** Only decide, write nothing (`--dry-run`). */
  dryRun?: boolean;
}

export type MappedProduct = { ok: true; values: Record<string, unknown> } | { ok: false; error: Error };

/** Each template's mapping (or the typed error that record alone raised), category paths as Clarity keys them. */
export async function mapProducts(
  scope: ProductPushScope,
  templates: readonly OdooRecord[],
  mode: 'create' | 'update',
) {
  const { integration, ownership, options } = scope;
  const mapping = await integration.mapping(PRODUCT_TO_CLARITY);
  const version = (await integration.odoo.client.connect()).version;
  const sale = await salePrices(integration, options.salePricelist, templates, Date.now());
  const outcomes = await mapping.applyEach(templates, integration.resolver, {
    version,
    mode,
    ...(mode === 'update' ? { skipGroups: ownership.skipGroupsWriting('clarity') } : {}),
    contextOf: (record) =>
      sale.has((record as OdooRecord).id) ? { salePrice: sale.get((record as OdooRecord).id) } : {},
  });
  return outcomes.map((o): MappedProduct => {
    if (!o.ok) return o;
    const values = { ...o.result.values };
    // without a sale pricelist the bridge has no sale price to say: Clarity's stays as it is
    if (!options.salePricelist && values.SalePrice === null) delete values.SalePrice;
    if (Array.isArray(values.CategoryKeys)) {
      // Odoo's root category is its default, not a place in the store: a product only there has no category to say
      const paths = (values.CategoryKeys as string[])
        .map((p) => clarityCategoryPath(String(p), options.categoryRoot))
        .filter((p) => p && p.toLowerCase() !== options.categoryRoot.toLowerCase());
      if (paths.length) values.CategoryKeys = paths;
      else delete values.CategoryKeys;
    }
    return { ok: true as const, values };
  });
}

/** Whether a template is out of the store's catalog: outside the catalog domain, or archived. */
export function isWithdrawn(template: OdooRecord, catalog: ReadonlySet<number>): boolean {
  return template.active === false || !catalog.has(template.id);
}

/**
 * Pushes templates (variants expanded, `default_code` = the product key) given what Clarity holds for each key
 * (undefined: not there), their bindings and which of them are in the catalog (catalog-scope.ts). One result, or
 * the typed error of that product, per template.
 */
export async function pushProducts(
  scope: ProductPushScope,
  templates: readonly OdooRecord[],
  current: ReadonlyMap<string, Product>,
  bindings: ReadonlyMap<string, Binding>,
  /** The ids of the templates in the catalog domain (templatesInCatalog). */
  catalog: ReadonlySet<number>,
  /** The templates' update-mode mappings, when the caller made them already. */
  mapped?: readonly MappedProduct[],
): Promise<(ProductPushResult | Error)[]> {
  const { integration } = scope;
  const mapping = await integration.mapping(PRODUCT_TO_CLARITY);
  const groupOf = groupIndex(mapping.fieldGroups());
  const updates = mapped ?? (await mapProducts(scope, templates, 'update'));
  const missing = templates.filter((t) => !current.get(String(t.default_code)) && !isWithdrawn(t, catalog));
  const creates = new Map<number, MappedProduct>();
  if (missing.length) (await mapProducts(scope, missing, 'create')).forEach((o, i) => creates.set(missing[i]!.id, o));
  if (scope.options.createCategories && !scope.dryRun) {
    const kept = updates.filter((_, i) => !isWithdrawn(templates[i]!, catalog));
    const paths = [...kept, ...creates.values()].flatMap((o) =>
      o.ok && Array.isArray(o.values.CategoryKeys) ? (o.values.CategoryKeys as string[]) : [],
    );
    await ensureClarityCategories(integration.clarity, integration.id, paths);
  }
  return mapLimit(templates, WRITES_IN_FLIGHT, async (template, i): Promise<ProductPushResult | Error> => {
    const key = String(template.default_code);
    const base = { key, templateId: template.id, conflicts: [] as FieldConflict[], withdrawn: false };
    try {
      const existing = current.get(key);
      const binding = bindings.get(key);
      if (isWithdrawn(template, catalog)) return await withdraw(scope, template, existing, binding);
      if (!existing) {
        const mapped = creates.get(template.id)!;
        if (!mapped.ok) return mapped.error;
        const body = mapped.values as unknown as ProductInput;
        if (scope.dryRun)
          return {
            ...base,
            outcome: 'applied',
            created: true,
            written: mapped.values,
            clarityId: undefined,
            binding: bindingOf(integration.id, key, template.id, mapped.values),
          };
        const { record, created } = await integration.clarity.products.create(body, {
          idempotencyKey: idempotencyKey('product', integration.id, key, contentHash(body).slice(0, 12)),
        });
        if (created)
          return {
            ...base,
            outcome: 'applied',
            created: true,
            written: mapped.values,
            clarityId: record.ID,
            binding: bindingOf(integration.id, key, template.id, mapped.values),
          };
        // it was made meanwhile (or by an earlier attempt): merge with it like any other
        return await mergeInto(scope, template, record, binding, updates[i]!, groupOf);
      }
      return await mergeInto(scope, template, existing, binding, updates[i]!, groupOf);
    } catch (error) {
      return error as Error;
    }
  });
}

/** Writes to Clarity at once per call: enough to keep its connections busy, few enough to keep memory flat. */
const WRITES_IN_FLIGHT = 32;

function bindingOf(
  integrationId: string,
  key: string,
  templateId: number,
  snapshot: Record<string, unknown>,
): BindingWrite {
  return { integrationId, entity: PRODUCT_ENTITY, clarityKey: key, odooId: templateId, claritySnapshot: snapshot };
}

/**
 * A product out of the catalog: deactivated in the store when the store shows it, and nothing else written (its
 * other fields are no longer kept in step); never created. `Active: false` joins the binding's snapshot, so the
 * product coming back into the catalog is activated again.
 */
async function withdraw(
  scope: ProductPushScope,
  template: OdooRecord,
  existing: Product | undefined,
  binding: Binding | undefined,
): Promise<ProductPushResult> {
  const { integration } = scope;
  const key = String(template.default_code);
  const result = { key, templateId: template.id, created: false, withdrawn: true, conflicts: [] };
  if (!existing) return { ...result, outcome: 'noop', written: {}, clarityId: undefined, binding: undefined };
  const snapshot = { ...binding?.claritySnapshot, Active: false };
  const bound = { ...result, clarityId: existing.ID, binding: bindingOf(integration.id, key, template.id, snapshot) };
  if (existing.Active === false) return { ...bound, outcome: 'noop', written: {} };
  const written = { Active: false };
  if (!scope.dryRun) await integration.clarity.products.update(existing.ID, written);
  return { ...bound, outcome: 'applied', written };
}

async function mergeInto(
  scope: ProductPushScope,
  template: OdooRecord,
  existing: Product,
  binding: Binding | undefined,
  mapped: MappedProduct,
  groupOf: (field: string) => string | undefined,
): Promise<ProductPushResult | Error> {
  if (!mapped.ok) return mapped.error;
  const { integration } = scope;
  const key = String(template.default_code);
  const values = { ...mapped.values };
  delete values.CustomKey;
  const plan = planMerge({
    mapped: values,
    current: existing as unknown as Record<string, unknown>,
    snapshot: binding?.claritySnapshot,
    source: 'odoo',
    ownership: scope.ownership,
    groupOf,
    sourceStamp: String(template.write_date ?? ''),
    targetStamp: existing.UpdatedDate,
  });
  const snapshot = { ...binding?.claritySnapshot, ...plan.snapshot };
  const result = {
    key,
    templateId: template.id,
    created: false,
    withdrawn: false,
    conflicts: plan.conflicts,
    clarityId: existing.ID,
    binding: bindingOf(integration.id, key, template.id, snapshot),
  };
  if (!Object.keys(plan.changes).length) {
    // nothing new: our own write coming back (the snapshot already says so), or a change of fields Clarity keeps
    const echo =
      binding?.claritySnapshot !== null &&
      binding?.claritySnapshot !== undefined &&
      Object.keys(plan.snapshot).every((f) => f in binding.claritySnapshot!);
    return { ...result, outcome: echo ? 'echo' : 'noop', written: {} };
  }
  if (!scope.dryRun) await integration.clarity.products.update(existing.ID, plan.changes as Partial<ProductInput>);
  return { ...result, outcome: 'applied', written: plan.changes };
}
