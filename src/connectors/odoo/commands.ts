// Odoo's x2many write commands and many2one values, so flow code never spells `[6, 0, ids]` by hand.

export type X2ManyCommand =
  | [0, 0, Record<string, unknown>]
  | [1, number, Record<string, unknown>]
  | [2, number, 0]
  | [3, number, 0]
  | [4, number, 0]
  | [5, 0, 0]
  | [6, 0, number[]];

export const x2many = {
  /** Create a related record with these values. */
  create: (values: Record<string, unknown>): X2ManyCommand => [0, 0, values],
  /** Update the related record `id`. */
  update: (id: number, values: Record<string, unknown>): X2ManyCommand => [1, id, values],
  /** Delete the related record `id` from the database. */
  delete: (id: number): X2ManyCommand => [2, id, 0],
  /** Remove the link to `id` (the record stays). */
  unlink: (id: number): X2ManyCommand => [3, id, 0],
  /** Add a link to the existing record `id`. */
  link: (id: number): X2ManyCommand => [4, id, 0],
  /** Remove every link. */
  clear: (): X2ManyCommand => [5, 0, 0],
  /** Replace the links by exactly `ids`. */
  set: (ids: readonly number[]): X2ManyCommand => [6, 0, [...ids]],
};

/** A many2one as Odoo reads it: `[id, "display name"]`, or `false` when empty (a bare id with `load: None`). */
export type Many2one = [number, string] | number | false;

/** The id of a many2one value; undefined when it is empty. */
export function m2oId(value: unknown): number | undefined {
  if (Array.isArray(value)) return typeof value[0] === 'number' ? value[0] : undefined;
  return typeof value === 'number' ? value : undefined;
}

/** The display name of a many2one value as read; undefined when empty or read without names. */
export function m2oName(value: unknown): string | undefined {
  return Array.isArray(value) && typeof value[1] === 'string' ? value[1] : undefined;
}

/** The value to write into a many2one: the id, or `false` to empty it. */
export function m2oValue(id: number | undefined | null): number | false {
  return id === undefined || id === null ? false : id;
}

/** Odoo's empty value (`false`) as undefined, anything else as is. */
export function odooValue<T>(value: T | false | null | undefined): T | undefined {
  return value === false || value === null ? undefined : value;
}
