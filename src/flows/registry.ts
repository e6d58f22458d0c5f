// The one list of flows. A new flow is one folder and one line here.
import type { FlowDefinition } from './flow.ts';
import { productToClarity } from './products/product-to-clarity.ts';
import { productToOdoo } from './products/product-to-odoo.ts';

export const FLOWS: readonly FlowDefinition[] = [
  productToClarity,
  productToOdoo,
];
