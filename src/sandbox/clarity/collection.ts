// One in-memory table of records: numeric IDs, a unique CustomKey index, and the CreatedDate/UpdatedDate stamps.
import { stableStringify } from '../../core/ids.ts';
import type { BaseRecord } from './model.ts';

export type NewRecord<T extends BaseRecord> = Omit<T, 'ID' | 'CreatedDate' | 'UpdatedDate' | 'Active'> & {
  Active?: boolean;
};

/** Change stamps that never go backwards store-wide, so `modifiedSince` polling never misses a change. */
export class StampClock {
  private last = 0;
  constructor(private readonly now: () => number = Date.now) {}
  /** A stamp not earlier than any stamp given before, and strictly later than `after` when given. */
  next(after?: string): string {
    let ms = Math.max(this.now(), this.last);
    if (after !== undefined) ms = Math.max(ms, Date.parse(after) + 1);
    this.last = ms;
    return new Date(ms).toISOString();
  }
}

export class Collection<T extends BaseRecord> {
  private readonly byId = new Map<number, T>();
  private readonly idByKey = new Map<string, number>();
  private lastId = 0;

  constructor(
    readonly name: string,
    private readonly clock: StampClock,
    /** The unique index key of a record: its CustomKey, or (shipments) `OrderID:CustomKey`. */
    private readonly indexKey: (record: T) => string = (record) => record.CustomKey,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  get(id: number): T | undefined {
    return this.byId.get(id);
  }

  /** The record whose index key (see the constructor) is `key`. */
  getByKey(key: string): T | undefined {
    const id = this.idByKey.get(key);
    return id === undefined ? undefined : this.byId.get(id);
  }

  hasKey(key: string): boolean {
    return this.idByKey.has(key);
  }

  all(): T[] {
    return [...this.byId.values()];
  }

  /** The ID the next insert will get (for keys derived from it). */
  peekNextId(): number {
    return this.lastId + 1;
  }

  insert(fields: NewRecord<T>, stamp = this.clock.next()): T {
    const ID = ++this.lastId;
    // ID and CustomKey first, so records read well in JSON.
    const record = Object.assign({ ID, CustomKey: fields.CustomKey }, fields, {
      Active: fields.Active ?? true,
      CreatedDate: stamp,
      UpdatedDate: stamp,
    }) as unknown as T;
    const key = this.indexKey(record);
    if (this.hasKey(key)) throw new Error(`${this.name}: CustomKey ${record.CustomKey} exists`);
    this.byId.set(ID, record);
    this.idByKey.set(key, ID);
    return record;
  }

  /**
   * Applies `change` to a copy of the record; when anything differs, stores it with a later UpdatedDate.
   * Returns the record and whether it changed (an update that changes nothing leaves the stamp alone).
   */
  update(id: number, change: (draft: T) => void): { record: T; changed: boolean } {
    const current = this.byId.get(id);
    if (!current) throw new Error(`${this.name}: no record ${id}`);
    const draft = structuredClone(current);
    change(draft);
    draft.ID = current.ID;
    draft.CreatedDate = current.CreatedDate;
    draft.UpdatedDate = current.UpdatedDate;
    if (stableStringify(draft) === stableStringify(current)) return { record: current, changed: false };
    const oldKey = this.indexKey(current);
    const newKey = this.indexKey(draft);
    if (newKey !== oldKey) {
      if (this.hasKey(newKey)) throw new Error(`${this.name}: CustomKey ${draft.CustomKey} exists`);
      this.idByKey.delete(oldKey);
      this.idByKey.set(newKey, id);
    }
    draft.UpdatedDate = this.clock.next(current.UpdatedDate);
    this.byId.set(id, draft);
    return { record: draft, changed: true };
  }

  delete(id: number): boolean {
    const current = this.byId.get(id);
    if (!current) return false;
    this.byId.delete(id);
    this.idByKey.delete(this.indexKey(current));
    return true;
  }
}
