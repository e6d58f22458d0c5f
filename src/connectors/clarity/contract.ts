// The Clarity v1 contract (../shared/CLARITY-API.md): every path, limit, event name and resource shape the connector
// relies on, in one place. A store whose paths differ is a configuration change: pass `paths` overrides to the client.

/** A record's numeric id in the store (CEF models use integer ids). */
export type ClarityId = number;

/** Path templates; `{ID}`, `{CustomKey}` and `{OrderID}` are filled in (URL-encoded) by `expandPath`. */
export interface ClarityPaths {
  token: string;
  orders: string;
  order: string;
  orderByKey: string;
  shipments: string;
  products: string;
  product: string;
  productByKey: string;
  categories: string;
  category: string;
  categoryByKey: string;
  inventory: string;
  customers: string;
  customer: string;
  customerByKey: string;
  returns: string;
  return: string;
  webhooks: string;
  webhook: string;
}

export const DEFAULT_PATHS: ClarityPaths = {
  token: '/oauth/token',
  orders: '/api/v1/orders',
  order: '/api/v1/orders/{ID}',
  orderByKey: '/api/v1/orders/key/{CustomKey}',
  shipments: '/api/v1/orders/{OrderID}/shipments',
  products: '/api/v1/products',
  product: '/api/v1/products/{ID}',
  productByKey: '/api/v1/products/key/{CustomKey}',
  categories: '/api/v1/categories',
  category: '/api/v1/categories/{ID}',
  categoryByKey: '/api/v1/categories/key/{CustomKey}',
  inventory: '/api/v1/inventory',
  customers: '/api/v1/customers',
  customer: '/api/v1/customers/{ID}',
  customerByKey: '/api/v1/customers/key/{CustomKey}',
  returns: '/api/v1/returns',
  return: '/api/v1/returns/{ID}',
  webhooks: '/api/v1/webhooks',
  webhook: '/api/v1/webhooks/{ID}',
};

/** Fills a path template; every value is URL-encoded (a category key `Apparel/Shirts` becomes one segment). */
export function expandPath(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`path ${template} needs {${name}}`);
    return encodeURIComponent(String(value));
  });
}

export const LIMITS = {
  /** Largest `pageSize` a list accepts. */
  maxPageSize: 500,
  /** Most items one inventory PUT accepts. */
  maxInventoryItems: 500,
} as const;

export const SCOPES = [
  'orders:read',
  'orders:write',
  'products:read',
  'products:write',
  'inventory:write',
  'customers:read',
  'customers:write',
  'returns:read',
  'returns:write',
  'webhooks:manage',
] as const;
export type ClarityScope = (typeof SCOPES)[number];

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
export type ClarityEventType = (typeof WEBHOOK_EVENTS)[number];

/** The record kinds events and polls speak of (the part of an event type before the dot). */
export type ClarityEntity = 'order' | 'product' | 'customer' | 'return' | 'category';

export const WEBHOOK_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const;
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

// ---- Shapes -------------------------------------------------------------------------------------------------------

/** Fields every record has. */
export interface BaseRecord {
  ID: ClarityId;
  CustomKey: string;
  Active: boolean;
  /** ISO-8601 UTC with milliseconds. */
  CreatedDate: string;
  /** ISO-8601 UTC with milliseconds; moves forward on every change of the record. */
  UpdatedDate: string;
}

export interface Address {
  Street1: string | null;
  Street2?: string | null;
  Street3?: string | null;
  City: string | null;
  RegionCode?: string | null;
  PostalCode?: string | null;
  CountryCode: string | null;
}

export interface Contact {
  FirstName: string | null;
  LastName: string | null;
  Company?: string | null;
  Email?: string | null;
  Phone?: string | null;
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
  ID: ClarityId;
  Sku: string;
  ProductKey?: string | null;
  Name: string;
  Quantity: number;
  UnitCorePrice: number;
  /** Unit price before the line's `Discount`. */
  UnitSoldPrice: number;
  /** Discount amount for the whole line. */
  Discount: number;
  TaxCode?: string | null;
}

export interface SalesOrder extends BaseRecord {
  /** `CustomKey` is the order number. */
  StatusKey: OrderStatus;
  AccountKey?: string | null;
  UserEmail: string | null;
  CurrencyKey: string;
  Totals: OrderTotals;
  BillingContact: Contact;
  ShippingContact: Contact;
  SalesItems: SalesItem[];
  PaymentMethodKey?: string | null;
  ShippingMethodKey?: string | null;
  PurchaseOrderNumber?: string | null;
  TrackingNumber?: string | null;
  ErpReference?: string | null;
  Notes?: string | null;
}

