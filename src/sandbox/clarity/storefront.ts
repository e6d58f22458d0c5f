// The storefront generator: shoppers placing orders (status Pending) at a given rate with realistic data, one
// customer account per distinct email (returning customers happen), and return requests on placed orders.
// By default every order is one the Odoo sandbox can take; unknown SKUs and missing fields come only on request.
import { seededRandom } from '../seed-catalog.ts';
import type { Counters } from './counters.ts';
import type { Address, Contact, Order, OrderTotals, Product, ReturnItem, SalesItem, SalesReturn } from './model.ts';
import { createCustomer, customerKeyFor } from './resources/customers.ts';
import type { ClarityStore } from './store.ts';
import {
  CARRIERS,
  COMPANIES,
  COUNTRIES,
  EMAIL_DOMAINS,
  FIRST_NAMES,
  LAST_NAMES,
  NOTES,
  PAYMENT_METHODS,
  RETURN_REASONS,
  STREET2,
  STREET3,
  USD_RATES,
  type Country,
} from './storefront-data.ts';
import { seoSlug } from './seed.ts';

export interface PlaceOrdersOptions {
  /** Orders per second (default: all at once). */
  ratePerSec?: number;
  /** Share (0..1) of orders that carry one line with a SKU the catalog does not have. */
  unknownSkuRate?: number;
  /** Share (0..1) of orders with one field left out (a postal code, city, last name, billing email, region or shipping method). */
  missingFieldRate?: number;
  /** Currencies to sell in (default USD, EUR, GBP). */
  currencies?: string[];
  /** Makes the generated data reproducible. */
  seed?: number;
  /** Stops placing further orders. */
  signal?: AbortSignal;
}

export interface PlaceReturnOptions {
  items?: ReturnItem[];
}

/** The fields an order can be missing when `missingFieldRate` asks for it. */
export const MISSABLE_FIELDS = [
  'ShippingContact.Address.PostalCode',
  'ShippingContact.Address.City',
  'ShippingContact.LastName',
  'BillingContact.Email',
  'ShippingContact.Address.RegionCode',
  'ShippingMethodKey',
] as const;

