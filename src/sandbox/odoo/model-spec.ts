// How one Odoo model is described to the sandbox: its fields (from the real schema plus what the sandbox adds),
// its computed fields, defaults, business methods and hooks. The generic behaviour lives in model.ts.
import type { Env } from './env.ts';
import type { FieldMap } from './field-schemas.ts';
import type { Model } from './model.ts';
import type { OdooVersion } from './version.ts';

/** One stored record: raw values (many2one = id | false, many2many = ids; one2many is derived, never stored). */
export type Raw = Record<string, unknown> & { id: number };

export interface ComputedField {
  get(rec: Raw, env: Env): unknown;
  /** Inverse: lets a write of this field change the stored data (version aliases use it). */
  set?(rec: Raw, value: unknown, env: Env): void;
}

export type Kwargs = Record<string, unknown>;
/** A public method; `ids` is empty for @api.model methods. Returning `undefined` means Python's None. */
export type MethodImpl = (env: Env, model: Model, ids: number[], kwargs: Kwargs) => unknown;

export interface ModelSpec {
  name: string;
  /** Versions that have this model (all when absent). */
  versions?: readonly OdooVersion[];
  /** `_description`, used in error messages ("Sales Order"). */
  description: string;
  /** `_order` (a function where it differs between versions). */
  order?: string | ((version: OdooVersion) => string);
  /** Fields beyond (or, without a schema file, instead of) the real schema of this version. */
  fields?: (version: OdooVersion) => FieldMap;
  /** Fields of the real schema this sandbox must hide on a version (none by default). */
  hiddenFields?: (version: OdooVersion) => string[];
  /** one2many field → the many2one on the comodel that points back. */
  inverses?: Record<string, string>;
  /** `_inherits` delegation (product.product → product.template). */
  inherits?: { model: string; field: string; ownFields: readonly string[] };
  /** Fields that must be set once defaults are applied. */
  required?: readonly string[];
  /** Default values for a create, given the values asked for. */
  defaults?: (env: Env, vals: Kwargs) => Kwargs;
  computed?: (version: OdooVersion) => Record<string, ComputedField>;
  displayName?: (rec: Raw, env: Env) => string;
  methods?: Record<string, MethodImpl>;
  /** Methods that take no ids (`@api.model`). */
  modelMethods?: readonly string[];
  /** Float fields kept to a decimal.precision (Odoo rounds them when they are written): field → precision name. */
  digits?: Readonly<Record<string, string>>;
  /**
   * Odoo's multi-company record rule (records of another company than the call's are not found): on by default
   * for a model with a `company_id` to res.company; false for models whose rule is different (users, companies).
   */
  companyRule?: false;
  /** many2one fields to index (inverses of one2many are indexed anyway). */
  indexes?: readonly string[];
  /** Replaces the generic create for one set of values (return an id to skip it, undefined to go on). */
  createOverride?: (env: Env, model: Model, vals: Kwargs) => number | undefined;
  afterCreate?: (env: Env, rec: Raw, vals: Kwargs) => void;
  afterWrite?: (env: Env, rec: Raw, vals: Kwargs, old: Kwargs) => void;
  beforeUnlink?: (env: Env, recs: Raw[]) => void;
}
