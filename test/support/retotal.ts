// Re-adds a store order's totals after a test changed its lines (as the store itself would), at the tax rate the
// order was charged, so that the Odoo order the bridge makes still matches it to the cent.
import type { SalesOrder } from '../../src/connectors/clarity/contract.ts';

const round2 = (n: number) => Math.round(n * 100) / 100;

export function retotal(order: SalesOrder): void {
  const t = order.Totals;
  const taxed = t.SubTotal - t.Discounts + t.Shipping + (t.Handling ?? 0) + (t.Fees ?? 0);
  const rate = taxed > 0 ? t.Tax / taxed : 0;
  t.SubTotal = round2(order.SalesItems.reduce((sum, i) => sum + i.UnitSoldPrice * i.Quantity, 0));
  t.Discounts = round2(order.SalesItems.reduce((sum, i) => sum + i.Discount, 0));
  const base = t.SubTotal - t.Discounts + t.Shipping + (t.Handling ?? 0) + (t.Fees ?? 0);
  t.Tax = round2((base * Math.round(rate * 10_000)) / 10_000);
  t.Total = round2(base + t.Tax);
}
