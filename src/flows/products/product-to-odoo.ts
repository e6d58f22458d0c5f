// product-to-odoo: a Clarity product created or changed → the fields Clarity owns (description, SEO, and whatever the
// configuration gives it) written to the Odoo template, on the lane `integration:product:<SKU>`. A Clarity edit of a
// field Odoo owns (price, SKU) is not written to Odoo: the flow writes Odoo's value back to Clarity ("corrected").
import type { Product, ProductInput } from '../../connectors/clarity/contract.ts';
import { laneKey } from '../../core/ids.ts';
import type { JobResult } from '../../engine/handler.ts';
import type { OdooRecord } from '../../connectors/odoo/index.ts';
import { defineFlow, type FlowContext } from '../flow.ts';
import { ownershipFor, type Ownership } from '../ownership.ts';
import { recordConflicts } from '../sync/conflicts.ts';
import { groupIndex, planMerge, sameValue } from '../sync/field-merge.ts';
import { ensureOdooCategories, odooCategoryPath } from './categories.ts';
import { catalogDomain, templatesInCatalog } from './catalog-scope.ts';
import { findTemplateId } from './odoo-product.ts';
import { productOptions } from './options.ts';
import { PRODUCT_ENTITY, PRODUCT_TO_CLARITY } from './push-to-clarity.ts';

export const PRODUCT_TO_ODOO_FLOW = 'product-to-odoo';
const PRODUCT_TO_ODOO = 'product.clarity-to-odoo';

/** Clarity's values of the fields Odoo owns that differ from what the bridge wrote there: to be put back. */
async function corrections(
  ctx: FlowContext,
  product: Product,
  snapshot: Record<string, unknown> | null | undefined,
  ownership: Ownership,
): Promise<Record<string, unknown>> {
  if (!snapshot) return {};
  const groups = (await ctx.integration.mapping(PRODUCT_TO_CLARITY)).fieldGroups();
  const out: Record<string, unknown> = {};
  for (const [group, labels] of Object.entries(groups)) {
    if (ownership.owner(group) !== 'odoo') continue;
    for (const field of labels) {
      if (field === 'CustomKey' || !(field in snapshot)) continue;
      if (!sameValue((product as unknown as Record<string, unknown>)[field], snapshot[field]))
        out[field] = snapshot[field];
    }
  }
  return out;
}

