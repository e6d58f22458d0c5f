// The public methods every model answers (BaseModel's API): create, read, write, unlink, search, search_read,
// search_count, fields_get, name_search, read_group, default_get, exists, copy, archive, message_post.
import type { Domain } from './domain.ts';
import type { Kwargs, MethodImpl } from './model-spec.ts';
import type { Model } from './model.ts';
import { valueError } from './odoo-errors.ts';

/** Positional parameter names of a method (after `ids` for record methods), for JSON-RPC and JSON-2 alike. */
export interface MethodSignature {
  params: readonly string[];
  /** `@api.model`: takes no ids. */
  model: boolean;
  /** Parameters JSON-2 refuses to go without. */
  required?: readonly string[];
}

export const SIGNATURES: Record<string, MethodSignature> = {
  create: { params: ['vals_list'], model: true, required: ['vals_list'] },
  search: { params: ['domain', 'offset', 'limit', 'order'], model: true, required: ['domain'] },
  search_read: { params: ['domain', 'fields', 'offset', 'limit', 'order'], model: true },
  search_count: { params: ['domain', 'limit'], model: true, required: ['domain'] },
  fields_get: { params: ['allfields', 'attributes'], model: true },
  name_search: { params: ['name', 'domain', 'operator', 'limit'], model: true },
  name_create: { params: ['name'], model: true, required: ['name'] },
  read_group: {
    params: ['domain', 'fields', 'groupby', 'offset', 'limit', 'orderby', 'lazy'],
    model: true,
    required: ['domain', 'fields', 'groupby'],
  },
  // 17 and 18 name it fields_list, 19 (the only JSON-2 version) fields
  default_get: { params: ['fields'], model: true, required: ['fields'] },
  context_get: { params: [], model: true },
  check_access_rights: { params: ['operation', 'raise_exception'], model: true, required: ['operation'] },
  has_access: { params: ['operation'], model: false, required: ['operation'] },
  check_access: { params: ['operation'], model: false, required: ['operation'] },
  read: { params: ['fields', 'load'], model: false },
  write: { params: ['vals'], model: false, required: ['vals'] },
  unlink: { params: [], model: false },
  exists: { params: [], model: false },
  copy: { params: ['default'], model: false },
  name_get: { params: [], model: false },
  message_post: { params: ['body', 'subject', 'message_type', 'subtype_xmlid'], model: false },
};

/** Signature of a business method: record method without arguments unless the model says otherwise. */
export function signatureOf(model: Model, method: string): MethodSignature {
  const known = SIGNATURES[method];
  if (known) return known;
  return { params: [], model: model.spec.modelMethods?.includes(method) ?? false };
}

const asDomain = (value: unknown): Domain => (Array.isArray(value) ? (value as Domain) : []);
const asNumber = (value: unknown): number | undefined => (typeof value === 'number' && value > 0 ? value : undefined);
const asFields = (value: unknown): string[] | undefined => (Array.isArray(value) ? (value as string[]) : undefined);
const asOrder = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);

