// Identity of changes (DESIGN.md "Event identity"): dedup keys, record versions and content hashes.
import { createHash, randomUUID } from 'node:crypto';

/** JSON with object keys sorted, so equal content always gives equal text. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => stableStringify(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/** A short hash of a record's content as read (12 hex digits of SHA-256). */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(stableStringify(value)).digest('hex').slice(0, 12);
}

/**
 * Normalises a source's change stamp to ISO-8601 UTC with milliseconds, so versions compare as strings.
 * Accepts ISO-8601 with or without an offset, and Odoo's `YYYY-MM-DD HH:MM:SS` (UTC).
 */
export function normalizeStamp(stamp: string | Date | number): string {
  if (stamp instanceof Date) return stamp.toISOString();
  if (typeof stamp === 'number') return new Date(stamp).toISOString();
  const odoo = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)$/.exec(stamp);
  const date = new Date(odoo ? `${odoo[1]}T${odoo[2]}Z` : stamp);
  if (Number.isNaN(date.getTime())) throw new TypeError(`not a date-time: ${JSON.stringify(stamp)}`);
  return date.toISOString();
}

/**
 * A record version: the source's change stamp, then a hash of the content, so two changes within the
 * stamp's precision (Odoo: one second) stay two versions, and a webhook and a poll of the same change are one.
 */
export function recordVersion(stamp: string | Date | number, content: unknown): string {
  return `${normalizeStamp(stamp)}#${contentHash(content)}`;
}

/** The change stamp part of a version (what staleness compares). */
export function versionStamp(version: string): string {
  const hash = version.lastIndexOf('#');
  return hash === -1 ? version : version.slice(0, hash);
}

/** True when version `a` was produced strictly before version `b` by the same source. */
export function isOlderVersion(a: string, b: string): boolean {
  return versionStamp(a) < versionStamp(b);
}

export interface EventIdentity {
  integrationId: string;
  source: string;
  entity: string;
  entityId: string;
  version: string;
}

/** `integration:source:entity:id:version`, the inbox's dedup key. */
export function eventDedupKey(e: EventIdentity): string {
  return `${e.integrationId}:${e.source}:${e.entity}:${e.entityId}:${e.version}`;
}

/** A lane: the ordering key of a job (`integration:entity:id`). */
export function laneKey(integrationId: string, entity: string, id: string): string {
  return `${integrationId}:${entity}:${id}`;
}

/** A time-ordered unique id (sortable, 26 chars): milliseconds in hex, then randomness. */
export function newId(prefix = ''): string {
  const time = Date.now().toString(16).padStart(12, '0');
  return `${prefix}${time}${randomUUID().replace(/-/g, '').slice(0, 14)}`;
}
