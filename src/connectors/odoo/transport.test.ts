import { describe, expect, it } from 'vitest';
import { BusinessError } from '../../core/errors.ts';
import { json2Arguments } from './transport.ts';
import { toServerVersion } from './server-version.ts';
import { addSeconds, toOdooStamp } from './client.ts';

describe('json2Arguments (JSON-2 takes named arguments only)', () => {
  it('names the positional arguments of model methods after their signatures', () => {
    expect(json2Arguments('res.partner', 'search_read', [[['is_company', '=', true]], ['name']], { limit: 2 })).toEqual(
      {
        domain: [['is_company', '=', true]],
        fields: ['name'],
        limit: 2,
      },
    );
    expect(json2Arguments('res.partner', 'create', [[{ name: 'A' }, { name: 'B' }]], {})).toEqual({
      vals_list: [{ name: 'A' }, { name: 'B' }],
    });
    expect(json2Arguments('res.partner', 'create', [{ name: 'A' }], {})).toEqual({ vals_list: [{ name: 'A' }] });
    expect(json2Arguments('res.users', 'context_get', [], {})).toEqual({});
  });
  it('passes ids of record methods as `ids`', () => {
    expect(json2Arguments('res.partner', 'read', [[1], ['name', 'email']], {})).toEqual({
      ids: [1],
      fields: ['name', 'email'],
    });
    expect(json2Arguments('res.partner', 'write', [[999999999], { name: 'x' }], {})).toEqual({
      ids: [999999999],
      vals: { name: 'x' },
    });
    expect(json2Arguments('sale.order', 'action_confirm', [[1, 2]], { context: { a: 1 } })).toEqual({
      ids: [1, 2],
      context: { a: 1 },
    });
    expect(json2Arguments('res.partner', 'action_archive', [], {})).toEqual({ ids: [] });
  });
  it('refuses positional arguments it cannot name', () => {
    expect(() => json2Arguments('sale.order', 'action_x', [[1], 'extra'], {})).toThrow(/named arguments/);
  });
});

describe('toServerVersion', () => {
  it('reads the major version and the map to follow', () => {
    expect(toServerVersion([17, 0, 0, 'final', 0, ''], '17.0-20240709')).toMatchObject({ major: 17, mapVersion: 17 });
    expect(toServerVersion([19, 0, 0, 'final', 0, ''], '19.0+e-20251227')).toMatchObject({ major: 19, mapVersion: 19 });
    expect(toServerVersion(['saas~18', 2], 'saas~18.2')).toMatchObject({ major: 18, minor: 2, mapVersion: 18 });
    expect(toServerVersion([20, 0], '20.0')).toMatchObject({ mapVersion: 19 });
    expect(() => toServerVersion([15, 0], '15.0')).toThrow(BusinessError);
  });
});

describe('Odoo stamps', () => {
  it('adds seconds across day boundaries in Odoo format', () => {
    expect(addSeconds('2026-11-25 23:59:59', 1)).toBe('2026-11-26 00:00:00');
    expect(addSeconds('2026-11-25 08:32:18', -10)).toBe('2026-11-25 08:32:08');
    expect(toOdooStamp(Date.parse('2026-11-25T08:33:14.900Z'))).toBe('2026-11-25 08:33:14');
  });
});