/** What PATCH /orders/{ID} accepts. */
export interface SalesOrderPatch {
  StatusKey?: OrderStatus;
  TrackingNumber?: string;
  ErpReference?: string;
}

export interface ShipmentItem {
  Sku: string;
  Quantity: number;
}

export interface Shipment extends BaseRecord {
  /** Unique per order: the bridge's idempotency anchor. */
  CustomKey: string;
  OrderID?: ClarityId;
  OrderKey?: string;
  CarrierKey: string;
  TrackingNumber: string | null;
  ShippedDate: string;
  Items: ShipmentItem[];
}

export interface ShipmentInput {
  CustomKey: string;
  CarrierKey: string;
  TrackingNumber: string;
  ShippedDate: string;
  Items: ShipmentItem[];
}

export interface ProductVariant {
  CustomKey: string;
  Name: string;
  Attributes: Record<string, string>;
  Price?: number | null;
}

export interface Product extends BaseRecord {
  /** `CustomKey` is the SKU. */
  Barcode?: string | null;
  Name: string;
  Description?: string | null;
  SeoUrl?: string | null;
  CategoryKeys: string[];
  Price: number;
  SalePrice?: number | null;
  Weight?: number | null;
  TaxCode?: string | null;
  IsUnlimitedStock?: boolean;
  AllowBackOrder?: boolean;
  Variants?: ProductVariant[];
}

/** Create/update body: `CustomKey`, `Name`, `Price` are required on create. */
export type ProductInput = Pick<Product, 'CustomKey' | 'Name' | 'Price'> &
  Partial<Omit<Product, keyof BaseRecord | 'Name' | 'Price'>> & { Active?: boolean };

export interface Category extends BaseRecord {
  /** `CustomKey` is the path, e.g. `Apparel/Shirts`. */
  Name: string;
  ParentKey?: string | null;
}

export interface CategoryInput {
  CustomKey: string;
  Name: string;
  ParentKey?: string | null;
  Active?: boolean;
}

export interface InventoryItem {
  Sku: string;
  LocationKey?: string;
  /** Absolute quantity on hand. */
  Quantity: number;
}

export interface InventoryUpdateResult {
  Updated: number;
  /** Items that could not be applied (the others were); `Sku` is null when the item had none. */
  Errors: { Sku: string | null; Message: string }[];
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
  Company?: string | null;
  Phone?: string | null;
  TaxExemptionNo?: string | null;
  Addresses?: CustomerAddress[];
}

/** `Email`, `FirstName`, `LastName` are required on create. */
export type CustomerInput = Pick<Customer, 'Email' | 'FirstName' | 'LastName'> &
  Partial<Omit<Customer, keyof BaseRecord | 'Email' | 'FirstName' | 'LastName'>> & {
    CustomKey?: string;
    Active?: boolean;
  };

export const RETURN_STATUSES = ['Requested', 'Approved', 'Received', 'Refunded', 'Rejected'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export interface SalesReturn extends BaseRecord {
  OrderKey: string;
  StatusKey: ReturnStatus;
  Items: { Sku: string; Quantity: number; Reason?: string | null }[];
  RefundAmount?: number | null;
}

export interface SalesReturnPatch {
  StatusKey?: ReturnStatus;
  RefundAmount?: number;
}

export interface Webhook {
  ID: ClarityId;
  Url: string;
  Events: string[];
  Active?: boolean;
  [field: string]: unknown;
}

export interface WebhookInput {
  Url: string;
  Events: string[];
}

/** POST /webhooks answers the id and the signing secret (`whsec_...`), shown once. */
export interface WebhookCreated {
  ID: ClarityId;
  Secret: string;
  [field: string]: unknown;
}

/** CEF's `PagedResultsBase`. */
export interface PagedResults<T> {
  Results: T[];
  TotalCount: number;
  TotalPages: number;
  CurrentPage: number;
}

export interface ListQuery {
  page?: number;
  pageSize?: number;
  /** Inclusive: `UpdatedDate >= modifiedSince`. */
  modifiedSince?: string;
}

/** `application/problem+json` (RFC 9457) with CEF-style field errors. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Record<string, string[]>;
}

/** The body of every webhook delivery. */
export interface WebhookEnvelope<T = unknown> {
  id: string;
  type: string;
  occurredAt: string;
  data: T;
}

/** The token endpoint's answer. */
export interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope?: string;
}
