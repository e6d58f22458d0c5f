import { describe, expect, it } from 'vitest';
import { ConversionFailure, compileConversion, parseConversion, type ConversionName } from './convert.ts';
import { currencyDecimals } from './currency.ts';
import { roundHalfAway } from './functions.ts';

const convert = (to: ConversionName, value: unknown, tz?: string) => compileConversion(tz ? { to, tz } : { to })(value);

describe('date-times between ISO-8601 and Odoo', () => {
  it('writes any offset as Odoo UTC text, and reads Odoo UTC back as ISO', () => {
    expect(convert('odoo-datetime', '2026-11-25T10:30:00+01:00')).toBe('2026-11-25 09:30:00');
    expect(convert('odoo-datetime', '2026-11-25T23:30:00-0530')).toBe('2026-11-26 05:00:00');
    expect(convert('odoo-datetime', '2026-11-25T10:30:00.987Z')).toBe('2026-11-25 10:30:00');
    expect(convert('iso-datetime', '2026-11-25 09:30:00')).toBe('2026-11-25T09:30:00Z');
    expect(convert('iso-datetime', '2026-01-15 09:30:00', 'Europe/Paris')).toBe('2026-01-15T10:30:00+01:00');
    expect(convert('iso-datetime', '2026-07-15 09:30:00', 'America/Los_Angeles')).toBe('2026-07-15T02:30:00-07:00');
  });

  it('reads a naive time in the given zone, through daylight-saving changes', () => {
    expect(convert('odoo-datetime', '2026-01-15T09:00:00', 'America/New_York')).toBe('2026-01-15 14:00:00');
    expect(convert('odoo-datetime', '2026-07-15T09:00:00', 'America/New_York')).toBe('2026-07-15 13:00:00');
    // 02:30 does not exist on 8 March 2026 in New York: it moves forward to 03:30 EDT
    expect(convert('odoo-datetime', '2026-03-08T02:30:00', 'America/New_York')).toBe('2026-03-08 07:30:00');
    // 01:30 happens twice on 1 November 2026: the first (EDT) is taken
    expect(convert('odoo-datetime', '2026-11-01T01:30:00', 'America/New_York')).toBe('2026-11-01 05:30:00');
    expect(convert('odoo-datetime', '2026-11-25 09:30:00')).toBe('2026-11-25 09:30:00');
  });

  it('gives a calendar date as written, or as seen in a zone', () => {
    expect(convert('odoo-date', '2026-11-25T23:30:00-05:00')).toBe('2026-11-25');
    expect(convert('odoo-date', '2026-11-25T23:30:00-05:00', 'UTC')).toBe('2026-11-26');
    expect(convert('odoo-date', '2026-11-25T23:30:00-05:00', 'Asia/Tokyo')).toBe('2026-11-26');
    expect(convert('iso-date', '2026-02-28')).toBe('2026-02-28');
  });

  it('refuses what is not a real date-time, saying so', () => {
    for (const bad of ['2026-02-30T10:00:00Z', '25/11/2026', '2026-11-25T24:00:00Z', 42]) {
      expect(() => convert('odoo-datetime', bad)).toThrow(ConversionFailure);
    }
  });
});

describe('scalar conversions', () => {
  it('converts what is unambiguous and refuses the rest', () => {
    expect(convert('number', ' 12.50 ')).toBe(12.5);
    expect(convert('number', '-1e3')).toBe(-1000);
    expect(() => convert('number', '1,5')).toThrow(/not a number/);
    expect(() => convert('number', Number.NaN)).toThrow(/finite/);
    expect(convert('integer', '3')).toBe(3);
    expect(() => convert('integer', 2.5)).toThrow(/whole/);
    expect(convert('boolean', 'Yes')).toBe(true);
    expect(convert('boolean', 0)).toBe(false);
    expect(() => convert('boolean', 'maybe')).toThrow(/yes\/no/);
    expect(convert('string', 42)).toBe('42');
    expect(() => convert('string', { a: 1 })).toThrow(/text/);
    expect(convert('m2o-id', [7, 'Acme'])).toBe(7);
    expect(convert('m2o-name', [7, 'Acme'])).toBe('Acme');
    expect(convert('m2o-id', false)).toBeUndefined();
    expect(convert('m2m-set', [5, 6])).toEqual([[6, 0, [5, 6]]]);
    // "none" stays none: a line the store charged no tax on must not keep its product's default tax
    expect(convert('m2m-set', [])).toEqual([[6, 0, []]]);
  });

  it('passes empty values through as empty, so default and required apply', () => {
    for (const to of ['number', 'boolean', 'string', 'odoo-datetime', 'iso-datetime', 'odoo-date'] as const) {
      expect(convert(to, undefined)).toBeUndefined();
      expect(convert(to, null)).toBeUndefined();
    }
  });

  it('checks its own options', () => {
    expect(parseConversion('odoo-datetime')).toEqual({ to: 'odoo-datetime' });
    expect(parseConversion({ to: 'iso-datetime', tz: 'Europe/Paris' })).toEqual({
      to: 'iso-datetime',
      tz: 'Europe/Paris',
    });
    expect(parseConversion('float')).toMatch(/unknown conversion "float"/);
    expect(parseConversion({ to: 'iso-datetime', tz: 'Mars/Olympus' })).toMatch(/unknown time zone/);
    expect(parseConversion({ to: 'number', digits: 2 })).toMatch(/unknown option/);
  });
});

describe('money', () => {
  it('rounds half away from zero per the currency minor unit', () => {
    expect(currencyDecimals('EUR')).toBe(2);
    expect(currencyDecimals('JPY')).toBe(0);
    expect(currencyDecimals('KWD')).toBe(3);
    expect(roundHalfAway(1.005, 2)).toBe(1.01);
    expect(roundHalfAway(-2.5, 0)).toBe(-3);
    expect(roundHalfAway(0.285, 2)).toBe(0.29);
  });
});
