// The Clarity v1 contract's resource shapes (../shared/CLARITY-API.md), as the mapping engine checks them: which
// fields exist, their types, and which are required when a record is created. Nested objects and lists name another
// shape.

export type ClarityType =
  | 'string'
  | 'number'
  | 'integer'
  | 'boolean'
  | 'datetime'
  | 'id'
  | { enum: readonly string[] }
  | { shape: string }
  | { list: ClarityType }
  /** an object of name → text (variant attributes) */
  | 'attributes';

export interface ClarityField {
  type: ClarityType;
  requiredOnCreate?: boolean;
  readonly?: boolean;
}

export type ClarityShape = Record<string, ClarityField>;

const base: ClarityShape = {
  ID: { type: 'id', readonly: true },
  CustomKey: { type: 'string' },
  Active: { type: 'boolean' },
  CreatedDate: { type: 'datetime', readonly: true },
  UpdatedDate: { type: 'datetime', readonly: true },
};

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
export const RETURN_STATUSES = ['Requested', 'Approved', 'Received', 'Refunded', 'Rejected'] as const;

export const CLARITY_SHAPES: Record<string, ClarityShape> = {
  Address: {
    Street1: { type: 'string' },
    Street2: { type: 'string' },
    Street3: { type: 'string' },
    City: { type: 'string' },
    RegionCode: { type: 'string' },
    PostalCode: { type: 'string' },
    CountryCode: { type: 'string' },
  },
  Contact: {
    FirstName: { type: 'string' },
    LastName: { type: 'string' },
    Company: { type: 'string' },
    Email: { type: 'string' },
    Phone: { type: 'string' },
    Address: { type: { shape: 'Address' } },
  },
  Totals: {
    SubTotal: { type: 'number' },
    Shipping: { type: 'number' },
    Handling: { type: 'number' },
    Fees: { type: 'number' },
    Discounts: { type: 'number' },
    Tax: { type: 'number' },
    Total: { type: 'number' },
  },
  SalesItem: {
    ID: { type: 'id' },
    Sku: { type: 'string' },
    ProductKey: { type: 'string' },
    Name: { type: 'string' },
    Quantity: { type: 'number' },
    UnitCorePrice: { type: 'number' },
    UnitSoldPrice: { type: 'number' },
    Discount: { type: 'number' },
    TaxCode: { type: 'string' },
  },
  SalesOrder: {
    ...base,
    StatusKey: { type: { enum: ORDER_STATUSES } },
    AccountKey: { type: 'string' },
    UserEmail: { type: 'string' },
    CurrencyKey: { type: 'string' },
    Totals: { type: { shape: 'Totals' } },
    BillingContact: { type: { shape: 'Contact' } },
    ShippingContact: { type: { shape: 'Contact' } },
    SalesItems: { type: { list: { shape: 'SalesItem' } } },
    PaymentMethodKey: { type: 'string' },
    ShippingMethodKey: { type: 'string' },
    PurchaseOrderNumber: { type: 'string' },
    TrackingNumber: { type: 'string' },
    ErpReference: { type: 'string' },
    Notes: { type: 'string' },
  },
  /** What PATCH /orders/{ID} accepts. */
  SalesOrderUpdate: {
    StatusKey: { type: { enum: ORDER_STATUSES } },
    TrackingNumber: { type: 'string' },
    ErpReference: { type: 'string' },
  },
  ShipmentItem: {
    Sku: { type: 'string', requiredOnCreate: true },
    Quantity: { type: 'number', requiredOnCreate: true },
  },
  Shipment: {
    ...base,
    CustomKey: { type: 'string', requiredOnCreate: true },
    CarrierKey: { type: 'string' },
    TrackingNumber: { type: 'string' },
    ShippedDate: { type: 'datetime' },
    Items: { type: { list: { shape: 'ShipmentItem' } }, requiredOnCreate: true },
  },
  Variant: {
    CustomKey: { type: 'string', requiredOnCreate: true },
    Name: { type: 'string' },
    Attributes: { type: 'attributes' },
    Price: { type: 'number' },
  },
  Product: {
    ...base,
    CustomKey: { type: 'string', requiredOnCreate: true },
    Barcode: { type: 'string' },
    Name: { type: 'string', requiredOnCreate: true },
    Description: { type: 'string' },
    SeoUrl: { type: 'string' },
    CategoryKeys: { type: { list: 'string' } },
    Price: { type: 'number', requiredOnCreate: true },
    SalePrice: { type: 'number' },
    Weight: { type: 'number' },
    TaxCode: { type: 'string' },
    IsUnlimitedStock: { type: 'boolean' },
    AllowBackOrder: { type: 'boolean' },
    Variants: { type: { list: { shape: 'Variant' } } },
  },
  Category: {
    ...base,
    CustomKey: { type: 'string', requiredOnCreate: true },
    Name: { type: 'string', requiredOnCreate: true },
    ParentKey: { type: 'string' },
  },
  InventoryItem: {
    Sku: { type: 'string', requiredOnCreate: true },
    LocationKey: { type: 'string' },
    Quantity: { type: 'number', requiredOnCreate: true },
  },
  CustomerAddress: {
    Key: { type: 'string' },
    IsBilling: { type: 'boolean' },
    IsShipping: { type: 'boolean' },
    Address: { type: { shape: 'Address' } },
  },
  Customer: {
    ...base,
    Email: { type: 'string', requiredOnCreate: true },
    FirstName: { type: 'string', requiredOnCreate: true },
    LastName: { type: 'string', requiredOnCreate: true },
    Company: { type: 'string' },
    Phone: { type: 'string' },
    TaxExemptionNo: { type: 'string' },
    Addresses: { type: { list: { shape: 'CustomerAddress' } } },
  },
  SalesReturnItem: {
    Sku: { type: 'string' },
    Quantity: { type: 'number' },
    Reason: { type: 'string' },
  },
  SalesReturn: {
    ...base,
    OrderKey: { type: 'string' },
    StatusKey: { type: { enum: RETURN_STATUSES } },
    Items: { type: { list: { shape: 'SalesReturnItem' } } },
    RefundAmount: { type: 'number' },
  },
  /** What PATCH /returns/{ID} accepts. */
  SalesReturnUpdate: {
    StatusKey: { type: { enum: RETURN_STATUSES } },
    RefundAmount: { type: 'number' },
  },
};

