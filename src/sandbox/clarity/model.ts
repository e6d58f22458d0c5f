// The records the Clarity sandbox holds, shaped like the Clarity eCommerce Framework's models (CLARITY-API.md, v1):
// the connector's contract types, every field present (a field the API may leave out is null here).
import type * as Api from '../../connectors/clarity/contract.ts';

/** A contract type as the store holds it: every field there, an absent one null. */
type Stored<T> = { [K in keyof T]-?: undefined extends T[K] ? Exclude<T[K], undefined> | null : T[K] };

export { ORDER_STATUSES, RETURN_STATUSES, WEBHOOK_EVENTS } from '../../connectors/clarity/contract.ts';
export type { OrderStatus, ReturnStatus, OrderTotals, ShipmentItem } from '../../connectors/clarity/contract.ts';
export type WebhookEventType = Api.ClarityEventType;

export type BaseRecord = Api.BaseRecord;
export type Address = Stored<Api.Address>;
export type Contact = Stored<Omit<Api.Contact, 'Address'>> & { Address: Address };
export type SalesItem = Stored<Api.SalesItem>;
export type Order = Stored<Omit<Api.SalesOrder, 'BillingContact' | 'ShippingContact' | 'SalesItems'>> & {
  BillingContact: Contact;
  ShippingContact: Contact;
  SalesItems: SalesItem[];
};
/** The store also keeps which order a shipment belongs to (CustomKey is unique per order). */
export type Shipment = Stored<Omit<Api.Shipment, 'OrderID' | 'OrderKey'>> & { OrderID: number; OrderKey: string };
export type ProductVariant = Stored<Api.ProductVariant>;
export type Product = Stored<Omit<Api.Product, 'Variants'>> & { Variants: ProductVariant[] };
export type Category = Stored<Api.Category>;
export type CustomerAddress = Omit<Api.CustomerAddress, 'Address'> & { Address: Address };
export type Customer = Stored<Omit<Api.Customer, 'Addresses'>> & { Addresses: CustomerAddress[] };
export type ReturnItem = Stored<Api.SalesReturn['Items'][number]>;
/** The store also keeps the order's id and currency. */
export type SalesReturn = Stored<Omit<Api.SalesReturn, 'Items'>> & {
  Items: ReturnItem[];
  OrderID: number;
  CurrencyKey: string;
};

/** Stock of one SKU at one location (CEF: ProductInventoryLocationSection). CustomKey is `Sku@LocationKey`. */
export interface InventoryRecord extends BaseRecord {
  Sku: string;
  LocationKey: string;
  Quantity: number;
}

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
