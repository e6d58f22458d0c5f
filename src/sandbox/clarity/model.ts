// The records the Clarity sandbox holds, shaped like the Clarity eCommerce Framework's models (CLARITY-API.md, v1).
// Every record carries ID, CustomKey, Active, CreatedDate and UpdatedDate.

export interface BaseRecord {
  ID: number;
  CustomKey: string;
  Active: boolean;
  /** ISO-8601 UTC with milliseconds. */
  CreatedDate: string;
  /** ISO-8601 UTC with milliseconds; moves forward on every change of the record. */
  UpdatedDate: string;
}

export interface Address {
  Street1: string | null;
  Street2: string | null;
  Street3: string | null;
  City: string | null;
  RegionCode: string | null;
  PostalCode: string | null;
  CountryCode: string | null;
}

export interface Contact {
  FirstName: string | null;
  LastName: string | null;
  Company: string | null;
  Email: string | null;
  Phone: string | null;
  Address: Address;
}

export const ORDER_STATUSES = [
  'Pending',
  'Confirmed',
  'Processing',
  'PartiallyShipped',
  'Shipped',
  'Completed',
  'OnHold',
  'Cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderTotals {
  /** Σ UnitSoldPrice × Quantity, before discounts, excluding tax. */
  SubTotal: number;
  Shipping: number;
  Handling: number;
  Fees: number;
  /** Σ of the lines' Discount amounts. */
  Discounts: number;
  Tax: number;
  /** SubTotal − Discounts + Shipping + Handling + Fees + Tax. */
  Total: number;
}

export interface SalesItem {
  ID: number;
  Sku: string;
  ProductKey: string;
  Name: string;
  Quantity: number;
  /** The catalog price. */
  UnitCorePrice: number;
  /** The unit price charged before the line's Discount. */
  UnitSoldPrice: number;
  /** Discount amount for the whole line. */
  Discount: number;
  TaxCode: string;
}

export interface Order extends BaseRecord {
  StatusKey: OrderStatus;
  AccountKey: string | null;
  UserEmail: string | null;
  CurrencyKey: string;
  Totals: OrderTotals;
  BillingContact: Contact;
  ShippingContact: Contact;
  SalesItems: SalesItem[];
  PaymentMethodKey: string | null;
  ShippingMethodKey: string | null;
  PurchaseOrderNumber: string | null;
  TrackingNumber: string | null;
  ErpReference: string | null;
  Notes: string | null;
}

export interface ShipmentItem {
  Sku: string;
  Quantity: number;
}

export interface Shipment extends BaseRecord {
  OrderID: number;
  OrderKey: string;
  CarrierKey: string;
  TrackingNumber: string | null;
  ShippedDate: string;
  Items: ShipmentItem[];
}

export interface ProductVariant {
  CustomKey: string;
  Name: string;
  Attributes: Record<string, string>;
  Price: number | null;
}

export interface Product extends BaseRecord {
  Barcode: string | null;
  Name: string;
  Description: string | null;
  SeoUrl: string | null;
  CategoryKeys: string[];
  Price: number;
  SalePrice: number | null;
  Weight: number | null;
  TaxCode: string | null;
  IsUnlimitedStock: boolean;
  AllowBackOrder: boolean;
  Variants: ProductVariant[];
}

export interface Category extends BaseRecord {
  Name: string;
  ParentKey: string | null;
}

/** Stock of one SKU at one location (CEF: ProductInventoryLocationSection). CustomKey is `Sku@LocationKey`. */
export interface InventoryRecord extends BaseRecord {
  Sku: string;
  LocationKey: string;
  Quantity: number;
}

export interface CustomerAddress {
  Key: string;
  IsBilling: boolean;
  IsShipping: boolean;
  Address: Address;
}

export interface Customer extends BaseRecord {
  Email: string;
  FirstName: string;
  LastName: string;
  Company: string | null;
  Phone: string | null;
  TaxExemptionNo: string | null;
  Addresses: CustomerAddress[];
}

export const RETURN_STATUSES = ['Requested', 'Approved', 'Received', 'Refunded', 'Rejected'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export interface ReturnItem {
  Sku: string;
  Quantity: number;
  Reason: string;
}

export interface SalesReturn extends BaseRecord {
  OrderID: number;
  OrderKey: string;
  StatusKey: ReturnStatus;
  CurrencyKey: string;
  RefundAmount: number | null;
  Items: ReturnItem[];
}

export const WEBHOOK_EVENTS = [
  'order.created',
  'order.updated',
  'order.cancelled',
  'product.created',
  'product.updated',
  'customer.created',
  'customer.updated',
  'return.created',
  'return.updated',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

/** A webhook subscription as the API shows it (its signing secrets are kept apart, never listed). */
export interface WebhookSubscription extends BaseRecord {
  Url: string;
  Events: WebhookEventType[];
  /** Why the store stopped delivering to it (24 h of failures), or null. */
  DisabledReason: string | null;
}

/** One delivery attempt of one message to one subscription. */
export interface DeliveryAttempt {
  /** The message's `webhook-id`, the same on every retry and duplicate. */
  webhookId: string;
  eventId: string;
  eventType: WebhookEventType;
  subscriptionId: number;
  url: string;
  /** 1 for the first try, 2 for the first retry, ... */
  attempt: number;
  /** A deliberate extra copy (switch `duplicateRate`), not a retry. */
  duplicate: boolean;
  at: string;
  /** HTTP status the receiver answered, or null when it did not answer (timeout, refused). */
  status: number | null;
  error: string | null;
  durationMs: number;
  outcome: 'delivered' | 'retrying' | 'gave-up' | 'duplicate';
  /** Delay before the next retry, in real (compressed) milliseconds, when outcome is `retrying`. */
  retryInMs: number | null;
}
