// Invoice a sale order and register its payment, through the same wizards a person uses (fixture 20).
import { BusinessError } from '../../../core/errors.ts';
import type { OdooClient } from '../client.ts';
import { CONNECTOR } from '../errors.ts';
import { actionRecordId } from './actions.ts';

export interface InvoiceOptions {
  /** `delivered` (default): what was delivered; the others need an amount and are not used by the flows yet. */
  method?: 'delivered';
  /** Post the draft invoice (default true). */
  post?: boolean;
}

/** Creates (and posts) the invoice of an order; returns the new invoice ids. */
export async function invoiceSaleOrder(
  client: OdooClient,
  orderId: number,
  options: InvoiceOptions = {},
): Promise<number[]> {
  const before = await invoiceIdsOf(client, orderId);
  const context = { active_model: 'sale.order', active_ids: [orderId], active_id: orderId };
  const wizard = await client.create(
    'sale.advance.payment.inv',
    { advance_payment_method: options.method ?? 'delivered' },
    { context },
  );
  const action = await client.call('sale.advance.payment.inv', 'create_invoices', [[wizard]], {}, { context });
  const after = await invoiceIdsOf(client, orderId);
  const created = after.filter((id) => !before.includes(id));
  const shown = actionRecordId(action);
  if (shown !== undefined && !created.includes(shown)) created.push(shown);
  if (created.length === 0) {
    throw new BusinessError(
      `Odoo made no invoice for sale.order ${orderId} (nothing to invoice: check delivered quantities)`,
      {
        connector: CONNECTOR,
        details: { model: 'sale.order', id: orderId },
      },
    );
  }
  if (options.post ?? true) await client.call('account.move', 'action_post', [created]);
  return created;
}

async function invoiceIdsOf(client: OdooClient, orderId: number): Promise<number[]> {
  const [order] = await client.read('sale.order', [orderId], ['invoice_ids']);
  return Array.isArray(order?.invoice_ids) ? (order.invoice_ids as number[]) : [];
}

export interface PaymentOptions {
  journalId?: number;
  paymentMethodLineId?: number;
  /** Default: the full residual. */
  amount?: number;
  /** `YYYY-MM-DD`; default today (Odoo's). */
  paymentDate?: string;
  communication?: string;
}

/** Registers a payment against posted invoices (account.payment.register); returns the payment id. */
export async function registerPayment(
  client: OdooClient,
  invoiceIds: readonly number[],
  options: PaymentOptions = {},
): Promise<number> {
  const context = { active_model: 'account.move', active_ids: [...invoiceIds] };
  const values: Record<string, unknown> = {};
  if (options.journalId !== undefined) values.journal_id = options.journalId;
  if (options.paymentMethodLineId !== undefined) values.payment_method_line_id = options.paymentMethodLineId;
  if (options.amount !== undefined) values.amount = options.amount;
  if (options.paymentDate !== undefined) values.payment_date = options.paymentDate;
  if (options.communication !== undefined) values.communication = options.communication;
  const wizard = await client.create('account.payment.register', values, { context });
  const action = await client.call('account.payment.register', 'action_create_payments', [[wizard]], {}, { context });
  const paymentId = actionRecordId(action);
  if (paymentId !== undefined) return paymentId;
  // several payments (one per invoice group) answer with a list action: find the newest payment of these invoices
  const [latest] = await client.search('account.payment', [['reconciled_invoice_ids', 'in', [...invoiceIds]]], {
    order: 'id desc',
    limit: 1,
  });
  if (latest === undefined) {
    throw new BusinessError(`Odoo registered no payment for account.move ${invoiceIds.join(', ')}`, {
      connector: CONNECTOR,
      details: { invoiceIds },
    });
  }
  return latest;
}

/** Invoices an order and pays the invoices in full: the invoice ids and the payment id. */
export async function invoiceAndPay(
  client: OdooClient,
  orderId: number,
  payment: PaymentOptions = {},
): Promise<{ invoiceIds: number[]; paymentId: number }> {
  const invoiceIds = await invoiceSaleOrder(client, orderId, { post: true });
  const paymentId = await registerPayment(client, invoiceIds, payment);
  return { invoiceIds, paymentId };
}
