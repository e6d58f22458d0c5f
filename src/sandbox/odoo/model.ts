// One Odoo model held in memory: a Map of raw records plus the generic ORM behaviour (create/read/write/unlink,
// search with domains and order, x2many commands, field validation, many2one display values, _inherits).
import type { Env } from './env.ts';
import { magicFields, realSchema, type FieldDef, type FieldMap } from './field-schemas.ts';
import type { ComputedField, Kwargs, ModelSpec, Raw } from './model-spec.ts';
import { compileDomain, type Domain } from './domain.ts';
import { missingError, requiredFieldError, unknownFieldError, valueError, userError } from './odoo-errors.ts';
import { formatDatetime } from './odoo-time.ts';

const X2MANY = new Set(['one2many', 'many2many']);
/** Fields the ORM maintains itself; Odoo ignores them in create/write values. */
const LOG_ACCESS_FIELDS = ['id', 'display_name', 'create_date', 'create_uid', 'write_date', 'write_uid'];

/** The digits of a decimal.precision (Settings > Technical > Decimal Accuracy), 2 when the database has none. */
export function decimalDigits(env: Env, name: string): number {
  const model = env.models.get('decimal.precision');
  const [id] = model?.search([['name', '=', name]], { limit: 1 }) ?? [];
  const digits = id === undefined ? undefined : model!.get(id)?.digits;
  return typeof digits === 'number' ? digits : 2;
}

/** Odoo's float_round (half up, away from zero), as a field with digits stores a value. */
function roundToDigits(value: number, digits: number): number {
  const factor = 10 ** digits;
  return (Math.sign(value) * Math.round(Math.abs(value) * factor + 1e-9)) / factor;
}

function withoutLogAccess(vals: Kwargs): Kwargs {
  if (!LOG_ACCESS_FIELDS.some((field) => field in vals)) return vals;
  const copy = { ...vals };
  for (const field of LOG_ACCESS_FIELDS) delete copy[field];
  return copy;
}

export class Model {
  readonly name: string;
  readonly records = new Map<number, Raw>();
  readonly fields: FieldMap;
  readonly computed: Record<string, ComputedField>;
  /** `_order` on this version. */
  readonly defaultOrder: string;
  private nextId = 1;
  private readonly indexes = new Map<string, Map<unknown, Set<number>>>();

  constructor(
    readonly spec: ModelSpec,
    private readonly env: Env,
  ) {
    this.name = spec.name;
    const version = env.version;
    const schema = realSchema(spec.name, version);
    this.fields = { ...magicFields(), ...(schema ?? {}), ...(spec.fields?.(version) ?? {}) };
    for (const hidden of spec.hiddenFields?.(version) ?? []) delete this.fields[hidden];
    this.computed = spec.computed?.(version) ?? {};
    this.defaultOrder = (typeof spec.order === 'function' ? spec.order(version) : spec.order) ?? 'id';
    const indexed = new Set(spec.indexes ?? []);
    if (spec.inherits) indexed.add(spec.inherits.field);
    for (const field of indexed) this.indexes.set(field, new Map());
  }

  /** Called once every model exists: index the fields other models' one2many point back through. */
  indexInverse(field: string): void {
    if (!this.indexes.has(field)) this.indexes.set(field, new Map());
  }

  get description(): string {
    return this.spec.description;
  }

  setNextId(id: number): void {
    this.nextId = Math.max(this.nextId, id);
  }

  field(name: string): FieldDef | undefined {
    return this.fields[name];
  }

  has(id: number): boolean {
    return this.records.has(id);
  }

  get(id: number): Raw | undefined {
    return this.records.get(id);
  }

  /** The record with that id, or Odoo's MissingError. */
  browse(id: number): Raw {
    const rec = this.records.get(id);
    if (!rec) throw missingError(this.name, [id], this.env.uid);
    return rec;
  }

  /** Ids of the records whose indexed many2one `field` equals `value`. */
  idsWhere(field: string, value: unknown): number[] {
    const index = this.indexes.get(field);
    if (index) return [...(index.get(value) ?? [])];
    const ids: number[] = [];
    for (const rec of this.records.values()) if (this.getValue(rec, field) === value) ids.push(rec.id);
    return ids;
  }

