// The sandbox's database: every model, the sequences, the company flags and, during one call, its context,
// its transaction time (Odoo stamps every write of a call with the same second) and the changes it made.
import type { ModelSpec, Raw } from './model-spec.ts';
import { Model } from './model.ts';
import { accessError, userError } from './odoo-errors.ts';
import type { OdooVersion } from './version.ts';

export interface RecordChange {
  model: string;
  id: number;
  kind: 'create' | 'write' | 'unlink';
  /** Values before a write, of the fields written. */
  old: Record<string, unknown>;
}

/**
 * Undo log of one call: Odoo runs each call in a database transaction, so a call that fails changes nothing.
 * Records are snapshotted the first time the call changes them.
 */
export class Transaction {
  private readonly snapshots = new Map<Raw, { model: Model; values: Raw | null }>();

  created(model: Model, rec: Raw): void {
    if (!this.snapshots.has(rec)) this.snapshots.set(rec, { model, values: null });
  }

  touched(rec: Raw): void {
    if (this.snapshots.has(rec)) return;
    this.snapshots.set(rec, { model: null as unknown as Model, values: structuredClone(rec) });
  }

  deleted(model: Model, rec: Raw): void {
    const entry = this.snapshots.get(rec);
    if (entry) entry.model = model;
    else this.snapshots.set(rec, { model, values: structuredClone(rec) });
  }

  /** Owners of touched records are found lazily (touch does not know the model). */
  rollback(modelOf: (rec: Raw) => Model | undefined): void {
    for (const [rec, entry] of [...this.snapshots].reverse()) {
      const model = entry.model ?? modelOf(rec);
      model?.restore(rec, entry.values);
    }
    this.snapshots.clear();
  }

  clear(): void {
    this.snapshots.clear();
  }

  /** The records this call changed, with their model when known and their values before it (null: it made them). */
  changed(): { rec: Raw; model: Model | undefined; before: Raw | null }[] {
    return [...this.snapshots].map(([rec, entry]) => ({ rec, model: entry.model ?? undefined, before: entry.values }));
  }
}

export class Env {
  readonly models = new Map<string, Model>();
  readonly uid = 2;
  context: Record<string, unknown> = {};
  /** Database-wide switches of the settings page (e.g. the Pricelists group), see models/settings.ts. */
  readonly flags = new Set<string>();
  callTime: number;
  changes: RecordChange[] = [];
  transaction = new Transaction();
  private readonly sequences = new Map<string, number>();

  constructor(
    readonly version: OdooVersion,
    readonly clock: () => number = Date.now,
  ) {
    this.callTime = clock();
  }

  register(specs: readonly ModelSpec[]): void {
    for (const spec of specs)
      if (!spec.versions || spec.versions.includes(this.version)) this.models.set(spec.name, new Model(spec, this));
    // one2many fields read through an index on the comodel's many2one.
    for (const model of this.models.values()) {
      for (const [field, inverse] of Object.entries(model.spec.inverses ?? {})) {
        const relation = model.fields[field]?.relation;
        if (relation) this.models.get(relation)?.indexInverse(inverse);
      }
    }
  }

  /** The model, or Odoo's answer to an unknown one. */
  model(name: string): Model {
    const model = this.models.get(name);
    if (!model) throw userError(`Object ${name} doesn't exist`);
    return model;
  }

  /** Start one RPC call: its context, its transaction time, a fresh change log. */
  beginCall(context: Record<string, unknown>): void {
    const allowed = context.allowed_company_ids;
    if (Array.isArray(allowed) && allowed.some((id) => !this.userCompanyIds().includes(id as number))) {
      throw accessError('Access to unauthorized or invalid companies.');
    }
    this.context = context;
    this.callTime = this.clock();
    this.changes = [];
    this.transaction = new Transaction();
  }

  /** The companies the user may act in (res.users.company_ids). */
  userCompanyIds(): number[] {
    const user = this.models.get('res.users')?.get(this.uid);
    return (user?.company_ids as number[] | undefined) ?? [1];
  }

  /**
   * The companies this call sees: the context's allowed_company_ids, else every company of the user (a call
   * without a company context reads both companies' records, as a real Odoo does). Record rules filter on them.
   */
  get companyIds(): number[] {
    const allowed = this.context.allowed_company_ids;
    return Array.isArray(allowed) && allowed.length ? (allowed as number[]) : this.userCompanyIds();
  }

  /** The company records are made in: the first allowed one, else the user's own company. */
  get companyId(): number {
    const allowed = this.context.allowed_company_ids;
    if (Array.isArray(allowed) && typeof allowed[0] === 'number') return allowed[0];
    return (this.models.get('res.users')?.get(this.uid)?.company_id as number | undefined) ?? 1;
  }

  /** Undo everything the current call changed (it failed). */
  rollback(): void {
    this.transaction.rollback((rec) => {
      for (const model of this.models.values()) if (model.records.get(rec.id) === rec) return model;
      return undefined;
    });
    this.changes = [];
  }

  /** Run `fn` with extra context keys, restoring the call's context afterwards. */
  withContext<T>(extra: Record<string, unknown>, fn: () => T): T {
    const saved = this.context;
    this.context = { ...saved, ...extra };
    try {
      return fn();
    } finally {
      this.context = saved;
    }
  }

  /** The next number of a named sequence (S00001, WH/OUT/00001, ...). */
  nextNumber(code: string): number {
    const value = (this.sequences.get(code) ?? 0) + 1;
    this.sequences.set(code, value);
    return value;
  }

  recordChange(model: string, id: number, kind: RecordChange['kind'], old: Record<string, unknown>): void {
    this.changes.push({ model, id, kind, old });
  }
}
