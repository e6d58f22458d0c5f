// Read access to the sandbox store for tests, the CLI and the inspection page: copies, so callers cannot change it.
import type {
  Category,
  Customer,
  DeliveryAttempt,
  InventoryRecord,
  Order,
  Product,
  SalesReturn,
  Shipment,
  WebhookSubscription,
} from './model.ts';
import type { ClarityStore } from './store.ts';

export interface ClarityStoreView {
  orders(): Order[];
  /** By ID or CustomKey (order number). */
  order(idOrKey: number | string): Order | undefined;
  /** All shipments, or those of one order. */
  shipments(orderId?: number): Shipment[];
  products(): Product[];
  /** By ID or CustomKey (SKU). */
  product(idOrKey: number | string): Product | undefined;
  categories(): Category[];
  /** All stock records, or those of one SKU. */
  inventory(sku?: string): InventoryRecord[];
  /** Units on hand of a SKU over all locations (undefined when the SKU has no stock record). */
  stockOf(sku: string): number | undefined;
  customers(): Customer[];
  /** By ID, CustomKey or email (case-insensitive). */
  customer(idKeyOrEmail: number | string): Customer | undefined;
  returns(): SalesReturn[];
  webhooks(): WebhookSubscription[];
  /** The webhook delivery log, oldest first. */
  deliveries(): DeliveryAttempt[];
}

const copy = <T>(value: T): T => structuredClone(value);
const byId = <T extends { ID: number }>(records: T[]) => records.sort((a, b) => a.ID - b.ID).map(copy);

export function storeView(store: ClarityStore): ClarityStoreView {
  return {
    orders: () => byId(store.orders.all()),
    order: (ref) => copy(typeof ref === 'number' ? store.orders.get(ref) : store.orders.getByKey(ref)),
    shipments: (orderId) => byId(orderId === undefined ? store.shipments.all() : store.shipmentsOf(orderId)),
    products: () => byId(store.products.all()),
    product: (ref) => copy(typeof ref === 'number' ? store.products.get(ref) : store.products.getByKey(ref)),
    categories: () => byId(store.categories.all()),
    inventory: (sku) => byId(sku === undefined ? store.inventory.all() : store.inventoryOf(sku)),
    stockOf: (sku) => {
      const records = store.inventoryOf(sku);
      return records.length ? records.reduce((sum, r) => sum + r.Quantity, 0) : undefined;
    },
    customers: () => byId(store.customers.all()),
    customer: (ref) =>
      copy(
        typeof ref === 'number'
          ? store.customers.get(ref)
          : (store.customers.getByKey(ref) ?? (ref.includes('@') ? store.customerByEmail(ref) : undefined)),
      ),
    returns: () => byId(store.returns.all()),
    webhooks: () => byId(store.webhooks.all()),
    deliveries: () => store.deliveries.map(copy),
  };
}
