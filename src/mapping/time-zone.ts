// Time-zone arithmetic with the platform's Intl data (no library): the offset of a zone at an instant, and the instant
// of a wall-clock time in a zone.

const formatters = new Map<string, Intl.DateTimeFormat>();

/** True when the runtime knows the IANA zone (e.g. `Europe/Paris`). */
export function isTimeZone(zone: string): boolean {
  try {
    formatterOf(zone);
    return true;
  } catch {
    return false;
  }
}

function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Minutes to add to UTC to get the zone's wall clock at `instantMs` (Paris in winter: 60). */
export function zoneOffsetMinutes(zone: string, instantMs: number): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  const parts = formatterOf(zone).formatToParts(new Date(instantMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const whole = Math.floor(instantMs / 1000) * 1000;
  return Math.round((wall - whole) / 60_000);
}

/**
 * The instant of a wall-clock time (given as if it were UTC ms) in `zone`. A time that occurs twice (autumn) is the
 * earlier one; a time skipped by a spring-forward gap moves forward by the gap (02:30 → 03:30), as Temporal does.
 */
export function wallTimeToInstant(wallAsUtcMs: number, zone: string): number {
  const first = wallAsUtcMs - zoneOffsetMinutes(zone, wallAsUtcMs) * 60_000;
  const second = wallAsUtcMs - zoneOffsetMinutes(zone, first) * 60_000;
  const valid = [first, second].filter(
    (instant) => instant + zoneOffsetMinutes(zone, instant) * 60_000 === wallAsUtcMs,
  );
  if (valid.length) return Math.min(...valid);
  return Math.max(first, second);
}
