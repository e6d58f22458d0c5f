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
];

/** Creates orders (values named by concept, lines as x2many create commands) in one call; confirms them when asked. */
export async function createSaleOrders(
  client: OdooClient,
  orders: Record<string, unknown>[],
  options: { confirm?: boolean } = {},
): Promise<number[]> {
  if (orders.length === 0) return [];
  const ids = await client.create('sale.order', orders);
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