export const GENERIC_METHODS: Record<string, MethodImpl> = {
  create(env, model, _ids, kw) {
    const vals = kw.vals_list;
    if (Array.isArray(vals)) return vals.map((v) => model.create(v as Kwargs));
    if (vals && typeof vals === 'object') return model.create(vals as Kwargs);
    throw valueError('create() expects a dict or a list of dicts');
  },
  search(_env, model, _ids, kw) {
    return model.search(asDomain(kw.domain), {
      order: asOrder(kw.order),
      limit: asNumber(kw.limit),
      offset: asNumber(kw.offset),
    });
  },
  search_read(_env, model, _ids, kw) {
    const fields = asFields(kw.fields);
    if (fields) model.checkFieldNames(fields);
    const ids = model.search(asDomain(kw.domain), {
      order: asOrder(kw.order),
      limit: asNumber(kw.limit),
      offset: asNumber(kw.offset),
    });
    return model.read(ids, fields);
  },
  search_count(_env, model, _ids, kw) {
    const count = model.search(asDomain(kw.domain)).length;
    const limit = asNumber(kw.limit);
    return limit ? Math.min(limit, count) : count;
  },
  read(_env, model, ids, kw) {
    return model.read(ids, asFields(kw.fields), kw.load === null || kw.load === false ? 'none' : 'classic');
  },
  write(_env, model, ids, kw) {
    return model.write(ids, (kw.vals ?? {}) as Kwargs);
  },
  unlink(_env, model, ids) {
    return model.unlink(ids.filter((id) => model.has(id)));
  },
  exists(_env, model, ids) {
    return ids.filter((id) => model.has(id));
  },
  copy(_env, model, ids, kw) {
    const source = model.read([ids[0] ?? 0], undefined, 'none')[0];
    if (!source) return false;
    const vals: Kwargs = {};
    for (const [key, value] of Object.entries(source)) {
      const def = model.fields[key];
      if (!def || def.readonly || def.type === 'one2many' || key === 'id') continue;
      vals[key] = def.type === 'many2many' ? [[6, 0, value]] : value;
    }
    return model.create({ ...vals, ...((kw.default as Kwargs | undefined) ?? {}) });
  },
  fields_get(_env, model, _ids, kw) {
    const wanted = asFields(kw.allfields);
    const attributes = asFields(kw.attributes);
    const result: Record<string, Record<string, unknown>> = {};
    for (const [name, def] of Object.entries(model.fields)) {
      if (wanted && wanted.length && !wanted.includes(name)) continue;
      const full: Record<string, unknown> = { ...def };
      if (!attributes || attributes.length === 0) {
        result[name] = full;
      } else {
        const picked: Record<string, unknown> = {};
        for (const attribute of attributes) if (attribute in full) picked[attribute] = full[attribute];
        // Odoo always tells when a field cannot be searched (fixture 10: analytic_distribution_search).
        if (full.searchable === false) picked.searchable = false;
        result[name] = picked;
      }
    }
    return result;
  },
  name_search(_env, model, _ids, kw) {
    const name = typeof kw.name === 'string' ? kw.name : '';
    const operator = typeof kw.operator === 'string' ? kw.operator : 'ilike';
    const domain = asDomain(kw.domain ?? kw.args);
    const limit = asNumber(kw.limit) ?? 100;
    const ids = model.search(domain);
    const results: [number, string][] = [];
    const pattern = name.toLowerCase();
    for (const id of ids) {
      const label = model.displayName(model.browse(id));
      const hit =
        name === '' ||
        (operator === 'ilike' && label.toLowerCase().includes(pattern)) ||
        (operator === 'like' && label.includes(name)) ||
        (operator === '=' && label === name) ||
        (operator === '=ilike' && label.toLowerCase() === pattern);
      if (hit) results.push([id, label]);
      if (results.length >= limit) break;
    }
    return results;
  },
  name_get(_env, model, ids) {
    return ids.filter((id) => model.has(id)).map((id) => [id, model.displayName(model.browse(id))]);
  },
  name_create(_env, model, _ids, kw) {
    const id = model.create({ name: kw.name });
    return [id, model.displayName(model.browse(id))];
  },
  read_group(_env, model, _ids, kw) {
    const groupby = Array.isArray(kw.groupby) ? (kw.groupby as string[]) : [String(kw.groupby)];
    const field = (groupby[0] ?? '').split(':')[0]!;
    model.checkFieldNames([field]);
    const domain = asDomain(kw.domain);
    const aggregates = (asFields(kw.fields) ?? [])
      .map((spec) => spec.split(':'))
      .filter(
        ([name, agg]) =>
          name &&
          name !== field &&
          (agg === 'sum' ||
            model.fields[name]?.type === 'float' ||
            model.fields[name]?.type === 'monetary' ||
            model.fields[name]?.type === 'integer'),
      );
    const groups = new Map<string, { value: unknown; ids: number[] }>();
    for (const id of model.search(domain)) {
      const value = model.getValue(model.browse(id), field);
      const key = JSON.stringify(value);
      const group = groups.get(key) ?? { value, ids: [] };
      group.ids.push(id);
      groups.set(key, group);
    }
    const lazy = kw.lazy !== false;
    return [...groups.values()].map(({ value, ids }) => {
      const row: Record<string, unknown> = {
        [field]: model.formatValue(field, value),
        [lazy ? `${field}_count` : '__count']: ids.length,
      };
      for (const [name] of aggregates) {
        row[name!] = ids.reduce((sum, id) => sum + Number(model.getValue(model.browse(id), name!) || 0), 0);
      }
      row.__domain = [[field, '=', value], ...domain];
      return row;
    });
  },
  default_get(env, model, _ids, kw) {
    const wanted = asFields(kw.fields ?? kw.fields_list) ?? [];
    const defaults = model.spec.defaults?.(env, {}) ?? {};
    const result: Record<string, unknown> = {};
    for (const name of wanted) if (name in defaults) result[name] = defaults[name];
    return result;
  },
  // The sandbox's user is the administrator: every operation on every model is allowed.
  check_access_rights() {
    return true;
  },
  has_access() {
    return true;
  },
  check_access() {
    return undefined;
  },
  action_archive(_env, model, ids) {
    if ('active' in model.fields) model.write(ids, { active: false });
    return undefined;
  },
  action_unarchive(_env, model, ids) {
    if ('active' in model.fields) model.write(ids, { active: true });
    return undefined;
  },
  message_post(env, model, ids, kw) {
    const messages = env.model('mail.message');
    const id = messages.createRaw({
      model: model.name,
      res_id: ids[0] ?? 0,
      body: typeof kw.body === 'string' ? kw.body : '',
      subject: kw.subject ?? false,
      message_type: typeof kw.message_type === 'string' ? kw.message_type : 'comment',
    });
    return id;
  },
};
