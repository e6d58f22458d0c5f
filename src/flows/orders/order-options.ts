// order-to-odoo's options (`integrations[].flows.order-to-odoo`), parsed once into one typed object: checked
// before the bridge starts (every bad option named with what it takes), then read by the flow and the resolver.
import { ValidationError, type FieldProblem } from '../../core/errors.ts';

export interface OrderOptions {
  /** Confirm the orders (false leaves quotations). */
  confirm: boolean;
  /** An order held in review shows `OnHold` in Clarity. */
  holdOnReview: boolean;
  /** How long to wait before retrying an Odoo write whose answer was lost (undefined: 2 × the Odoo timeout, ≥ 60 s). */
  unknownOutcomeRetryMs: number | undefined;
  /**
   * How lines get their taxes: `store-rate` (the rate the store charged, matched to an Odoo sales tax of that rate,
   * replacing the product's default tax) or `fiscal-position` (Odoo's own: the product's taxes through the order's
   * fiscal position).
   */
  taxes: 'store-rate' | 'fiscal-position';
  /** Clarity tax code → Odoo tax names: these items take exactly those taxes. */
  taxCodes: Record<string, string[]>;
  /** The store's carrier (ShippingMethodKey) → an Odoo shipping method's name; others match by their own name. */
  carriers: Record<string, string>;
  /** Internal Reference of the product of a shipping line whose carrier matches no shipping method. */
  genericShippingProduct: string | undefined;
  /** `store`: the Odoo order's date is the store's order date; `confirmation`: Odoo's confirmation time. */
  orderDate: 'store' | 'confirmation';
}

export const ORDER_OPTION_KEYS = [
  'confirm',
  'holdOnReview',
  'unknownOutcomeRetryMs',
  'taxes',
  'taxCodes',
  'carriers',
  'genericShippingProduct',
  'orderDate',
] as const;

const parsed = new WeakMap<Record<string, unknown>, OrderOptions>();

/** The options, or a ValidationError naming every bad one; the same object answers the same options. */
export function orderOptions(raw: Record<string, unknown>): OrderOptions {
  const known = parsed.get(raw);
  if (known) return known;
  const problems: FieldProblem[] = [];
  const bool = (name: string, fallback: boolean): boolean => {
    const value = raw[name];
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    problems.push({ field: name, reason: `must be true or false (got ${JSON.stringify(value)})` });
    return fallback;
  };
  const oneOf = <T extends string>(name: string, values: readonly T[], fallback: T): T => {
    const value = raw[name];
    if (value === undefined) return fallback;
    if (values.includes(value as T)) return value as T;
    problems.push({ field: name, reason: `must be ${values.join(' or ')} (got ${JSON.stringify(value)})` });
    return fallback;
  };
  const textMap = (name: string, example: string): Record<string, string> => {
    const value = raw[name];
    if (value === undefined) return {};
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      if (Object.values(value).every((v) => typeof v === 'string' && v.trim())) return value as Record<string, string>;
    }
    problems.push({ field: name, reason: `must map each store key to an Odoo name, e.g. ${example}` });
    return {};
  };

  const retry = raw.unknownOutcomeRetryMs;
  if (retry !== undefined && (typeof retry !== 'number' || !Number.isFinite(retry) || retry < 0)) {
    problems.push({
      field: 'unknownOutcomeRetryMs',
      reason: `must be milliseconds, 0 or more (got ${JSON.stringify(retry)})`,
    });
  }
  const taxCodes = raw.taxCodes;
  const isNames = (v: unknown) => Array.isArray(v) && v.every((n) => typeof n === 'string' && n.trim());
  const taxCodesOk =
    taxCodes === undefined ||
    (!!taxCodes && typeof taxCodes === 'object' && !Array.isArray(taxCodes) && Object.values(taxCodes).every(isNames));
  if (!taxCodesOk) {
    problems.push({
      field: 'taxCodes',
      reason: 'must map each Clarity tax code to a list of Odoo tax names, e.g. { Standard: ["15%"] }',
    });
  }
  const generic = raw.genericShippingProduct;
  if (generic !== undefined && (typeof generic !== 'string' || !generic.trim())) {
    problems.push({ field: 'genericShippingProduct', reason: 'must be the Internal Reference of an Odoo product' });
  }
  const options: OrderOptions = {
    confirm: bool('confirm', true),
    holdOnReview: bool('holdOnReview', true),
    unknownOutcomeRetryMs: typeof retry === 'number' && retry >= 0 ? retry : undefined,
    taxes: oneOf('taxes', ['store-rate', 'fiscal-position'], 'store-rate'),
    taxCodes: taxCodesOk && taxCodes ? (taxCodes as Record<string, string[]>) : {},
    carriers: textMap('carriers', '{ UPS: "Standard delivery" }'),
    genericShippingProduct: typeof generic === 'string' && generic.trim() ? generic.trim() : undefined,
    orderDate: oneOf('orderDate', ['store', 'confirmation'], 'store'),
  };
  if (problems.length) throw new ValidationError('order-to-odoo options', problems);
  parsed.set(raw, options);
  return options;
}