export function clarityShape(name: string): ClarityShape | undefined {
  return Object.hasOwn(CLARITY_SHAPES, name) ? CLARITY_SHAPES[name] : undefined;
}

/** The field a dotted path names inside a shape (following nested shapes; list indexes are skipped). */
export function clarityFieldAt(shapeName: string, path: readonly string[]): ClarityField | undefined {
  let shape = clarityShape(shapeName);
  let field: ClarityField | undefined;
  for (const segment of path) {
    if (/^\d+$/.test(segment) && field && typeof field.type === 'object' && 'list' in field.type) {
      const inner = field.type.list;
      field = { type: inner };
      shape = typeof inner === 'object' && 'shape' in inner ? clarityShape(inner.shape) : undefined;
      continue;
    }
    if (!shape) return undefined;
    field = shape[segment];
    if (!field) return undefined;
    const type = field.type;
    shape = typeof type === 'object' && 'shape' in type ? clarityShape(type.shape) : undefined;
  }
  return field;
}

/** The shape name of a list-of-shapes or shape field (what a `children:` rule builds). */
export function elementShapeOf(field: ClarityField | undefined): string | undefined {
  if (!field || typeof field.type !== 'object') return undefined;
  if ('shape' in field.type) return field.type.shape;
  if ('list' in field.type && typeof field.type.list === 'object' && 'shape' in field.type.list)
    return field.type.list.shape;
  return undefined;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Why `value` does not fit the type, or undefined when it does (null always fits: it clears the field). */
export function clarityTypeProblem(type: ClarityType, value: unknown): string | undefined {
  if (value === null) return undefined;
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        return typeof value === 'string' ? undefined : `expected text, got ${typeof value}`;
      case 'number':
        return typeof value === 'number' && Number.isFinite(value)
          ? undefined
          : `expected a number, got ${JSON.stringify(value)}`;
      case 'integer':
      case 'id':
        return Number.isInteger(value) ? undefined : `expected a whole number, got ${JSON.stringify(value)}`;
      case 'boolean':
        return typeof value === 'boolean' ? undefined : `expected true or false, got ${JSON.stringify(value)}`;
      case 'datetime':
        return typeof value === 'string' && ISO_DATE_TIME.test(value)
          ? undefined
          : `expected an ISO-8601 date-time with offset, got ${JSON.stringify(value)}`;
      case 'attributes':
        return value !== null &&
          typeof value === 'object' &&
          !Array.isArray(value) &&
          Object.values(value).every((v) => typeof v === 'string')
          ? undefined
          : 'expected an object of attribute name → value text';
    }
  }
  if ('enum' in type)
    return typeof value === 'string' && type.enum.includes(value)
      ? undefined
      : `expected one of ${type.enum.join(', ')}, got ${JSON.stringify(value)}`;
  if ('shape' in type)
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? undefined
      : `expected an object (${type.shape})`;
  if (!Array.isArray(value)) return 'expected a list';
  // lists of shapes are checked field by field where they were built; scalar lists here
  if (typeof type.list === 'string') {
    for (const [i, item] of value.entries()) {
      const why = clarityTypeProblem(type.list, item);
      if (why) return `item ${i}: ${why}`;
    }
  }
  return undefined;
}