  /** The value of `field` on a record in raw form (many2one id | false, x2many ids), computed if need be. */
  getValue(rec: Raw, field: string): unknown {
    if (field === 'id') return rec.id;
    const computed = this.computed[field];
    if (computed) return computed.get(rec, this.env);
    if (field === 'display_name') return this.displayName(rec);
    const def = this.fields[field];
    const inherits = this.spec.inherits;
    if (inherits && def && !inherits.ownFields.includes(field) && !(field in rec)) {
      const parentModel = this.env.model(inherits.model);
      if (parentModel.fields[field]) {
        const parent = parentModel.get(rec[inherits.field] as number);
        return parent ? parentModel.getValue(parent, field) : emptyValue(def);
      }
    }
    if (def?.type === 'one2many') {
      const inverse = this.spec.inverses?.[field];
      if (!inverse || !def.relation) return [];
      return this.env
        .model(def.relation)
        .idsWhere(inverse, rec.id)
        .sort((a, b) => a - b);
    }
    const value = rec[field];
    if (value === undefined || value === null) return def ? emptyValue(def) : false;
    return value;
  }

  displayName(rec: Raw): string {
    if (this.spec.displayName) return this.spec.displayName(rec, this.env);
    const name = this.getValue(rec, 'name');
    return typeof name === 'string' ? name : `${this.name},${rec.id}`;
  }

  /** A value as the wire shows it: many2one `[id, display name]`, empty → false. */
  formatValue(field: string, value: unknown, load: 'classic' | 'none' = 'classic'): unknown {
    const def = this.fields[field];
    if (!def) return value;
    if (def.type === 'many2one') {
      if (typeof value !== 'number' || value === 0) return false;
      if (load === 'none' || !def.relation) return value;
      const comodel = this.env.models.get(def.relation);
      const target = comodel?.get(value);
      if (!comodel) return false;
      return target ? [value, comodel.displayName(target)] : false;
    }
    if (def.type === 'many2many' && Array.isArray(value) && value.length > 1 && def.relation) {
      // Odoo reads a many2many in its comodel's order (fixture 23: webhook_field_ids by field name).
      const comodel = this.env.models.get(def.relation);
      if (!comodel) return value;
      const recs = (value as number[]).map((id) => comodel.get(id)).filter((r): r is Raw => Boolean(r));
      comodel.sortRecords(recs, comodel.defaultOrder);
      return recs.map((r) => r.id);
    }
    if (X2MANY.has(def.type)) return Array.isArray(value) ? value : [];
    if (value === undefined || value === null || value === '') return def.type === 'boolean' ? false : emptyValue(def);
    return value;
  }

  // ---- validation ---------------------------------------------------------------------------------

  checkFieldNames(names: Iterable<string>): void {
    for (const name of names) {
      if (!this.fields[name]) throw unknownFieldError(this.name, name, this.env.version, 'read');
    }
  }

  private checkValues(vals: Kwargs): void {
    for (const [name, value] of Object.entries(vals)) {
      const def = this.fields[name];
      if (!def) throw unknownFieldError(this.name, name, this.env.version);
      if (def.type === 'selection' && value !== false && value !== null && def.selection) {
        if (!def.selection.some(([key]) => key === value)) {
          throw valueError(`Wrong value for ${this.name}.${name}: ${JSON.stringify(value).replaceAll('"', "'")}`);
        }
      }
      if (def.type === 'many2one' && typeof value === 'number' && value !== 0 && def.relation) {
        const comodel = this.env.models.get(def.relation);
        if (comodel && !comodel.has(value)) throw missingError(def.relation, [value], this.env.uid);
      }
    }
  }

  // ---- create / write / unlink --------------------------------------------------------------------

  create(asked: Kwargs): number {
    const vals = withoutLogAccess(asked);
    const override = this.spec.createOverride?.(this.env, this, vals);
    if (override !== undefined) return override;
    this.checkValues(vals);
    // Odoo fills fields from `default_<field>` context keys before the model's own defaults.
    const contextDefaults: Kwargs = {};
    for (const [key, value] of Object.entries(this.env.context)) {
      if (key.startsWith('default_') && this.fields[key.slice(8)] && !(key.slice(8) in vals))
        contextDefaults[key.slice(8)] = value;
    }
    const given = { ...contextDefaults, ...vals };
    const full: Kwargs = { ...(this.spec.defaults?.(this.env, given) ?? {}), ...given };
    for (const field of this.spec.required ?? []) {
      const value = full[field];
      if (value === undefined || value === false || value === null || value === '') {
        const def = this.fields[field];
        throw requiredFieldError(this.description, this.name, def?.string ?? field, field, this.env.version);
      }
    }
    const inherits = this.spec.inherits;
    if (inherits && !full[inherits.field]) {
      const parentModel = this.env.model(inherits.model);
      const parentVals: Kwargs = {};
      for (const [key, value] of Object.entries(full)) {
        if (parentModel.fields[key] && !inherits.ownFields.includes(key) && !this.computed[key]) {
          parentVals[key] = value;
          delete full[key];
        }
      }
      full[inherits.field] = parentModel.createRaw(
        { ...(parentModel.spec.defaults?.(this.env, parentVals) ?? {}), ...parentVals },
        { skipVariant: true },
      );
    }
    return this.createRaw(full);
  }

