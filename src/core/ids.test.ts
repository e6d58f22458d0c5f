import { describe, expect, it } from 'vitest';
import { contentHash, eventDedupKey, isOlderVersion, normalizeStamp, recordVersion, stableStringify } from './ids.ts';

describe('record versions', () => {
  it('read Odoo and ISO stamps of the same instant alike', () => {
    expect(normalizeStamp('2026-11-25 08:33:14')).toBe('2026-11-25T08:33:14.000Z');
    expect(normalizeStamp('2026-11-25T10:33:14+02:00')).toBe('2026-11-25T08:33:14.000Z');
    expect(() => normalizeStamp('yesterday')).toThrow(/not a date-time/);
  });

  it('give two changes within one second two versions, and the same content one version', () => {
    const a = recordVersion('2026-11-25 08:33:14', { qty: 1 });
    const b = recordVersion('2026-11-25 08:33:14', { qty: 2 });
    expect(a).not.toBe(b);
    expect(recordVersion('2026-11-25T08:33:14Z', { qty: 1 })).toBe(a);
    expect(isOlderVersion(a, b)).toBe(false);
    expect(isOlderVersion(recordVersion('2026-11-25 08:33:13', {}), a)).toBe(true);
  });

  it('hash content independently of key order', () => {
    expect(stableStringify({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
  });

  it('key events as integration:source:entity:id:version', () => {
    expect(
      eventDedupKey({ integrationId: 'main', source: 'odoo', entity: 'stock.picking', entityId: '447', version: 'v' }),
    ).toBe('main:odoo:stock.picking:447:v');
  });
});
