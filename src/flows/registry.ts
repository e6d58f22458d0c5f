// The one list of flows. A new flow is one folder and one line here.
import type { FlowDefinition } from './flow.ts';
import { customerToClarity } from './customers/customer-to-clarity.ts';
import { customerToOdoo } from './customers/customer-to-odoo.ts';
import { productToClarity } from './products/product-to-clarity.ts';
import { productToOdoo } from './products/product-to-odoo.ts';
import { stockToClarity } from './stock/stock-to-clarity.ts';
import { orderToOdoo } from './orders/order-to-odoo.ts';
import { orderCancel } from './orders/order-cancel.ts';
import { fulfillmentToClarity } from './fulfillment/fulfillment-to-clarity.ts';

export const FLOWS: readonly FlowDefinition[] = [
  productToClarity,
  productToOdoo,
  stockToClarity,
  customerToOdoo,
  customerToClarity,
  orderToOdoo,
  fulfillmentToClarity,
  orderCancel,
];
