// /api/v1/products: the catalog. POST creates (CustomKey = SKU, Name, Price required), PUT changes the fields sent.
import type { SandboxContext } from '../context.ts';
import type { Product, ProductVariant } from '../model.ts';
import { route, type Route } from '../router.ts';
import type { ClarityStore } from '../store.ts';
import { FieldChecker, type Json } from '../validation.ts';
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
  'Barcode',
  'Name',
  'Description',
  'SeoUrl',
  'CategoryKeys',
  'Price',
  'SalePrice',
  'Weight',
  'TaxCode',
  'IsUnlimitedStock',
  'AllowBackOrder',
  'Variants',
] as const;

type ProductFields = Partial<Omit<Product, 'ID' | 'CreatedDate' | 'UpdatedDate'>>;

export function productRoutes({ store }: SandboxContext): Route[] {
  const read = ['products:read'];
  const write = ['products:write'];
  return [
    route('GET', '/api/v1/products', read, (request) => listAnswer(request, store.products.all())),
    route('GET', '/api/v1/products/key/*key', read, (request) => {
      const key = request.params.key ?? '';
      return {
        status: 200,
        body: found(store.products.getByKey(key), `no product with CustomKey ${JSON.stringify(key)}`),
      };
    }),
    route('GET', '/api/v1/products/:id', read, (request) => {
      const id = idParam(request, 'product');
      return { status: 200, body: found(store.products.get(id), `no product with ID ${id}`) };
    }),
    route('POST', '/api/v1/products', write, (request) => {
      const fields = readProduct(store, bodyObject(request, 'the product'), true);
      requireFreeKey(
        store.products.hasKey(fields.CustomKey!),
        'product',
        fields.CustomKey!,
        `/api/v1/products/key/${encodeURIComponent(fields.CustomKey!)}`,
      );
      const product = store.products.insert({
        CustomKey: fields.CustomKey!,
        Active: fields.Active ?? true,
        Barcode: fields.Barcode ?? null,
        Name: fields.Name!,
        Description: fields.Description ?? null,
        SeoUrl: fields.SeoUrl ?? null,
        CategoryKeys: fields.CategoryKeys ?? [],
        Price: fields.Price!,
        SalePrice: fields.SalePrice ?? null,
        Weight: fields.Weight ?? null,
        TaxCode: fields.TaxCode ?? null,
        IsUnlimitedStock: fields.IsUnlimitedStock ?? false,
        AllowBackOrder: fields.AllowBackOrder ?? false,
        Variants: fields.Variants ?? [],
      });
      store.emit('product.created', product);
      return createdAnswer(product, `/api/v1/products/${product.ID}`);
    }),
    route('PUT', '/api/v1/products/:id', write, (request) => {
      const id = idParam(request, 'product');
      const current = found(store.products.get(id), `no product with ID ${id}`);
      const fields = readProduct(store, bodyObject(request, 'the product'), false);
      if (fields.CustomKey !== undefined && fields.CustomKey !== current.CustomKey) {
        requireFreeKey(
          store.products.hasKey(fields.CustomKey),
          'product',
          fields.CustomKey,
          `/api/v1/products/key/${encodeURIComponent(fields.CustomKey)}`,
        );
      }
      const { record, changed } = store.products.update(id, (draft) => Object.assign(draft, fields));
      if (changed) store.emit('product.updated', record);
      return { status: 200, body: record };
    }),
  ];
}

/** The product fields of a body, checked; `creating` makes CustomKey, Name and Price required. */
function readProduct(store: ClarityStore, body: Json, creating: boolean): ProductFields {
  const check = new FieldChecker();
  knownFieldsOnly(check, body, FIELDS);
  const out: ProductFields = {};
  const customKey = checkCustomKey(check, body, creating, 100);
  if (customKey !== undefined) out.CustomKey = customKey;
  const name = creating ? check.requiredString(body, 'Name', 255) : check.optionalString(body, 'Name', 255);
  if (name === null) check.add('Name', 'cannot be null');
  else if (name !== undefined) out.Name = name;
  const price = creating
    ? check.requiredNumber(body, 'Price', { min: 0 })
    : check.optionalNumber(body, 'Price', { min: 0 });
  if (price === null) check.add('Price', 'cannot be null');
  else if (price !== undefined) out.Price = price;
  const active = check.optionalBoolean(body, 'Active');
  if (active !== undefined) out.Active = active;
  for (const [field, max] of [
    ['Barcode', 64],
    ['Description', 20_000],
    ['SeoUrl', 255],
    ['TaxCode', 50],
  ] as const) {
    const value = check.optionalString(body, field, max);
    if (value !== undefined) out[field] = value;
  }
  for (const field of ['SalePrice', 'Weight'] as const) {
    const value = check.optionalNumber(body, field, { min: 0 });
    if (value !== undefined) out[field] = value;
  }
  for (const field of ['IsUnlimitedStock', 'AllowBackOrder'] as const) {
    const value = check.optionalBoolean(body, field);
    if (value !== undefined) out[field] = value;
  }
  if (body.CategoryKeys !== undefined) {
    if (!Array.isArray(body.CategoryKeys) || body.CategoryKeys.some((k) => typeof k !== 'string')) {
      check.add('CategoryKeys', 'must be a list of category CustomKeys (strings)');
    } else {
      const unknown = (body.CategoryKeys as string[]).filter((k) => !store.categories.hasKey(k));
      if (unknown.length)
        check.add(
          'CategoryKeys',
          `unknown categories: ${unknown.join(', ')}; create them first with POST /api/v1/categories`,
        );
      else out.CategoryKeys = [...new Set(body.CategoryKeys as string[])];
    }
  }
  if (body.Variants !== undefined) {
    const variants = readVariants(check, body.Variants);
    if (variants) out.Variants = variants;
  }
  check.throwIfAny('the product');
  return out;
}

function readVariants(check: FieldChecker, value: unknown): ProductVariant[] | undefined {
  if (!Array.isArray(value)) {
    check.add('Variants', 'must be a list of {CustomKey, Name, Attributes, Price}');
    return undefined;
  }
  const seen = new Set<string>();
  return value.map((raw: unknown, i): ProductVariant => {
    const item = (raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Json;
    const key = check.requiredString(item, 'CustomKey', 100, `Variants[${i}].CustomKey`) ?? '';
    if (key && seen.has(key)) check.add(`Variants[${i}].CustomKey`, `${key} appears twice`);
    seen.add(key);
    const name = check.requiredString(item, 'Name', 255, `Variants[${i}].Name`) ?? '';
    const price = check.optionalNumber(item, 'Price', { min: 0 }, `Variants[${i}].Price`) ?? null;
    const attributes: Record<string, string> = {};
    if (item.Attributes !== undefined && item.Attributes !== null) {
      if (typeof item.Attributes !== 'object' || Array.isArray(item.Attributes))
        check.add(`Variants[${i}].Attributes`, 'must be an object {name: value}');
      else {
        for (const [k, v] of Object.entries(item.Attributes)) {
          if (typeof v !== 'string') check.add(`Variants[${i}].Attributes.${k}`, 'must be a string');
          else attributes[k] = v;
        }
      }
    }
    return { CustomKey: key, Name: name, Attributes: attributes, Price: price };
  });
}
