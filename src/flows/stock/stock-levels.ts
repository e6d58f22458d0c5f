// Stock levels Odoo → Clarity: each product's on-hand (or available) quantity per mapped location, less its safety
// buffer, as absolute Clarity inventory items, for the products of the store's catalog (catalog-scope.ts); only the
// levels that differ from what the bridge last wrote are sent, in PUTs of at most 500 items. The stock flow and the
// full sync send levels through `sendLevels`; a product new to the store gets its levels through `pushStockLevels`.
import type { Kysely } from 'kysely';
import type { InventoryItem, InventoryUpdateResult } from '../../connectors/clarity/contract.ts';
import { m2oName, type OdooRecord } from '../../connectors/odoo/index.ts';
import type { BindingWrite } from '../../store/bindings.repo.ts';
import type { Repos } from '../../store/index.ts';
import type { Database } from '../../store/schema.ts';
import type { IntegrationRuntime } from '../flow.ts';
import { catalogDomain, variantsInCatalog } from '../products/catalog-scope.ts';
import { bufferFor, stockOptions, type StockLocation, type StockOptions } from './options.ts';

export const STOCK_ENTITY = 'stock';
export const STOCK_MAPPING = 'stock.odoo-to-clarity';
export const STOCK_FLOW = 'stock-to-clarity';
const PRODUCT_STOCK_FIELDS = ['default_code', 'qty_available', 'free_qty', 'categ_id'];

/** The binding key of one SKU's level at one Clarity location. */
const stockKey = (sku: string, locationKey: string | undefined): string => `${sku}@${locationKey ?? ''}`;

export interface StockLevel {
  productId: number;
  item: InventoryItem;
  binding: BindingWrite;
}

/** The Odoo location id of a configured location (undefined: all of Odoo's stock). */
async function odooLocationId(integration: IntegrationRuntime, location: StockLocation): Promise<number | undefined> {
  if (location.warehouse) return integration.odoo.lookups.warehouseStockLocation(location.warehouse);
  if (location.location) return integration.odoo.lookups.location(location.location);
  return undefined;
}

/** Reads products (by id) with their quantities at one location. */
async function readProductStock(
  integration: IntegrationRuntime,
  productIds: readonly number[],
  locationId: number | undefined,
): Promise<OdooRecord[]> {
  return integration.odoo.client.read(
    'product.product',
    productIds,
    PRODUCT_STOCK_FIELDS,
    locationId ? { context: { location: locationId } } : {},
  );
}

/** The levels of products read with their quantities at one configured location (products without a SKU are left out). */
async function levelsOf(
  integration: IntegrationRuntime,
  products: readonly OdooRecord[],
  location: StockLocation,
  options: StockOptions,
): Promise<StockLevel[]> {
  const withSku = products.filter((p) => typeof p.default_code === 'string' && p.default_code.trim());
  if (!withSku.length) return [];
  const mapping = await integration.mapping(STOCK_MAPPING);
  const version = (await integration.odoo.client.connect()).version;
  const outcomes = await mapping.applyEach(withSku, integration.resolver, {
    version,
    contextOf: (record) => {
      const product = record as OdooRecord;
      return {
        locationKey: location.locationKey,
        stockMode: options.mode,
        safetyBuffer: bufferFor(options.buffer, String(product.default_code), m2oName(product.categ_id)),
      };
    },
  });
  const levels: StockLevel[] = [];
  outcomes.forEach((outcome, i) => {
    if (!outcome.ok) return;
    const product = withSku[i]!;
    const item = outcome.result.values as unknown as InventoryItem;
    if (item.LocationKey === undefined || item.LocationKey === null) delete item.LocationKey;
    levels.push({
      productId: product.id,
      item,
      binding: {
        integrationId: integration.id,
        entity: STOCK_ENTITY,
        clarityKey: stockKey(item.Sku, location.locationKey),
        odooId: product.id,
        claritySnapshot: { Quantity: item.Quantity },
      },
    });
  });
  return levels;
}

export interface StockPushResult {
  /** Levels sent to Clarity. */
  sent: StockLevel[];
  /** Levels Clarity already had (the bridge wrote them last). */
  unchanged: number;
  /** SKUs Clarity refused, with its reason. */
  refused: InventoryUpdateResult['Errors'];
  requests: number;
}

/** Only the levels that differ from the last written ones. */
async function changedLevels(
  repos: Repos,
  integrationId: string,
  levels: readonly StockLevel[],
): Promise<StockLevel[]> {
  const bindings = await repos.bindings.byClarityKeys(
    integrationId,
    STOCK_ENTITY,
    levels.map((l) => l.binding.clarityKey),
  );
  return levels.filter((l) => bindings.get(l.binding.clarityKey)?.claritySnapshot?.Quantity !== l.item.Quantity);
}

/**
 * Current levels of these products at every configured location, each product once. Products out of the store's
 * catalog (not for sale, by default) are left out: the store does not sell them.
 */
export async function currentLevels(
  integration: IntegrationRuntime,
  productIds: readonly number[],
  options: StockOptions,
): Promise<StockLevel[]> {
  const unique = [...new Set(productIds)];
  const inCatalog = await variantsInCatalog(integration.odoo.client, catalogDomain(integration.settings), unique);
  const ids = unique.filter((id) => inCatalog.has(id));
  const out: StockLevel[] = [];
  for (const location of options.locations) {
    const locationId = await odooLocationId(integration, location);
    for (let i = 0; i < ids.length; i += 500) {
      const products = await readProductStock(integration, ids.slice(i, i + 500), locationId);
      out.push(...(await levelsOf(integration, products, location, options)));
    }
  }
  return out;
}

/** Sends the levels that changed; the caller records their bindings (`writeBindings`) once this returns. */
export async function sendLevels(
  integration: IntegrationRuntime,
  repos: Repos,
  levels: readonly StockLevel[],
  dryRun = false,
): Promise<StockPushResult> {
  const changed = await changedLevels(repos, integration.id, levels);
  if (!changed.length || dryRun)
    return { sent: changed, unchanged: levels.length - changed.length, refused: [], requests: 0 };
  const result = await integration.clarity.inventory.put(changed.map((l) => l.item));
  const refused = new Set(result.Errors.map((e) => e.Sku));
  return {
    sent: changed.filter((l) => !refused.has(l.item.Sku)),
    unchanged: levels.length - changed.length,
    refused: result.Errors,
    requests: result.requests,
  };
}

export async function writeBindings(
  repos: Repos,
  levels: readonly StockLevel[],
  now: number,
  tx?: Kysely<Database>,
): Promise<void> {
  for (const level of levels) await repos.bindings.upsert(level.binding, now, tx);
}

/**
 * Pushes the current levels of these Odoo products (product.product ids) to Clarity now, e.g. for a product just
 * made in the store. Safe to call any number of times (absolute levels; unchanged ones not sent).
 */
export async function pushStockLevels(
  integration: IntegrationRuntime,
  repos: Repos,
  productIds: readonly number[],
  now = Date.now(),
): Promise<StockPushResult> {
  const options = stockOptions(integration.settings.flows[STOCK_FLOW] ?? {});
  const levels = await currentLevels(integration, productIds, options);
  const result = await sendLevels(integration, repos, levels);
  await writeBindings(repos, result.sent, now);
  return result;
}