  /** Create without the required-field check (seeding, and internal creates that set everything). */
  createRaw(vals: Kwargs, options: { id?: number; skipVariant?: boolean } = {}): number {
    const id = options.id ?? this.nextId;
    this.nextId = Math.max(this.nextId, id + 1);
    const now = formatDatetime(this.env.callTime);
    const rec: Raw = { id, create_date: now, write_date: now, create_uid: this.env.uid, write_uid: this.env.uid };
    this.records.set(id, rec);
    this.env.transaction.created(this, rec);
    const deferred: [string, unknown][] = [];
    for (const [key, value] of Object.entries(vals)) {
      const def = this.fields[key];
      if (this.computed[key] || (def && X2MANY.has(def.type))) deferred.push([key, value]);
      else this.setStored(rec, key, value);
    }
    for (const [key, value] of deferred) this.assign(rec, key, value);
    if (options.skipVariant) rec.__skipVariant = true;
    this.spec.afterCreate?.(this.env, rec, vals);
    delete rec.__skipVariant;
    this.env.recordChange(this.name, rec.id, 'create', {});
    return id;
  }

  write(ids: number[], asked: Kwargs): true {
    const vals = withoutLogAccess(asked);
    const missing = ids.filter((id) => !this.records.has(id));
    if (missing.length) throw missingError(this.name, missing, this.env.uid);
    this.checkValues(vals);
    for (const id of ids) this.writeOne(this.browse(id), vals);
    return true;
  }

  /** Write without checks (business code). Bumps write_date like Odoo. */
  writeOne(rec: Raw, vals: Kwargs): void {
    this.env.transaction.touched(rec);
    const old: Kwargs = {};
    for (const key of Object.keys(vals)) old[key] = this.getValue(rec, key);
    const inherits = this.spec.inherits;
    const parentVals: Kwargs = {};
    for (const [key, value] of Object.entries(vals)) {
      if (
        inherits &&
        !inherits.ownFields.includes(key) &&
        !this.computed[key] &&
        this.env.model(inherits.model).fields[key]
      ) {
        parentVals[key] = value;
      } else {
        this.assign(rec, key, value);
      }
    }
    if (inherits && Object.keys(parentVals).length) {
      const parent = this.env.model(inherits.model).get(rec[inherits.field] as number);
      if (parent) this.env.model(inherits.model).writeOne(parent, parentVals);
    }
    this.touch(rec);
    this.spec.afterWrite?.(this.env, rec, vals, old);
    this.env.recordChange(this.name, rec.id, 'write', old);
  }

  /** Set write_date/write_uid to this call's time, as Odoo does when a record (or a stored compute) changes. */
  touch(rec: Raw): void {
    this.env.transaction.touched(rec);
    rec.write_date = formatDatetime(this.env.callTime);
    rec.write_uid = this.env.uid;
  }

  private assign(rec: Raw, key: string, value: unknown): void {
    const computed = this.computed[key];
    if (computed) {
      computed.set?.(rec, value, this.env);
      return;
    }
    const def = this.fields[key];
    if (def?.type === 'one2many') this.applyOne2many(rec, key, def, value);
    else if (def?.type === 'many2many')
      this.setStored(rec, key, applyMany2many(this.env, def, (rec[key] as number[] | undefined) ?? [], value));
    else this.setStored(rec, key, value);
  }

  private setStored(rec: Raw, key: string, value: unknown): void {
    const index = this.indexes.get(key);
    if (index) {
      const before = rec[key];
      if (before !== undefined) index.get(before)?.delete(rec.id);
      let bucket = index.get(value);
      if (!bucket) index.set(value, (bucket = new Set()));
      bucket.add(rec.id);
    }
    const def = this.fields[key];
    const precision = this.spec.digits?.[key];
    if (precision && typeof value === 'number') value = roundToDigits(value, decimalDigits(this.env, precision));
    rec[key] = def?.type === 'many2one' && (value === null || value === undefined || value === 0) ? false : value;
  }