interface Shopper {
  first: string;
  last: string;
  email: string;
  company: string | null;
  phone: string;
  country: Country;
  address: Address;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export class Storefront {
  /** Shoppers seen so far, by the currency they were asked for (returning customers come from here). */
  private readonly shoppers = new Map<string, Shopper[]>();

  constructor(
    private readonly store: ClarityStore,
    private readonly counters: Counters,
    /** The SKUs the Odoo sandbox also has (the seeded catalog), or what the store sells when it has none. */
    private readonly seededSkus: () => string[],
    private readonly orderNumberPrefix = 'CL-',
  ) {}

  async placeOrders(count: number, options: PlaceOrdersOptions = {}): Promise<Order[]> {
    if (!Number.isInteger(count) || count < 0)
      throw new RangeError(`count must be a whole number of at least 0; got ${count}`);
    const random = options.seed === undefined ? Math.random : seededRandom(options.seed);
    const gapMs = options.ratePerSec && options.ratePerSec > 0 ? 1000 / options.ratePerSec : 0;
    const orders: Order[] = [];
    const startedAt = Date.now();
    for (let i = 0; i < count; i++) {
      if (options.signal?.aborted) break;
      if (gapMs > 0 && i > 0) {
        const wait = startedAt + i * gapMs - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      orders.push(this.placeOrder(random, options));
    }
    return orders;
  }

  /** One order, with its customer account created when the email is new. */
  placeOrder(random: () => number, options: PlaceOrdersOptions = {}): Order {
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const currencies = options.currencies?.length ? options.currencies : ['USD', 'EUR', 'GBP'];
    const currency = pick(currencies);
    const shopper = this.shopper(random, currency);
    const rate = USD_RATES[currency] ?? 1;

    const skus = this.seededSkus();
    const lineCount = 1 + Math.floor(random() * 4);
    const chosen = new Map<string, Product>();
    // Seeded products renamed or deactivated through the API since are not sold; a few draws more find others.
    for (let draws = 0; chosen.size < Math.min(lineCount, skus.length) && draws < lineCount * 20; draws++) {
      const product = this.store.products.getByKey(pick(skus));
      if (product?.Active) chosen.set(product.CustomKey, product);
    }
    if (chosen.size === 0)
      throw new Error('the sandbox has no active seeded products to sell; start it with products > 0');
    let nextItemId = 1;
    const items: SalesItem[] = [...chosen.values()].map((product) =>
      this.line(
        random,
        nextItemId++,
        product.CustomKey,
        product.Name,
        product.SalePrice ?? product.Price,
        product.TaxCode ?? 'Standard',
        rate,
      ),
    );
    if (options.unknownSkuRate && random() < options.unknownSkuRate) {
      const sku = `SKU-X${String(Math.floor(random() * 90000) + 10000)}`;
      items.push(this.line(random, nextItemId++, sku, `Limited Edition Mystery Box ${sku}`, 49, 'Standard', rate));
    }

    const carrier = pick(CARRIERS);
    const subTotal = round2(items.reduce((sum, item) => sum + item.UnitSoldPrice * item.Quantity, 0));
    const discounts = round2(items.reduce((sum, item) => sum + item.Discount, 0));
    const freeShipping = subTotal - discounts >= 150 * rate && random() < 0.5;
    const shipping = freeShipping ? 0 : round2(carrier.rateUsd * rate);
    const tax = round2((subTotal - discounts + shipping) * shopper.country.taxRate);
    const totals: OrderTotals = {
      SubTotal: subTotal,
      Shipping: shipping,
      Handling: 0,
      Fees: 0,
      Discounts: discounts,
      Tax: tax,
      Total: round2(subTotal - discounts + shipping + tax),
    };

    const shippingContact = this.contact(shopper);
    // Most pay for themselves; some send a gift to someone else's address.
    const billingContact =
      random() < 0.8 ? structuredClone(shippingContact) : this.contact(this.newShopper(random, currency));
    billingContact.Email = shopper.email;
    const payment = pick(PAYMENT_METHODS);

    const customer = this.store.customerByEmail(shopper.email) ?? this.createCustomerFor(shopper);
    const fields: Omit<Order, 'ID' | 'CreatedDate' | 'UpdatedDate' | 'Active'> = {
      CustomKey: `${this.orderNumberPrefix}${100000 + this.store.orders.peekNextId()}`,
      StatusKey: 'Pending',
      AccountKey: customer.CustomKey,
      UserEmail: shopper.email,
      CurrencyKey: currency,
      Totals: totals,
      BillingContact: billingContact,
      ShippingContact: shippingContact,
      SalesItems: items,
      PaymentMethodKey: payment,
      ShippingMethodKey: carrier.key,
      PurchaseOrderNumber: payment === 'PurchaseOrder' ? `PO-${Math.floor(random() * 900000) + 100000}` : null,
      TrackingNumber: null,
      ErpReference: null,
      Notes: random() < 0.25 ? pick(NOTES) : null,
    };
    if (options.missingFieldRate && random() < options.missingFieldRate) {
      const field = pick(MISSABLE_FIELDS);
      // Countries without regions have no RegionCode to leave out; drop the postal code instead.
      leaveOut(
        fields,
        field === 'ShippingContact.Address.RegionCode' && fields.ShippingContact.Address.RegionCode === null
          ? 'ShippingContact.Address.PostalCode'
          : field,
      );
    }
    const order = this.store.orders.insert(fields);
    this.counters.inc('storefront.orders_placed');
    this.store.emit('order.created', order);
    return order;
  }

  /**
   * The shop changes an order after it was placed (as its admin does: a line, a total, an address, a
   * cancellation): stored with a later UpdatedDate, and `order.updated` (or `order.cancelled`) goes out.
   */
  editOrder(orderIdOrKey: number | string, change: (order: Order) => void): Order {
    const order =
      typeof orderIdOrKey === 'number' ? this.store.orders.get(orderIdOrKey) : this.store.orders.getByKey(orderIdOrKey);
    if (!order) throw new RangeError(`no order ${JSON.stringify(orderIdOrKey)} to edit`);
    const { record, changed } = this.store.orders.update(order.ID, change);
    const cancelled = record.StatusKey === 'Cancelled' && order.StatusKey !== 'Cancelled';
    if (changed) this.store.emit(cancelled ? 'order.cancelled' : 'order.updated', record);
    return record;
  }

  /** A return request for an order (status Requested): by default one unit of its first line. */
  placeReturn(orderIdOrKey: number | string, options: PlaceReturnOptions = {}): SalesReturn {
    const order =
      typeof orderIdOrKey === 'number' ? this.store.orders.get(orderIdOrKey) : this.store.orders.getByKey(orderIdOrKey);
    if (!order) throw new RangeError(`no order ${JSON.stringify(orderIdOrKey)} to return items of`);
    const first = order.SalesItems[0];
    const items =
      options.items ??
      (first ? [{ Sku: first.Sku, Quantity: 1, Reason: RETURN_REASONS[order.ID % RETURN_REASONS.length]! }] : []);
    const salesReturn = this.store.returns.insert({
      CustomKey: `RMA-${String(this.store.returns.peekNextId()).padStart(6, '0')}`,
      OrderID: order.ID,
      OrderKey: order.CustomKey,
      StatusKey: 'Requested',
      CurrencyKey: order.CurrencyKey,
      RefundAmount: null,
      Items: items,
    });
    this.counters.inc('storefront.returns_placed');
    this.store.emit('return.created', salesReturn);
    return salesReturn;
  }

  private line(
    random: () => number,
    id: number,
    sku: string,
    name: string,
    priceUsd: number,
    taxCode: string,
    rate: number,
  ): SalesItem {
    const unit = round2(priceUsd * rate);
    const quantity = random() < 0.1 ? 5 : 1 + Math.floor(random() * 3);
    const discountShare = random() < 0.25 ? (random() < 0.5 ? 0.1 : 0.15) : 0;
    return {
      ID: id,
      Sku: sku,
      ProductKey: sku,
      Name: name,
      Quantity: quantity,
      UnitCorePrice: unit,
      UnitSoldPrice: unit,
      Discount: round2(unit * quantity * discountShare),
      TaxCode: taxCode,
    };
  }

  /** A returning shopper (about a third of orders, once some exist) or a new one. */
  private shopper(random: () => number, currency: string): Shopper {
    let returning = this.shoppers.get(currency);
    if (!returning) this.shoppers.set(currency, (returning = []));
    if (returning.length > 0 && random() < 0.35) {
      const shopper = returning[Math.floor(random() * returning.length)]!;
      // Returning shoppers sometimes type their email with other capitals; it is still the same account.
      return random() < 0.3 ? { ...shopper, email: shopper.email.replace(/^./, (c) => c.toUpperCase()) } : shopper;
    }
    const shopper = this.newShopper(random, currency);
    returning.push(shopper);
    return shopper;
  }

  private newShopper(random: () => number, currency: string): Shopper {
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const countries = COUNTRIES.filter((c) => c.currency === currency);
    const country = pick(countries.length ? countries : COUNTRIES.filter((c) => c.code === 'US'));
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const local = [seoSlug(first), seoSlug(last)].filter(Boolean).join('.') || 'shopper';
    const email = `${local}.${Math.floor(random() * 100000)}@${pick(EMAIL_DOMAINS)}`;
    const city = pick(country.cities);
    const threeLines = random() < 0.5;
    return {
      first,
      last,
      email,
      company: random() < 0.3 ? pick(COMPANIES) : null,
      phone: `${country.phonePrefix}${String(Math.floor(random() * 10000)).padStart(4, '0')}`,
      country,
      address: {
        Street1: pick(country.streets),
        Street2: threeLines || random() < 0.4 ? pick(STREET2) : null,
        Street3: threeLines ? pick(STREET3) : null,
        City: city.city,
        RegionCode: city.region,
        PostalCode: city.postalCode,
        CountryCode: country.code,
      },
    };
  }

  private contact(shopper: Shopper): Contact {
    return {
      FirstName: shopper.first,
      LastName: shopper.last,
      Company: shopper.company,
      Email: shopper.email,
      Phone: shopper.phone,
      Address: { ...shopper.address },
    };
  }

  private createCustomerFor(shopper: Shopper) {
    this.counters.inc('storefront.customers_created');
    return createCustomer(this.store, {
      CustomKey: customerKeyFor(this.store.customers.peekNextId()),
      Email: shopper.email.toLowerCase(),
      FirstName: shopper.first,
      LastName: shopper.last,
      Company: shopper.company,
      Phone: shopper.phone,
      Addresses: [{ Key: 'default', IsBilling: true, IsShipping: true, Address: { ...shopper.address } }],
    });
  }
}

/** Sets one dotted field of a new order to null (missing data on request). */
function leaveOut(
  order: Omit<Order, 'ID' | 'CreatedDate' | 'UpdatedDate' | 'Active'>,
  field: (typeof MISSABLE_FIELDS)[number],
): void {
  switch (field) {
    case 'ShippingContact.Address.PostalCode':
      order.ShippingContact.Address.PostalCode = null;
      break;
    case 'ShippingContact.Address.City':
      order.ShippingContact.Address.City = null;
      break;
    case 'ShippingContact.LastName':
      order.ShippingContact.LastName = null;
      break;
    case 'BillingContact.Email':
      order.BillingContact.Email = null;
      break;
    case 'ShippingContact.Address.RegionCode':
      order.ShippingContact.Address.RegionCode = null;
      break;
    case 'ShippingMethodKey':
      order.ShippingMethodKey = null;
      break;
  }
}
