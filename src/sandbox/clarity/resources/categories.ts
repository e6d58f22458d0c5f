// /api/v1/categories: the category tree; CustomKey is the path (`Apparel/Shirts`), ParentKey the parent's path.
import type { SandboxContext } from '../context.ts';
import type { Category } from '../model.ts';
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

const FIELDS = ['CustomKey', 'Name', 'ParentKey', 'Active'] as const;

type CategoryFields = Partial<Pick<Category, 'CustomKey' | 'Name' | 'ParentKey' | 'Active'>>;

export function categoryRoutes({ store }: SandboxContext): Route[] {
  const read = ['products:read'];
  const write = ['products:write'];
  return [
    route('GET', '/api/v1/categories', read, (request) => listAnswer(request, store.categories.all())),
    route('GET', '/api/v1/categories/key/*key', read, (request) => {
      const key = request.params.key ?? '';
      return {
        status: 200,
        body: found(store.categories.getByKey(key), `no category with CustomKey ${JSON.stringify(key)}`),
      };
    }),
    route('GET', '/api/v1/categories/:id', read, (request) => {
      const id = idParam(request, 'category');
      return { status: 200, body: found(store.categories.get(id), `no category with ID ${id}`) };
    }),
    route('POST', '/api/v1/categories', write, (request) => {
      const fields = readCategory(store, bodyObject(request, 'the category'), undefined);
      requireFreeKey(
        store.categories.hasKey(fields.CustomKey!),
        'category',
        fields.CustomKey!,
        `/api/v1/categories/key/${encodeURIComponent(fields.CustomKey!)}`,
      );
      const category = store.categories.insert({
        CustomKey: fields.CustomKey!,
        Name: fields.Name!,
        ParentKey: fields.ParentKey ?? null,
        Active: fields.Active ?? true,
      });
      return createdAnswer(category, `/api/v1/categories/${category.ID}`);
    }),
    route('PUT', '/api/v1/categories/:id', write, (request) => {
      const id = idParam(request, 'category');
      const current = found(store.categories.get(id), `no category with ID ${id}`);
      const fields = readCategory(store, bodyObject(request, 'the category'), current);
      if (fields.CustomKey !== undefined && fields.CustomKey !== current.CustomKey) {
        requireFreeKey(
          store.categories.hasKey(fields.CustomKey),
          'category',
          fields.CustomKey,
          `/api/v1/categories/key/${encodeURIComponent(fields.CustomKey)}`,
        );
      }
      const { record } = store.categories.update(id, (draft) => Object.assign(draft, fields));
      return { status: 200, body: record };
    }),
  ];
}

function readCategory(store: ClarityStore, body: Json, current: Category | undefined): CategoryFields {
  const check = new FieldChecker();
  knownFieldsOnly(check, body, FIELDS);
  const out: CategoryFields = {};
  const customKey = checkCustomKey(check, body, current === undefined, 255);
  if (customKey !== undefined) out.CustomKey = customKey;
  const name = current === undefined ? check.requiredString(body, 'Name') : check.optionalString(body, 'Name');
  if (name === null) check.add('Name', 'cannot be null');
  else if (name !== undefined) out.Name = name;
  const parent = check.optionalString(body, 'ParentKey');
  if (parent !== undefined) {
    const own = out.CustomKey ?? current?.CustomKey;
    if (parent !== null && parent === own) check.add('ParentKey', 'a category cannot be its own parent');
    else if (parent !== null && !store.categories.hasKey(parent))
      check.add('ParentKey', `unknown category ${JSON.stringify(parent)}; create the parent first`);
    else out.ParentKey = parent;
  }
  const active = check.optionalBoolean(body, 'Active');
  if (active !== undefined) out.Active = active;
  check.throwIfAny('the category');
  return out;
}