  private applyOne2many(rec: Raw, key: string, def: FieldDef, commands: unknown): void {
    const inverse = this.spec.inverses?.[key];
    if (!inverse || !def.relation || !Array.isArray(commands)) return;
    const comodel = this.env.model(def.relation);
    for (const command of normalizeCommands(commands)) {
      const [op, id, vals] = command;
      switch (op) {
        case 0:
          comodel.create({ ...(vals as Kwargs), [inverse]: rec.id });
          break;
        case 1:
          comodel.write([id as number], vals as Kwargs);
          break;
        case 2:
          comodel.unlink([id as number]);
          break;
        case 3:
          if (comodel.has(id as number)) comodel.writeOne(comodel.browse(id as number), { [inverse]: false });
          break;
        case 4:
          comodel.writeOne(comodel.browse(id as number), { [inverse]: rec.id });
          break;
        case 5:
          for (const child of comodel.idsWhere(inverse, rec.id))
            comodel.writeOne(comodel.browse(child), { [inverse]: false });
          break;
        case 6: {
          const keep = new Set(vals as number[]);
          for (const child of comodel.idsWhere(inverse, rec.id))
            if (!keep.has(child)) comodel.writeOne(comodel.browse(child), { [inverse]: false });
          for (const child of keep) comodel.writeOne(comodel.browse(child), { [inverse]: rec.id });
          break;
        }
        default:
          throw valueError(`Invalid x2many command ${JSON.stringify(command)}`);
      }
    }
  }

  unlink(ids: number[]): true {
    const recs = ids.map((id) => this.browse(id));
    this.spec.beforeUnlink?.(this.env, recs);
    for (const rec of recs) {
      this.forget(rec);
      this.env.recordChange(this.name, rec.id, 'unlink', {});
    }
    return true;
  }

  /** Drop a record without hooks or change log (Odoo's own garbage collection of empty quants). */
  forget(rec: Raw): void {
    this.env.transaction.deleted(this, rec);
    this.unindex(rec);
    this.records.delete(rec.id);
  }

  /** Put a record back as it was (rollback): its values, its place in the Map and in the indexes. */
  restore(rec: Raw, values: Raw | null): void {
    this.unindex(rec);
    if (values === null) {
      this.records.delete(rec.id);
      return;
    }
    for (const key of Object.keys(rec)) if (!(key in values)) delete rec[key];
    Object.assign(rec, values);
    this.records.set(rec.id, rec);
    for (const [field, index] of this.indexes) {
      if (!(field in rec)) continue;
      let bucket = index.get(rec[field]);
      if (!bucket) index.set(rec[field], (bucket = new Set()));
      bucket.add(rec.id);
    }
  }

  private unindex(rec: Raw): void {
    for (const [field, index] of this.indexes) index.get(rec[field])?.delete(rec.id);
  }

  // ---- search / read ------------------------------------------------------------------------------

  search(
    domain: Domain,
    options: {
      order?: string | undefined;
      limit?: number | undefined;
      offset?: number | undefined;
      activeTest?: boolean;
    } = {},
  ): number[] {
    const matches = compileDomain(this.env, this, domain);
    const activeTest = options.activeTest ?? this.env.context.active_test !== false;
    const filterActive = activeTest && 'active' in this.fields && !domainMentions(domain, 'active');
    const visible = this.companyFilter();
    const candidates = this.candidateRecords(domain);
    const found: Raw[] = [];
    for (const rec of candidates) {
      if (filterActive && this.getValue(rec, 'active') === false) continue;
      if (visible && !visible(rec)) continue;
      if (matches(rec)) found.push(rec);
    }
    this.sortRecords(found, options.order ?? this.defaultOrder);
    const offset = options.offset ?? 0;
    const end = options.limit ? offset + options.limit : undefined;
    return found.slice(offset, end).map((rec) => rec.id);
  }

  /** The multi-company record rule: a record of no company, or of one the call sees (undefined: no rule). */
  private companyFilter(): ((rec: Raw) => boolean) | undefined {
    const def = this.fields.company_id;
    if (this.spec.companyRule === false || def?.type !== 'many2one' || def.relation !== 'res.company') return undefined;
    const companies = new Set(this.env.companyIds);
    return (rec) => {
      const company = this.getValue(rec, 'company_id');
      return company === false || companies.has(company as number);
    };
  }

  /** Start from an index when the domain is a plain AND holding `(indexed_field, '=', value)`. */
  private candidateRecords(domain: Domain): Iterable<Raw> {
    if (domain.every((item) => Array.isArray(item) || item === '&')) {
      for (const item of domain) {
        if (!Array.isArray(item)) continue;
        const [field, op, value] = item as [string, string, unknown];
        const isName = typeof value === 'string' && this.fields[field]?.type === 'many2one'; // a name, matched on display names
        if (
          op === '=' &&
          typeof field === 'string' &&
          this.indexes.has(field) &&
          !this.computed[field] &&
          !isName &&
          (typeof value === 'number' || typeof value === 'string')
        ) {
          return this.idsWhere(field, value)
            .map((id) => this.records.get(id))
            .filter((rec): rec is Raw => Boolean(rec));
        }
      }
    }
    return this.records.values();
  }

