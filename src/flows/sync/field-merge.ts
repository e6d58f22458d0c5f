// The three-way merge of one record: what the source says now (mapped into the target's fields), what the target
// holds now, and what the bridge last wrote to the target (the binding's snapshot). It decides, field by field,
// what to write, so that the bridge never writes a value the target already has (no echo), never overwrites a
// field the target owns, and settles a field both sides changed by the later change, reporting the conflict. A field
// nobody owns (`both`, or in no group) that the bridge has never written is the target's own: a value there is kept
// (the source's value is remembered, so that later changes follow the later-wins rule), only an empty one is filled. Empty source
// values never get here unless a rule says `keepEmpty` (a clear that means something: a sale that ended); defaults
// that are not values (Odoo's weight 0, its root category) are left out by the mappings and flows before.
import { normalizeStamp, stableStringify } from '../../core/ids.ts';
import type { Ownership, Side } from '../ownership.ts';

export interface FieldConflict {
  field: string;
  /** What the source has now, what the target has now, what the bridge last wrote. */
  source: unknown;
  target: unknown;
  lastWritten: unknown;
  winner: Side;
}

export interface MergeInput {
  /** The source record mapped into the target's fields (update mode, the target's own groups left out). */
  mapped: Record<string, unknown>;
  /** The target's current values (same field names). */
  current: Record<string, unknown>;
  /** What the bridge last wrote to the target (or knew it held), if anything. */
  snapshot: Record<string, unknown> | null | undefined;
  source: Side;
  ownership: Ownership;
  /** The field group of a target field (undefined: in no group). */
  groupOf(field: string): string | undefined;
  /** The source's and the target's change stamps (ISO or Odoo format). */
  sourceStamp: string | undefined;
  targetStamp: string | undefined;
  /**
   * Fields whose mapped value the flow already merged with the target's own (an address book, entry by entry): it
   * keeps what the target holds, so it is written even where the bridge never wrote before.
   */
  merged?: readonly string[];
}

export interface MergePlan {
  /** Fields to write to the target, with the source's values. */
  changes: Record<string, unknown>;
  conflicts: FieldConflict[];
  /** Fields the target changed since the bridge wrote them and keeps (its change travels the other way). */
  kept: string[];
  /**
   * The binding's next snapshot of the mapped fields: the value written or found equal; for a field the target keeps
   * against the source, the source's value (the base the next merge compares with).
   */
  snapshot: Record<string, unknown>;
}

/** A value as compared: Odoo's false, '' , [], null and undefined are all empty; a many2one pair is its id. */
export function comparable(value: unknown): unknown {
  if (value === undefined || value === null || value === false || value === '') return null;
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    if (value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'string') return value[0];
    return value.map(comparable);
  }
  if (typeof value === 'number') return Math.round(value * 1e6) / 1e6;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = comparable(v);
      if (c !== null) out[k] = c;
    }
    return Object.keys(out).length ? out : null;
  }
  return value;
}

export function sameValue(a: unknown, b: unknown): boolean {
  return stableStringify(comparable(a)) === stableStringify(comparable(b));
}

/** Fields of `mapped` whose values differ from `other`'s. */
export function differingFields(
  mapped: Record<string, unknown>,
  other: Record<string, unknown> | null | undefined,
): string[] {
  return Object.keys(mapped).filter((field) => !sameValue(mapped[field], other?.[field]));
}

const stampOf = (stamp: string | undefined): string => (stamp ? normalizeStamp(stamp) : '');

/** Whether the target holds no value: Odoo's `false` is "no value" except in a boolean field (the source's is one). */
function holdsNothing(now: unknown, value: unknown): boolean {
  if (now === false) return typeof value !== 'boolean';
  return comparable(now) === null;
}

export function planMerge(input: MergeInput): MergePlan {
  const { mapped, current, snapshot, source, ownership } = input;
  const target: Side = source === 'odoo' ? 'clarity' : 'odoo';
  const plan: MergePlan = { changes: {}, conflicts: [], kept: [], snapshot: {} };
  // a tie goes to Odoo (the system of record for most things)
  const sourceIsLater = (): boolean => {
    const s = stampOf(input.sourceStamp);
    const t = stampOf(input.targetStamp);
    return s > t || (s === t && source === 'odoo');
  };
  for (const field of Object.keys(mapped)) {
    const value = mapped[field];
    const now = current[field];
    if (sameValue(value, now)) {
      plan.snapshot[field] = value;
      continue;
    }
    const owner = ownership.owner(input.groupOf(field));
    const known = snapshot !== null && snapshot !== undefined && field in snapshot;
    let write: boolean;
    if (owner === source) write = true;
    else if (owner === target) write = false;
    // nobody owns it and the bridge never wrote it: whoever set the target's value owns it
    else if (!known) write = holdsNothing(now, value) || (input.merged?.includes(field) ?? false);
    else if (sameValue(now, snapshot[field])) write = true;
    else if (sameValue(value, snapshot[field])) write = false;
    else {
      write = sourceIsLater();
      plan.conflicts.push({
        field,
        source: value,
        target: now,
        lastWritten: snapshot[field],
        winner: write ? source : target,
      });
    }
    if (write) {
      plan.changes[field] = value;
      plan.snapshot[field] = value;
    } else {
      plan.kept.push(field);
      // A field the target owns is never compared: its value is noted. Otherwise the target keeps its own value
      // over the source's, which becomes the base: the same source value is then no change, and a later change of
      // it meets the target's value as a conflict the later change wins.
      plan.snapshot[field] = owner === target ? now : value;
    }
  }
  return plan;
}

/** The field group of each top-level target field, from a mapping's `fieldGroups()` (labels like `Address.City`). */
export function groupIndex(fieldGroups: Record<string, string[]>): (field: string) => string | undefined {
  const index = new Map<string, string>();
  for (const [group, labels] of Object.entries(fieldGroups)) {
    for (const label of labels) {
      const top = label.split(/[.[]/)[0]!;
      if (!index.has(top)) index.set(top, group);
    }
  }
  return (field) => index.get(field);
}
