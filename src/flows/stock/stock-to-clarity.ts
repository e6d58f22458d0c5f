// stock-to-clarity: Odoo stock changes → absolute Clarity inventory levels, as a batch flow. Triggers: quant changes
// (poller on stock.quant, or the automation webhook), and every sale order and picking change (the order flows'
// confirmations and deliveries move stock). The worker hands up to 500 jobs from distinct lanes at once after
// waiting up to 500 ms; the batch reads each product's level once, when it runs, so a burst of changes to one SKU
// becomes one update with the latest level, and later jobs of that burst find nothing left to send.
import { laneKey } from '../../core/ids.ts';
import { m2oId, type OdooRecord } from '../../connectors/odoo/index.ts';
import type { JobResult, Route } from '../../engine/handler.ts';
import type { StoredEvent } from '../../store/events.repo.ts';
import { defineFlow, FLOW_PRIORITY, type FlowContext, type FlowServices } from '../flow.ts';
import { stockOptions } from './options.ts';
import { currentLevels, sendLevels, STOCK_FLOW, writeBindings, type StockLevel } from './stock-levels.ts';

/** What a stock job refreshes: products, or the products of an order or picking. */
type StockJobData = { productIds: number[] } | { model: 'sale.order' | 'stock.picking'; id: number };

const idsOf = (value: unknown): number[] =>
  Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : [];

/** Where each kind of document keeps its lines, and the lines' model. */
const DOCUMENT_LINES = {
  'sale.order': { lines: 'order_line', lineModel: 'sale.order.line' },
  'stock.picking': { lines: 'move_ids_without_package', lineModel: 'stock.move' },
} as const;

/**
 * The products each job refreshes. The orders and pickings of a whole batch are read together: two calls per kind
 * of document, however many jobs the batch holds (a burst of orders makes hundreds of them).
 */
async function productsOfJobs(ctxs: readonly FlowContext[]): Promise<number[][]> {
  const first = ctxs[0]!;
  const { client } = first.integration.odoo;
  const data = ctxs.map((ctx) => ctx.data as StockJobData | undefined);
  const productsOf = new Map<string, number[]>();
  for (const model of ['sale.order', 'stock.picking'] as const) {
    const ids = [...new Set(data.flatMap((d) => (d && 'model' in d && d.model === model ? [d.id] : [])))];
    if (!ids.length) continue;
    const { lines, lineModel } = DOCUMENT_LINES[model];
    await first.step(
      `read ${model} products`,
      async () => {
        const documents = await client.read(model, ids, [lines]);
        const lineRecords = await client.read(
          lineModel,
          documents.flatMap((d) => idsOf(d[lines])),
          ['product_id'],
        );
        const productOfLine = new Map(lineRecords.map((l) => [l.id, m2oId(l.product_id)]));
        for (const document of documents) {
          productsOf.set(
            `${model}:${document.id}`,
            idsOf(document[lines])
              .map((id) => productOfLine.get(id))
              .filter((x): x is number => x !== undefined),
          );
        }
      },
      { request: { ids } },
    );
  }
  return data.map((d) => (!d ? [] : 'productIds' in d ? d.productIds : (productsOf.get(`${d.model}:${d.id}`) ?? [])));
}

async function routeStock(event: StoredEvent, services: FlowServices): Promise<Route> {
  const base = { recordKey: `odoo:${event.entity}:${event.entityId}`, version: event.version };
  if (event.entity === 'stock.quant') {
    const payload = (event.payload ?? {}) as OdooRecord;
    const productId =
      m2oId(payload.product_id) ??
      m2oId(
        (
          await services
            .integration(event.integrationId)
            .odoo.client.read('stock.quant', [Number(event.entityId)], ['product_id'])
        )[0]?.product_id,
      );
    if (productId === undefined) throw new Error(`Odoo stock.quant ${event.entityId} has no product`);
    return {
      ...base,
      lane: laneKey(event.integrationId, 'stock', `product-${productId}`),
      payload: { productIds: [productId] } satisfies StockJobData,
    };
  }
  const model = event.entity as 'sale.order' | 'stock.picking';
  return {
    ...base,
    lane: laneKey(event.integrationId, 'stock', `${model}-${event.entityId}`),
    payload: { model, id: Number(event.entityId) } satisfies StockJobData,
  };
}

export const stockToClarity = defineFlow({
  name: STOCK_FLOW,
  description:
    'Odoo on-hand (or available) stock per mapped location → Clarity inventory levels, batched, with a safety buffer',
  connectors: ['odoo', 'clarity'],
  priority: FLOW_PRIORITY.stock,
  on: ['odoo:stock.quant.changed', 'odoo:stock.picking.changed', 'odoo:sale.order.changed'],
  options: { keys: ['quantity', 'locations', 'safetyBuffer'], check: (options) => void stockOptions(options) },
  polls: { odoo: [{ model: 'stock.quant', fields: ['product_id', 'location_id', 'quantity', 'reserved_quantity'] }] },
  batch: { max: 500, waitMs: 500 },
  route: routeStock,
  async runBatch(ctxs: readonly FlowContext[]): Promise<(JobResult | Error)[]> {
    const first = ctxs[0];
    if (!first) return [];
    const { integration, services } = first;
    try {
      const options = stockOptions(first.options);
      const products = await productsOfJobs(ctxs);
      const levels = await currentLevels(integration, products.flat(), options);
      const pushed = await first.step('put Clarity inventory', () => sendLevels(integration, services.repos, levels), {
        response: (r) => ({ sent: r.sent.map((l) => l.item), unchanged: r.unchanged, refused: r.refused }),
      });
      for (const refusal of pushed.refused)
        first.note('refused', { note: `Clarity refused the level of ${refusal.Sku}: ${refusal.Message}` });
      // each sent level's binding is written with the first job that asked for its product
      const claimed = new Set<number>();
      return ctxs.map((ctx, i): JobResult => {
        const mine: StockLevel[] = pushed.sent.filter(
          (l) => products[i]!.includes(l.productId) && !claimed.has(l.productId),
        );
        mine.forEach((l) => claimed.add(l.productId));
        if (ctx !== first)
          ctx.note('batched', {
            note: `levels sent in one PUT with ${ctxs.length - 1} other job(s)`,
            response: mine.map((l) => l.item),
          });
        return {
          outcome: mine.length ? 'applied' : 'noop',
          effects: (tx) => writeBindings(services.repos, mine, services.clock.now(), tx),
        };
      });
    } catch (error) {
      return ctxs.map(() => error as Error);
    }
  },
});
