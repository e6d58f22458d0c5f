// The sandbox store: every collection in memory, plus the change feed that webhooks are made from.
import { Collection, StampClock } from './collection.ts';
import type {
  Category,
  Customer,
  DeliveryAttempt,
  InventoryRecord,
  Order,
  Product,
  SalesReturn,
  Shipment,
  WebhookEventType,
  WebhookSubscription,
} from './model.ts';

export type ChangeListener = (type: WebhookEventType, resource: unknown) => void;

/** How many delivery attempts the log keeps (oldest dropped first). */
const DELIVERY_LOG_LIMIT = 20_000;

export class ClarityStore {
  readonly clock: StampClock;
  readonly orders: Collection<Order>;
  readonly shipments: Collection<Shipment>;
  readonly products: Collection<Product>;
  readonly categories: Collection<Category>;
  readonly inventory: Collection<InventoryRecord>;
  readonly customers: Collection<Customer>;
  readonly returns: Collection<SalesReturn>;
  readonly webhooks: Collection<WebhookSubscription>;
  readonly deliveries: DeliveryAttempt[] = [];
  private readonly customerIdByEmail = new Map<string, number>();
  private readonly listeners: ChangeListener[] = [];

  constructor(now: () => number = Date.now) {
    this.clock = new StampClock(now);
    this.orders = new Collection('orders', this.clock);
    // A shipment's CustomKey is unique per order, not store-wide.
    this.shipments = new Collection<Shipment>('shipments', this.clock, (s) => shipmentIndexKey(s.OrderID, s.CustomKey));
    this.products = new Collection('products', this.clock);
    this.categories = new Collection('categories', this.clock);
    this.inventory = new Collection('inventory', this.clock);
    this.customers = new Collection('customers', this.clock);
    this.returns = new Collection('returns', this.clock);
    this.webhooks = new Collection('webhooks', this.clock);
  }

  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  /** Tells the webhook dispatcher (and anyone else listening) that a resource changed. */
  emit(type: WebhookEventType, resource: unknown): void {
    const snapshot = structuredClone(resource);
    for (const listener of this.listeners) listener(type, snapshot);
  }

  customerByEmail(email: string): Customer | undefined {
    const id = this.customerIdByEmail.get(email.trim().toLowerCase());
    return id === undefined ? undefined : this.customers.get(id);
  }

  /** Keeps the email index in step after a customer is inserted or changed. */
  indexCustomerEmail(customer: Customer, previousEmail?: string): void {
    if (previousEmail !== undefined) this.customerIdByEmail.delete(previousEmail.trim().toLowerCase());
    this.customerIdByEmail.set(customer.Email.trim().toLowerCase(), customer.ID);
  }

  shipmentsOf(orderId: number): Shipment[] {
    return this.shipments.all().filter((s) => s.OrderID === orderId);
  }

  /** Whether a SKU is sold here: a product's CustomKey, or one of its variants' (each variant has its own stock). */
  sellsSku(sku: string): boolean {
    return this.products.hasKey(sku) || this.products.all().some((p) => p.Variants.some((v) => v.CustomKey === sku));
  }

  inventoryOf(sku: string): InventoryRecord[] {
    return this.inventory.all().filter((r) => r.Sku === sku);
  }

  logDelivery(attempt: DeliveryAttempt): void {
    this.deliveries.push(attempt);
    if (this.deliveries.length > DELIVERY_LOG_LIMIT)
      this.deliveries.splice(0, this.deliveries.length - DELIVERY_LOG_LIMIT);
  }
}

/** The index key of a shipment: CustomKey is unique per order, not store-wide. */
export function shipmentIndexKey(orderId: number, customKey: string): string {
  return `${orderId}:${customKey}`;
}
