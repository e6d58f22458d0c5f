// The field named by each wording real Odoo 17, 18 and 19 servers use for an unknown field (seen on the real
// servers: 19 says `on` where a field is read, `in` where it is written, and calls a domain leaf a condition).
import { describe, expect, it } from 'vitest';
import { fieldProblems } from './errors.ts';

describe('fieldProblems', () => {
  it.each([
    ["Invalid field 'x_nope' on model 'sale.order'", 'x_nope'], // 17, 18: any use
    ["Invalid field 'x_nope' on 'res.partner'", 'x_nope'], // 19: read, search_read
    ["Invalid field 'x_nope' in 'sale.order'", 'x_nope'], // 19: create, write
    ["Invalid field sale.order.x_nope in leaf ('x_nope', '=', 1)", 'x_nope'], // 17, 18: domain
    ["Invalid field sale.order.x_nope in condition ('x_nope', '=', 1)", 'x_nope'], // 19: domain
  ])('names the field of "%s"', (message, field) => {
    expect(fieldProblems(message)).toEqual([{ field, reason: 'the field does not exist in this Odoo' }]);
  });
});
