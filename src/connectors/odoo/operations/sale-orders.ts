// Sale orders: create (one or many in one call), confirm (many ids in one call), find by client_order_ref, cancel.
import { BusinessError } from '../../../core/errors.ts';
import type { OdooClient, OdooRecord } from '../client.ts';
import { CONNECTOR } from '../errors.ts';
import { isWindowAction } from './actions.ts';

export interface SaleOrderSummary extends OdooRecord {
  name: string;
  state: string;
  /** 17+ `locked`; on 16 derived from state `done`. */
  locked: boolean;
  client_order_ref: string | false;
  write_date: string;
  picking_ids: number[];
  invoice_ids: number[];
  amount_total: number;
  amount_tax: number;
  currency_id: [number, string] | false;
}

export const SALE_ORDER_SUMMARY_FIELDS = [
  'name',
  'state',
  'locked',
  'client_order_ref',
  'write_date',
  'picking_ids',
  'invoice_ids',
  'amount_total',
  'amount_tax',
  'currency_id',
];

/**
 * Creates orders (values named by concept, lines as x2many create commands; `raw`: already in the server's field
 * names) in one call; confirms them when asked.
 */
export async function createSaleOrders(
  client: OdooClient,
  orders: Record<string, unknown>[],
  options: { confirm?: boolean; raw?: boolean } = {},
): Promise<number[]> {
  if (orders.length === 0) return [];
  const ids = await client.create('sale.order', orders, options.raw ? { raw: true } : {});
  if (options.confirm) await confirmSaleOrders(client, ids);
  return ids;
}

export async function createSaleOrder(
  client: OdooClient,
  order: Record<string, unknown>,
  options: { confirm?: boolean } = {},
): Promise<number> {
  const [id] = await createSaleOrders(client, [order], options);
  return id!;
}

/** action_confirm on all ids in one call (Odoo confirms all or none). */
export async function confirmSaleOrders(client: OdooClient, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await client.call('sale.order', 'action_confirm', [[...ids]]);
}

export async function readSaleOrders(client: OdooClient, ids: readonly number[]): Promise<SaleOrderSummary[]> {
  return client.read<SaleOrderSummary>('sale.order', ids, SALE_ORDER_SUMMARY_FIELDS);
}

/** The orders carrying these client_order_refs (one call); the idempotency lookup before creating. */
export async function findSaleOrdersByClientRef(
  client: OdooClient,
  refs: readonly string[],
): Promise<Map<string, SaleOrderSummary>> {
  if (refs.length === 0) return new Map();
  const found = await client.searchRead<SaleOrderSummary>('sale.order', {
    domain: [['client_order_ref', 'in', [...refs]]],
    fields: SALE_ORDER_SUMMARY_FIELDS,
    order: 'id asc',
  });
  const byRef = new Map<string, SaleOrderSummary>();
  for (const order of found)
    if (typeof order.client_order_ref === 'string' && !byRef.has(order.client_order_ref))
      byRef.set(order.client_order_ref, order);
  return byRef;
}

export async function findSaleOrderByClientRef(client: OdooClient, ref: string): Promise<SaleOrderSummary | undefined> {
  return (await findSaleOrdersByClientRef(client, [ref])).get(ref);
}

/**
 * Sets each confirmed order's date (Odoo's action_confirm stamps the confirmation time): one write per distinct
 * date, since a write gives all its records the same values. `dates` is Odoo's `YYYY-MM-DD HH:MM:SS` (UTC).
 */
export async function setSaleOrderDates(client: OdooClient, dates: ReadonlyMap<number, string>): Promise<void> {
  const byDate = new Map<string, number[]>();
  for (const [id, date] of dates) byDate.set(date, [...(byDate.get(date) ?? []), id]);
  for (const [date, ids] of byDate) await client.write('sale.order', ids, { date_order: date });
}

/**
 * Rebuilds a quotation from new values: its lines are replaced (not added to), so a quotation made before a fix
 * in Odoo (a tax created, a pricelist moved) is made again as it would be now.
 */
export async function rebuildQuotation(client: OdooClient, id: number, values: Record<string, unknown>): Promise<void> {
  const lines = Array.isArray(values.order_line) ? (values.order_line as unknown[]) : [];
  await client.write('sale.order', [id], { ...values, order_line: [[5, 0, 0], ...lines] }, { raw: true });
}

/**
 * Cancels an order. On a confirmed order Odoo would answer with its cancel wizard; `disable_cancel_warning` skips
 * it, and if a version still answers with the wizard, it is confirmed. Cancelling a shipped order fails with
 * Odoo's UserError (a BusinessError).
 */
export async function cancelSaleOrder(client: OdooClient, id: number): Promise<void> {
  const context = { disable_cancel_warning: true };
  const result = await client.call('sale.order', 'action_cancel', [[id]], {}, { context });
  if (isWindowAction(result) && result.res_model === 'sale.order.cancel') {
    const wizard =
      result.res_id || (await client.create('sale.order.cancel', { order_id: id }, { context: result.context ?? {} }));
    await client.call('sale.order.cancel', 'action_cancel', [[wizard]], {}, { context: result.context ?? {} });
    return;
  }
  if (isWindowAction(result)) {
    throw new BusinessError(
      `Odoo answered the cancellation of sale.order ${id} with an unexpected dialog (${result.res_model}); cancel it in Odoo`,
      {
        connector: CONNECTOR,
        details: { model: 'sale.order', id, wizard: result.res_model },
      },
    );
  }
}
