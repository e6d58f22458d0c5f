// Type conversions a rule can ask for with `convert:`. Each compiles once to a plain function; a value it cannot
// convert throws ConversionFailure, which the rule turns into a field problem. Empty input (undefined/null) passes
// through as undefined so that `default` and `required` apply.
import { isTimeZone, wallTimeToInstant, zoneOffsetMinutes } from './time-zone.ts';

export const CONVERSIONS = [
  'string',
  'number',
  'integer',
  'boolean',
  'odoo-datetime',
  'iso-datetime',
  'odoo-date',
  'iso-date',
  'm2o-id',
  'm2o-name',
  'm2m-set',
] as const;
export type ConversionName = (typeof CONVERSIONS)[number];

export interface ConversionSpec {
  to: ConversionName;
  /** IANA zone: where a naive input is read (odoo-datetime) or the zone the output is written in (iso-*, odoo-date). */
  tz?: string;
}

export class ConversionFailure extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ConversionFailure';
  }
}

export type Converter = (value: unknown) => unknown;

/** Parses a `convert:` value (`number` or `{to: odoo-datetime, tz: Europe/Paris}`); returns an error text when wrong. */
export function parseConversion(raw: unknown): ConversionSpec | string {
  const spec = typeof raw === 'string' ? { to: raw } : raw;
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) return 'convert: expected a name or {to, tz}';
  const { to, tz, ...rest } = spec as Record<string, unknown>;
  if (Object.keys(rest).length) return `convert: unknown option(s) ${Object.keys(rest).join(', ')}`;
  if (typeof to !== 'string' || !(CONVERSIONS as readonly string[]).includes(to)) {
    return `convert: unknown conversion ${JSON.stringify(to)}; use one of ${CONVERSIONS.join(', ')}`;
  }
  if (tz !== undefined && (typeof tz !== 'string' || !isTimeZone(tz)))
    return `convert: unknown time zone ${JSON.stringify(tz)}`;
  return tz === undefined ? { to: to as ConversionName } : { to: to as ConversionName, tz };
}

export function compileConversion(spec: ConversionSpec): Converter {
  const tz = spec.tz;
  switch (spec.to) {
    case 'string':
      return toText;
    case 'number':
      return toNumber;
    case 'integer':
      return toInteger;
    case 'boolean':
      return toBoolean;
    case 'odoo-datetime':
      return (v) => (isEmpty(v) ? undefined : formatOdooDateTime(parseDateTime(v, tz ?? 'UTC').instant));
    case 'iso-datetime':
      return (v) => (isEmpty(v) ? undefined : formatIsoDateTime(parseDateTime(v, 'UTC').instant, tz ?? 'UTC'));
    case 'odoo-date':
    case 'iso-date':
      return (v) => (isEmpty(v) ? undefined : toDate(v, tz));
    case 'm2o-id':
      return (v) => (isEmpty(v) || v === false ? undefined : Array.isArray(v) ? v[0] : v);
    case 'm2o-name':
      return (v) => (isEmpty(v) || v === false ? undefined : Array.isArray(v) ? v[1] : v);
    case 'm2m-set':
      return toSetCommand;
  }
}

function isEmpty(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function toText(value: unknown): unknown {
  if (isEmpty(value)) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  throw new ConversionFailure(`cannot turn ${describe(value)} into text`);
}

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function toNumber(value: unknown): unknown {
  if (isEmpty(value)) return undefined;
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    throw new ConversionFailure(`${value} is not a finite number`);
  }
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === '') return undefined;
    if (NUMERIC.test(trimmed)) return Number(trimmed);
  }
  throw new ConversionFailure(`${describe(value)} is not a number (write digits with a "." for decimals)`);
}

function toInteger(value: unknown): unknown {
  const n = toNumber(value);
  if (n === undefined) return undefined;
  if (!Number.isInteger(n)) throw new ConversionFailure(`${describe(value)} is not a whole number`);
  return n;
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'on']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'off']);

function toBoolean(value: unknown): unknown {
  if (isEmpty(value)) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === 0) return value === 1;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  }
  throw new ConversionFailure(`${describe(value)} is not a yes/no value (true/false, yes/no, 1/0)`);
}

function toSetCommand(value: unknown): unknown {
  if (isEmpty(value) || value === false) return undefined;
  const ids = Array.isArray(value) ? value : [value];
  for (const id of ids)
    if (!Number.isInteger(id) || (id as number) <= 0) throw new ConversionFailure(`${describe(id)} is not a record id`);
  return [[6, 0, ids]];
}

// ---------------------------------------------------------------------------------------------------------------
// Dates and date-times

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

interface ParsedDateTime {
  instant: number;
  /** The calendar date as written in the input (its own offset, or naive). */
  writtenDate: string;
  hasTime: boolean;
  hasOffset: boolean;
}

/** ISO-8601 (offset honoured) or Odoo's `YYYY-MM-DD HH:MM:SS`; a naive value is read in `naiveZone`. */
export function parseDateTime(value: unknown, naiveZone: string): ParsedDateTime {
  if (typeof value !== 'string') throw new ConversionFailure(`${describe(value)} is not a date or date-time text`);
  const m = DATE_TIME.exec(value.trim());
  if (!m)
    throw new ConversionFailure(`${describe(value)} is not an ISO-8601 date-time (e.g. 2026-11-25T10:30:00+01:00)`);
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', offset] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const wall = Date.UTC(
    year,
    month - 1,
    day,
    Number(h),
    Number(mi),
    Number(s),
    Number(frac.padEnd(3, '0').slice(0, 3)),
  );
  const check = new Date(Date.UTC(year, month - 1, day));
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  ) {
    throw new ConversionFailure(`${describe(value)} is not a real calendar date-time`);
  }
  let instant: number;
  if (offset === undefined) instant = wallTimeToInstant(wall, naiveZone);
  else if (offset.toUpperCase() === 'Z') instant = wall;
  else {
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
    instant = wall - sign * minutes * 60_000;
  }
  return { instant, writtenDate: `${y}-${mo}-${d}`, hasTime: m[4] !== undefined, hasOffset: offset !== undefined };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function wallParts(instant: number, zone: string): { date: string; time: string; offsetMinutes: number } {
  const offsetMinutes = zoneOffsetMinutes(zone, instant);
  const w = new Date(instant + offsetMinutes * 60_000);
  return {
    date: `${pad(w.getUTCFullYear(), 4)}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())}`,
    time: `${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())}`,
    offsetMinutes,
  };
}

/** Odoo's datetime: `YYYY-MM-DD HH:MM:SS` in UTC (sub-seconds dropped, as Odoo stores them). */
export function formatOdooDateTime(instant: number): string {
  const { date, time } = wallParts(instant, 'UTC');
  return `${date} ${time}`;
}

/** ISO-8601 in `zone`: `...Z` for UTC, else with the zone's offset at that instant. */
export function formatIsoDateTime(instant: number, zone: string): string {
  const { date, time, offsetMinutes } = wallParts(instant, zone);
  if (offsetMinutes === 0 && (zone === 'UTC' || zone === 'Etc/UTC')) return `${date}T${time}Z`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${date}T${time}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

function toDate(value: unknown, zone: string | undefined): string {
  const parsed = parseDateTime(value, 'UTC');
  // a bare date, or no zone asked for: the calendar date as the source wrote it
  if (!parsed.hasTime || zone === undefined) return parsed.writtenDate;
  return wallParts(parsed.instant, zone).date;
}
