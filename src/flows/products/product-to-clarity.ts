// product-to-clarity: an Odoo product (template or variant) created or changed → the Clarity product, on the lane
// `integration:product:<SKU>`. The job reads the product as it is now (an event is only the hint that it changed),
// so late or repeated events converge on the same state and write nothing the second time. Only products of the
// catalog (for sale, by default) are published; one that leaves it is deactivated in the store (catalog-scope.ts).
import { laneKey } from '../../core/ids.ts';
import { m2oId } from '../../connectors/odoo/index.ts';
import type { StoredEvent } from '../../store/events.repo.ts';
import { defineFlow, flowEnabled, type FlowContext, type FlowServices } from '../flow.ts';
import { pushStockLevels, STOCK_FLOW } from '../stock/stock-levels.ts';
import { ownershipFor } from '../ownership.ts';
import { recordConflicts } from '../sync/conflicts.ts';
import type { JobResult, Route } from '../../engine/handler.ts';
import { productKey, readTemplates, TEMPLATE_FIELDS, variantIdsOf } from './odoo-product.ts';
import { productOptions } from './options.ts';
import { PRODUCT_ENTITY, pushProducts } from './push-to-clarity.ts';
import { PRODUCT_TO_CLARITY_FLOW, templatesInCatalog } from './catalog-scope.ts';

export { PRODUCT_TO_CLARITY_FLOW };

interface ProductJobData {
  templateId: number;
}

async function templateIdOf(event: StoredEvent, services: FlowServices): Promise<{ templateId: number; key: string }> {
  const payload = (event.payload ?? {}) as Record<string, unknown>;
  const { client } = services.integration(event.integrationId).odoo;
  const templateId = event.entity === 'product.product' ? m2oId(payload.product_tmpl_id) : Number(event.entityId);
  const id =
    templateId ??
    m2oId((await client.read('product.product', [Number(event.entityId)], ['product_tmpl_id']))[0]?.product_tmpl_id);
  if (id === undefined) throw new Error(`Odoo product.product ${event.entityId} has no template`);
  const known = event.entity === 'product.template' && 'default_code' in payload && 'product_variant_count' in payload;
  const template = known
    ? { id, ...payload }
    : (
        await client.read('product.template', [id], ['default_code', 'product_variant_count'], {
          context: { active_test: false },
        })
      )[0];
  return { templateId: id, key: productKey(template ?? { id }) };
}

export const productToClarity = defineFlow({
  name: PRODUCT_TO_CLARITY_FLOW,
  description:
    'Odoo products for sale and their variants → Clarity products (create, update, archived or no longer for sale → deactivate, categories by path)',
  connectors: ['odoo', 'clarity'],
  on: ['odoo:product.template.changed', 'odoo:product.product.changed'],
  options: {
    keys: ['domain', 'salePricelist', 'createCategories', 'categoryRoot'],
    check: (options) => void productOptions(options),
  },
  polls: {
    odoo: [
      // every mapped field, so that two changes within one second (write_date's precision) stay two events
      {
        model: 'product.template',
        fields: TEMPLATE_FIELDS.filter((f) => f !== 'write_date'),
        domain: ['|', ['active', '=', true], ['active', '=', false]],
      },
      {
        model: 'product.product',
        fields: ['default_code', 'barcode', 'product_tmpl_id', 'active', 'weight'],
        domain: ['|', ['active', '=', true], ['active', '=', false]],
      },
    ],
  },
  async route(event, services): Promise<Route> {
    const { templateId, key } = await templateIdOf(event, services);
    return {
      lane: laneKey(event.integrationId, 'product', key),
      payload: { templateId },
      recordKey: `odoo:${event.entity}:${event.entityId}`,
      version: event.version,
    };
  },
  async run(ctx: FlowContext): Promise<JobResult> {
    const { integration, services } = ctx;
    const { templateId } = routeData<ProductJobData>(ctx) ?? { templateId: Number(ctx.event?.entityId) };
    const [template] = await ctx.step('read Odoo product', () => readTemplates(integration.odoo.client, [templateId]));
    if (!template) {
      ctx.note('skipped', { note: `Odoo product.template ${templateId} no longer exists` });
      return { outcome: 'noop' };
    }
    const key = String(template.default_code);
    const options = productOptions(ctx.options);
    const catalog = await ctx.step(
      'check catalog domain',
      () => templatesInCatalog(integration.odoo.client, options.domain, [templateId]),
      { request: options.domain, response: (ids) => ({ inCatalog: ids.has(templateId) }) },
    );
    const existing = await ctx.step('read Clarity product', () => integration.clarity.products.findByKey(key));
    const binding = await services.repos.bindings.byClarityKey(integration.id, PRODUCT_ENTITY, key);
    const scope = {
      integration,
      ownership: ownershipFor(integration.settings, PRODUCT_TO_CLARITY_FLOW),
      options,
    };
    const [result] = await ctx.step(
      'write Clarity product',
      () =>
        pushProducts(
          scope,
          [template],
          new Map(existing ? [[key, existing]] : []),
          new Map(binding ? [[key, binding]] : []),
          catalog,
        ),
      {
        response: (r) =>
          r.map((x) =>
            x instanceof Error
              ? { error: x.message }
              : { outcome: x.outcome, created: x.created, withdrawn: x.withdrawn, written: x.written },
          ),
      },
    );
    if (!result) return { outcome: 'noop' };
    if (result instanceof Error) throw result;
    if (result.withdrawn) {
      const why =
        template.active === false
          ? 'it is archived in Odoo'
          : `it is outside the catalog domain ${JSON.stringify(options.domain)} (flows.${PRODUCT_TO_CLARITY_FLOW}.domain)`;
      ctx.note(result.outcome === 'applied' ? 'deactivated' : 'skipped', {
        note: existing
          ? `${key} is no longer sold in the store: ${why}${result.outcome === 'applied' ? '; deactivated in Clarity' : ''}`
          : `${key} is not published: ${why}`,
      });
    }
    // a product new to the store gets its stock now: the quant changes that came before it were refused
    if (result.created && flowEnabled(integration.settings, STOCK_FLOW)) {
      const variantIds = variantIdsOf(template);
      await ctx.step('send its stock levels', () => pushStockLevels(integration, services.repos, variantIds), {
        request: { productIds: variantIds },
        response: (r) => ({ sent: r.sent.map((l) => l.item), refused: r.refused }),
      });
    }
    await recordConflicts(
      services.repos,
      {
        integrationId: integration.id,
        entity: PRODUCT_ENTITY,
        key,
        direction: 'odoo→clarity',
        conflicts: result.conflicts,
        note: (n, d) => ctx.note(n, d),
      },
      services.clock.now(),
    );
    const write = result.binding;
    return {
      outcome: result.outcome,
      ...(write ? { effects: (tx) => services.repos.bindings.upsert(write, services.clock.now(), tx) } : {}),
    };
  },
});

/** The data the route attached to the job (jobs enqueued directly carry it too). */
export function routeData<T>(ctx: FlowContext): T | undefined {
  return (ctx.data ?? undefined) as T | undefined;
}