  sortRecords(recs: Raw[], order: string): void {
    const keys = order
      .split(',')
      .map((part) => part.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([field, direction]) => ({ field: field!, desc: direction?.toLowerCase() === 'desc' }));
    for (const key of keys) {
      if (!this.fields[key.field]) throw valueError(`Invalid field '${key.field}' on model '${this.name}'`);
    }
    const sortValue = (rec: Raw, field: string): unknown => {
      const value = this.getValue(rec, field);
      const def = this.fields[field];
      if (def?.type === 'many2one' && typeof value === 'number' && def.relation) {
        const comodel = this.env.models.get(def.relation);
        const target = comodel?.get(value);
        return comodel && target ? comodel.displayName(target) : false;
      }
      return value;
    };
    recs.sort((a, b) => {
      for (const { field, desc } of keys) {
        const cmp = compareValues(sortValue(a, field), sortValue(b, field));
        if (cmp !== 0) return desc ? -cmp : cmp;
      }
      return a.id - b.id;
    });
  }

  read(ids: number[], fields: string[] | undefined, load: 'classic' | 'none' = 'classic'): Record<string, unknown>[] {
    const names =
      fields && fields.length ? fields : Object.keys(this.fields).filter((n) => this.fields[n]?.type !== 'binary');
    this.checkFieldNames(names);
    const rows: Record<string, unknown>[] = [];
    for (const id of ids) {
      const rec = this.records.get(id);
      if (!rec) continue;
      const row: Record<string, unknown> = { id };
      for (const name of names) {
        if (name === 'id') continue;
        row[name] = this.formatValue(name, this.getValue(rec, name), load);
      }
      rows.push(row);
    }
    return rows;
  }
}

export type Command = [number, number, unknown];

/** x2many commands in their list form; a bare list of ids means "set" (Odoo accepts it for many2many). */
function normalizeCommands(value: unknown[]): Command[] {
  if (value.every((v) => typeof v === 'number')) return [[6, 0, value]];
  return value.map((v) => {
    if (!Array.isArray(v)) throw valueError(`Invalid x2many command ${JSON.stringify(v)}`);
    return [Number(v[0]), Number(v[1] ?? 0), v[2]] as Command;
  });
}

export function applyMany2many(env: Env, def: FieldDef, current: number[], commands: unknown): number[] {
  if (!Array.isArray(commands)) return current;
  let ids = [...current];
  const comodel = def.relation ? env.models.get(def.relation) : undefined;
  for (const [op, id, vals] of normalizeCommands(commands)) {
    switch (op) {
      case 0:
        if (comodel) ids.push(comodel.create(vals as Kwargs));
        break;
      case 1:
        comodel?.write([id], vals as Kwargs);
        break;
      case 2:
        comodel?.unlink([id]);
        ids = ids.filter((x) => x !== id);
        break;
      case 3:
        ids = ids.filter((x) => x !== id);
        break;
      case 4:
        if (comodel && !comodel.has(id)) throw missingError(comodel.name, [id], env.uid);
        if (!ids.includes(id)) ids.push(id);
        break;
      case 5:
        ids = [];
        break;
      case 6: {
        const wanted = (vals as number[]) ?? [];
        const missing = comodel ? wanted.filter((x) => !comodel.has(x)) : [];
        if (comodel && missing.length) throw missingError(comodel.name, missing, env.uid);
        ids = [...wanted];
        break;
      }
      default:
        throw userError(`Unknown x2many command ${op}`);
    }
  }
  return ids;
}

export function emptyValue(def: FieldDef): unknown {
  switch (def.type) {
    case 'integer':
    case 'float':
    case 'monetary':
      return 0;
    case 'one2many':
    case 'many2many':
      return [];
    default:
      return false;
  }
}

function compareValues(a: unknown, b: unknown): number {
  const aEmpty = a === false || a === null || a === undefined;
  const bEmpty = b === false || b === null || b === undefined;
  if (aEmpty || bEmpty) return aEmpty === bEmpty ? 0 : aEmpty ? 1 : -1; // PostgreSQL: NULLS LAST ascending
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = String(a);
  const sb = String(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function domainMentions(domain: Domain, field: string): boolean {
  return domain.some((item) => Array.isArray(item) && typeof item[0] === 'string' && item[0].split('.')[0] === field);
}
