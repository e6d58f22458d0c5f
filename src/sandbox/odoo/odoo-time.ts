// Odoo's wire formats for dates: datetimes are UTC "YYYY-MM-DD HH:MM:SS" (second precision), dates "YYYY-MM-DD".

export function formatDatetime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A datetime literal from a domain or a value, normalised so that string comparison orders it in time. */
export function normalizeDatetimeLiteral(value: string): string {
  const trimmed = value
    .trim()
    .replace('T', ' ')
    .replace(/Z$/, '')
    .replace(/\.\d+$/, '')
    .replace(/[+-]\d\d:\d\d$/, '');
  return trimmed.length === 10 ? `${trimmed} 00:00:00` : trimmed;
}
