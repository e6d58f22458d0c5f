// The stock flow's options (`integrations[].flows.stock-to-clarity`):
//
//   quantity: on-hand | available          # Odoo's qty_available (default) or free_qty (on hand minus reserved)
//   locations:                             # default: one level per SKU over all of Odoo's stock, at Clarity's default location
//     - { warehouse: WH, locationKey: Main }
//     - { location: "WH2/Stock", locationKey: East }
//   safetyBuffer: 2                         # or { default: 0, skus: { SKU-1: 5 }, categories: { "Apparel/Shirts": 3 } }
import { ValidationError } from '../../core/errors.ts';

export interface StockLocation {
  /** A warehouse's short name or name (its stock location is used). */
  warehouse?: string;
  /** An Odoo location's full name (`WH/Stock`). */
  location?: string;
  /** Clarity's LocationKey (omitted: the store's default location). */
  locationKey?: string;
}

export interface SafetyBuffer {
  default: number;
  skus: Record<string, number>;
  /** By category path as Odoo shows it, with `/` between parts (`All/Apparel/Shirts` or `Apparel/Shirts`). */
  categories: Record<string, number>;
}

export interface StockOptions {
  mode: 'on-hand' | 'available';
  locations: StockLocation[];
  buffer: SafetyBuffer;
}

const fail = (field: string, reason: string): never => {
  throw new ValidationError(`flows.stock-to-clarity.${field}: ${reason}`, [{ field, reason }]);
};

const count = (value: unknown, field: string): number => {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    fail(field, `must be a number of units, 0 or more (got ${JSON.stringify(value)})`);
  return value as number;
};

const counts = (value: unknown, field: string): Record<string, number> => {
  if (value === undefined) return {};
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return fail(field, 'must map keys to numbers of units');
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, count(v, `${field}.${k}`)]));
};

export function stockOptions(options: Record<string, unknown>): StockOptions {
  const mode = options.quantity ?? 'on-hand';
  if (mode !== 'on-hand' && mode !== 'available')
    fail('quantity', `must be on-hand or available (got ${JSON.stringify(mode)})`);
  const rawLocations = options.locations ?? [{}];
  if (!Array.isArray(rawLocations) || rawLocations.length === 0)
    fail('locations', 'must be a list of { warehouse | location, locationKey }');
  const locations = (rawLocations as unknown[]).map((entry, i): StockLocation => {
    if (!entry || typeof entry !== 'object')
      return fail(`locations[${i}]`, 'must be { warehouse | location, locationKey }');
    const { warehouse, location, locationKey } = entry as Record<string, unknown>;
    if (warehouse !== undefined && location !== undefined)
      fail(`locations[${i}]`, 'give warehouse or location, not both');
    for (const [name, value] of Object.entries({ warehouse, location, locationKey })) {
      if (value !== undefined && (typeof value !== 'string' || !value.trim()))
        fail(`locations[${i}].${name}`, 'must be a non-empty text');
    }
    return {
      ...(typeof warehouse === 'string' ? { warehouse } : {}),
      ...(typeof location === 'string' ? { location } : {}),
      ...(typeof locationKey === 'string' ? { locationKey } : {}),
    };
  });
  const rawBuffer = options.safetyBuffer ?? 0;
  const buffer: SafetyBuffer =
    typeof rawBuffer === 'number'
      ? { default: count(rawBuffer, 'safetyBuffer'), skus: {}, categories: {} }
      : rawBuffer && typeof rawBuffer === 'object' && !Array.isArray(rawBuffer)
        ? {
            default:
              (rawBuffer as Record<string, unknown>).default === undefined
                ? 0
                : count((rawBuffer as Record<string, unknown>).default, 'safetyBuffer.default'),
            skus: counts((rawBuffer as Record<string, unknown>).skus, 'safetyBuffer.skus'),
            categories: counts((rawBuffer as Record<string, unknown>).categories, 'safetyBuffer.categories'),
          }
        : fail('safetyBuffer', 'must be a number or { default, skus, categories }');
  return { mode: mode as StockOptions['mode'], locations, buffer };
}

const normalizePath = (path: string): string =>
  path
    .split('/')
    .map((p) => p.trim())
    .filter(Boolean)
    .join('/');

/** Units held back for a product: its own, else its category's (the nearest configured ancestor), else the default. */
export function bufferFor(buffer: SafetyBuffer, sku: string, categoryPath: string | undefined): number {
  if (sku in buffer.skus) return buffer.skus[sku]!;
  if (categoryPath) {
    const categories = new Map(Object.entries(buffer.categories).map(([k, v]) => [normalizePath(k), v]));
    const parts = normalizePath(categoryPath).split('/');
    for (let n = parts.length; n > 0; n--) {
      const full = parts.slice(0, n).join('/');
      const found =
        categories.get(full) ?? (parts[0] === 'All' ? categories.get(parts.slice(1, n).join('/')) : undefined);
      if (found !== undefined) return found;
    }
  }
  return buffer.default;
}