export const productToOdoo = defineFlow({
  name: PRODUCT_TO_ODOO_FLOW,
  description:
    'Clarity products → Odoo: storefront-owned fields back (description, SEO); Odoo-owned fields corrected back in Clarity',
  connectors: ['odoo', 'clarity'],
  on: ['clarity:product.created', 'clarity:product.updated'],
  options: {
    keys: ['createInOdoo', 'createCategories', 'categoryRoot'],
    check: (options) => void productOptions(options),
  },
  polls: { clarity: ['products'] },
  route(event) {
    return {
      lane: laneKey(event.integrationId, 'product', event.entityId),
      recordKey: `clarity:product:${event.entityId}`,
      version: event.version,
    };
  },
  async run(ctx: FlowContext): Promise<JobResult> {
    const { integration, services } = ctx;
    const key = String(ctx.event?.entityId ?? '');
    const ownership = ownershipFor(integration.settings, PRODUCT_TO_ODOO_FLOW);
    const options = productOptions(ctx.options);
    const product = await ctx.step('read Clarity product', () => integration.clarity.products.findByKey(key));
    if (!product) {
      ctx.note('skipped', { note: `Clarity product ${key} no longer exists` });
      return { outcome: 'noop' };
    }
    const { client } = integration.odoo;
    const version = (await client.connect()).version;
    const binding = await services.repos.bindings.byClarityKey(integration.id, PRODUCT_ENTITY, key);
    const mapping = await integration.mapping(PRODUCT_TO_ODOO);
    const templateId = binding?.odooId ?? (await ctx.step('find Odoo product', () => findTemplateId(client, key)));

    if (templateId === undefined || templateId === null) {
      if (!options.createInOdoo) {
        ctx.note('skipped', {
          note: `no Odoo product has the SKU ${key}; products are made in Odoo (set flows.${PRODUCT_TO_ODOO_FLOW}.createInOdoo to make them from Clarity)`,
        });
        return { outcome: 'noop' };
      }
      // Clarity's category paths leave Odoo's root out
      const source = {
        ...product,
        CategoryKeys: (product.CategoryKeys ?? []).map((path) => odooCategoryPath(path, options.categoryRoot)),
      };
      if (options.createCategories && source.CategoryKeys.length) {
        await ctx.step(
          'ensure Odoo categories',
          () => ensureOdooCategories(integration, services.withLock, source.CategoryKeys.slice(0, 1)),
          { request: source.CategoryKeys.slice(0, 1) },
        );
      }
      const lookups = await mapping.resolve([source], integration.resolver, { version });
      const { values } = await mapping.apply(source, { version, lookups, mode: 'create' });
      const id = await ctx.step('create Odoo product', () => client.create('product.template', values, { raw: true }), {
        request: values,
      });
      return {
        outcome: 'applied',
        effects: (tx) =>
          services.repos.bindings.upsert(
            {
              integrationId: integration.id,
              entity: PRODUCT_ENTITY,
              clarityKey: key,
              odooId: id,
              odooSnapshot: values,
            },
            services.clock.now(),
            tx,
          ),
      };
    }

    const lookups = await mapping.resolve([product], integration.resolver, { version });
    const { values: mapped } = await mapping.apply(product, {
      version,
      lookups,
      mode: 'update',
      skipGroups: ownership.skipGroupsWriting('odoo'),
    });
    const fields = [...new Set([...Object.keys(mapped), ...Object.keys(binding?.odooSnapshot ?? {})])];
    const [current] = await ctx.step('read Odoo product', () =>
      client.read<OdooRecord>('product.template', [templateId], [...fields, 'write_date'], {
        raw: true,
        context: { active_test: false },
      }),
    );
    if (!current) {
      ctx.note('skipped', { note: `Odoo product.template ${templateId} no longer exists` });
      return { outcome: 'noop' };
    }
    // a product out of the catalog is inactive in the store because the bridge withdrew it: not a reason to archive it
    if (mapped.active === false && current.active !== false) {
      const catalog = await ctx.step('check catalog domain', () =>
        templatesInCatalog(client, catalogDomain(integration.settings), [templateId]),
      );
      if (!catalog.has(templateId)) {
        delete mapped.active;
        ctx.note('kept active', {
          note: `${key} is inactive in the store because it is outside the catalog; Odoo's product stays active`,
        });
      }
    }
    const plan = planMerge({
      mapped,
      current,
      snapshot: binding?.odooSnapshot,
      source: 'clarity',
      ownership,
      groupOf: groupIndex(mapping.fieldGroups()),
      sourceStamp: product.UpdatedDate,
      targetStamp: String(current.write_date ?? ''),
    });
    await recordConflicts(
      services.repos,
      {
        integrationId: integration.id,
        entity: PRODUCT_ENTITY,
        key,
        direction: 'clarity→odoo',
        conflicts: plan.conflicts,
        note: (n, d) => ctx.note(n, d),
      },
      services.clock.now(),
    );
    const changed = Object.keys(plan.changes).length > 0;
    if (changed)
      await ctx.step(
        'write Odoo product',
        () => client.write('product.template', [templateId], plan.changes, { raw: true }),
        { request: plan.changes },
      );

    const fix = await corrections(ctx, product, binding?.claritySnapshot, ownership);
    if (Object.keys(fix).length) {
      await ctx.step(
        'correct Clarity product',
        () => integration.clarity.products.update(product.ID, fix as Partial<ProductInput>),
        { request: fix },
      );
      ctx.note('corrected', {
        note: `Clarity changed ${Object.keys(fix).join(', ')}, which Odoo owns: Odoo's values were written back`,
      });
    }
    const odooSnapshot = { ...binding?.odooSnapshot, ...plan.snapshot };
    // our own write to Clarity coming back: Clarity holds what we wrote and has nothing new for Odoo
    const echo =
      !changed &&
      !Object.keys(fix).length &&
      !!binding?.claritySnapshot &&
      Object.keys(binding.claritySnapshot).every((f) =>
        sameValue((product as unknown as Record<string, unknown>)[f], binding.claritySnapshot![f]),
      );
    const outcome = changed || Object.keys(fix).length ? 'applied' : echo ? 'echo' : 'noop';
    return {
      outcome,
      effects: (tx) =>
        services.repos.bindings.upsert(
          { integrationId: integration.id, entity: PRODUCT_ENTITY, clarityKey: key, odooId: templateId, odooSnapshot },
          services.clock.now(),
          tx,
        ),
    };
  },
});
