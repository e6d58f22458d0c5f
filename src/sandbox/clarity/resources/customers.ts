// /api/v1/customers: accounts with their user (Email, names) and addresses. Email is unique, case-insensitively.
import type { SandboxContext } from '../context.ts';
import type { Address, Customer, CustomerAddress } from '../model.ts';
import { conflict } from '../problem.ts';
import { route, type Route } from '../router.ts';
import type { ClarityStore } from '../store.ts';
import { FieldChecker, isEmail, type Json } from '../validation.ts';
import {
  bodyObject,
  checkCustomKey,
  createdAnswer,
  found,
  idParam,
  knownFieldsOnly,
  listAnswer,
  requireFreeKey,
} from './common.ts';

const FIELDS = [
  'CustomKey',
  'Active',
  'Email',
  'FirstName',
  'LastName',
  'Company',
  'Phone',
  'TaxExemptionNo',
  'Addresses',
] as const;
const ADDRESS_FIELDS = ['Street1', 'Street2', 'Street3', 'City', 'RegionCode', 'PostalCode', 'CountryCode'] as const;

type CustomerFields = Partial<Omit<Customer, 'ID' | 'CreatedDate' | 'UpdatedDate'>>;

/** The CustomKey a new customer gets when none is sent: `CUST-000042`. */
export function customerKeyFor(id: number): string {
  return `CUST-${String(id).padStart(6, '0')}`;
}

export function customerRoutes({ store }: SandboxContext): Route[] {
  const read = ['customers:read'];
  const write = ['customers:write'];
  return [
    route('GET', '/api/v1/customers', read, (request) => {
      const email = request.query.get('email');
      if (email) {
        const match = store.customerByEmail(email);
        return listAnswer(request, match ? [match] : []);
      }
      return listAnswer(request, store.customers.all());
    }),
    route('GET', '/api/v1/customers/key/*key', read, (request) => {
      const key = request.params.key ?? '';
      return {
        status: 200,
        body: found(store.customers.getByKey(key), `no customer with CustomKey ${JSON.stringify(key)}`),
      };
    }),
    route('GET', '/api/v1/customers/:id', read, (request) => {
      const id = idParam(request, 'customer');
      return { status: 200, body: found(store.customers.get(id), `no customer with ID ${id}`) };
    }),
    route('POST', '/api/v1/customers', write, (request) => {
      const fields = readCustomer(bodyObject(request, 'the customer'), true);
      const customKey = fields.CustomKey ?? customerKeyFor(store.customers.peekNextId());
      requireFreeKey(
        store.customers.hasKey(customKey),
        'customer',
        customKey,
        `/api/v1/customers/key/${encodeURIComponent(customKey)}`,
      );
      requireFreeEmail(store, fields.Email!, undefined);
      const customer = createCustomer(store, { ...fields, CustomKey: customKey } as Omit<
        Customer,
        'ID' | 'CreatedDate' | 'UpdatedDate'
      >);
      return createdAnswer(customer, `/api/v1/customers/${customer.ID}`);
    }),
    route('PUT', '/api/v1/customers/:id', write, (request) => {
      const id = idParam(request, 'customer');
      const current = found(store.customers.get(id), `no customer with ID ${id}`);
      const fields = readCustomer(bodyObject(request, 'the customer'), false);
      if (fields.CustomKey !== undefined && fields.CustomKey !== current.CustomKey) {
        requireFreeKey(
          store.customers.hasKey(fields.CustomKey),
          'customer',
          fields.CustomKey,
          `/api/v1/customers/key/${encodeURIComponent(fields.CustomKey)}`,
        );
      }
      if (fields.Email !== undefined) requireFreeEmail(store, fields.Email, current.ID);
      const { record, changed } = store.customers.update(id, (draft) => Object.assign(draft, fields));
      if (changed) {
        store.indexCustomerEmail(record, current.Email);
        store.emit('customer.updated', record);
      }
      return { status: 200, body: record };
    }),
  ];
}

