// Shipping methods (delivery.carrier): Odoo's demo ones are seeded (Standard delivery, The Poste, Local Delivery).
import type { ModelSpec } from '../model-spec.ts';

export const deliveryCarrier: ModelSpec = {
  name: 'delivery.carrier',
  description: 'Shipping Methods',
  order: 'sequence, id',
  required: ['name', 'product_id'],
  defaults: () => ({
    active: true,
    delivery_type: 'fixed',
    invoice_policy: 'estimated',
    integration_level: 'rate',
    sequence: 10,
    fixed_price: 0,
    company_id: false,
  }),
  computed: () => ({
    fixed_price: {
      get: (rec) => rec.fixed_price ?? 0,
      set: (rec, value) => {
        rec.fixed_price = value;
      },
    },
  }),
};
