// What each call costs in time, so that benchmarks against the sandbox mean something. The default reproduces
// the Odoo 17 measured in issue 3 (workers=2): sale.order create 40 ms + 14.6 ms per order, action_confirm
// 270 ms + 61 ms per order, at most 2 calls served at once (2.6 orders/s one by one, 12.2 orders/s in 50s).

export interface MethodCost {
  baseMs: number;
  perRecordMs: number;
}

export interface CostModel {
  /** Calls served at once (Odoo's worker count); the rest wait their turn. */
  maxConcurrent: number;
  /** Cost of a method without its own entry. An assumption: a small read or write on a warm server. */
  defaultCost: MethodCost;
  /** Keyed "model.method" or "method". */
  methods: Record<string, MethodCost>;
}

export const ODOO17_COST_MODEL: CostModel = {
  maxConcurrent: 2,
  defaultCost: { baseMs: 4, perRecordMs: 0.2 },
  methods: {
    'sale.order.create': { baseMs: 40, perRecordMs: 14.6 },
    'sale.order.action_confirm': { baseMs: 270, perRecordMs: 61 },
  },
};

export function resolveCostModel(option: boolean | Partial<CostModel> | undefined): CostModel | null {
  if (!option) return null;
  if (option === true) return ODOO17_COST_MODEL;
  return { ...ODOO17_COST_MODEL, ...option, methods: { ...ODOO17_COST_MODEL.methods, ...(option.methods ?? {}) } };
}

/** Milliseconds a call costs (before time scaling). */
export function callCostMs(model: CostModel, modelName: string, method: string, records: number): number {
  const cost = model.methods[`${modelName}.${method}`] ?? model.methods[method] ?? model.defaultCost;
  return cost.baseMs + cost.perRecordMs * Math.max(1, records);
}