/** Inserts a customer, indexes its email and announces it (the API and the storefront both create customers). */
export function createCustomer(
  store: ClarityStore,
  fields: Partial<Customer> & Pick<Customer, 'CustomKey' | 'Email' | 'FirstName' | 'LastName'>,
): Customer {
  const customer = store.customers.insert({
    CustomKey: fields.CustomKey,
    Active: fields.Active ?? true,
    Email: fields.Email,
    FirstName: fields.FirstName,
    LastName: fields.LastName,
    Company: fields.Company ?? null,
    Phone: fields.Phone ?? null,
    TaxExemptionNo: fields.TaxExemptionNo ?? null,
    Addresses: fields.Addresses ?? [],
  });
  store.indexCustomerEmail(customer);
  store.emit('customer.created', customer);
  return customer;
}

function requireFreeEmail(store: ClarityStore, email: string, ownId: number | undefined): void {
  const holder = store.customerByEmail(email);
  if (holder && holder.ID !== ownId) {
    throw conflict(
      `a customer with Email ${JSON.stringify(email)} already exists (CustomKey ${holder.CustomKey}); fetch it with GET /api/v1/customers?email=`,
    );
  }
}

function readCustomer(body: Json, creating: boolean): CustomerFields {
  const check = new FieldChecker();
  knownFieldsOnly(check, body, FIELDS);
  const out: CustomerFields = {};
  const customKey = checkCustomKey(check, body, false, 100);
  if (customKey !== undefined) out.CustomKey = customKey;
  for (const field of ['Email', 'FirstName', 'LastName'] as const) {
    const value = creating ? check.requiredString(body, field) : check.optionalString(body, field);
    if (value === null) check.add(field, 'cannot be null');
    else if (value !== undefined) out[field] = value.trim();
  }
  if (out.Email !== undefined && !isEmail(out.Email))
    check.add('Email', `is not an email address: ${JSON.stringify(out.Email)}`);
  for (const field of ['Company', 'Phone', 'TaxExemptionNo'] as const) {
    const value = check.optionalString(body, field, field === 'Phone' ? 40 : 255);
    if (value !== undefined) out[field] = value;
  }
  const active = check.optionalBoolean(body, 'Active');
  if (active !== undefined) out.Active = active;
  if (body.Addresses !== undefined) {
    const addresses = readAddresses(check, body.Addresses);
    if (addresses) out.Addresses = addresses;
  }
  check.throwIfAny('the customer');
  return out;
}

function readAddresses(check: FieldChecker, value: unknown): CustomerAddress[] | undefined {
  if (!Array.isArray(value)) {
    check.add('Addresses', 'must be a list of {Key, IsBilling, IsShipping, Address}');
    return undefined;
  }
  return value.map((raw: unknown, i): CustomerAddress => {
    const item = (raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Json;
    const key = check.optionalString(item, 'Key', 100, `Addresses[${i}].Key`) ?? `addr-${i + 1}`;
    const isBilling = check.optionalBoolean(item, 'IsBilling', `Addresses[${i}].IsBilling`) ?? false;
    const isShipping = check.optionalBoolean(item, 'IsShipping', `Addresses[${i}].IsShipping`) ?? false;
    return {
      Key: key,
      IsBilling: isBilling,
      IsShipping: isShipping,
      Address: readAddress(check, item.Address, `Addresses[${i}].Address`),
    };
  });
}

/** An address object; CountryCode, when given, is two capital letters (ISO 3166-1 alpha-2). */
export function readAddress(check: FieldChecker, value: unknown, path: string): Address {
  const address = {
    Street1: null,
    Street2: null,
    Street3: null,
    City: null,
    RegionCode: null,
    PostalCode: null,
    CountryCode: null,
  } as Address;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    check.add(path, 'must be an object {Street1, Street2, Street3, City, RegionCode, PostalCode, CountryCode}');
    return address;
  }
  const body = value as Json;
  for (const key of Object.keys(body)) {
    if (!(ADDRESS_FIELDS as readonly string[]).includes(key))
      check.add(`${path}.${key}`, `unknown address field; allowed: ${ADDRESS_FIELDS.join(', ')}`);
  }
  for (const field of ADDRESS_FIELDS) {
    const v = check.optionalString(body, field, 255, `${path}.${field}`);
    if (v !== undefined) address[field] = v;
  }
  if (address.CountryCode !== null && !/^[A-Z]{2}$/.test(address.CountryCode)) {
    check.add(
      `${path}.CountryCode`,
      `must be an ISO 3166-1 alpha-2 code such as US; got ${JSON.stringify(address.CountryCode)}`,
    );
  }
  return address;
}
