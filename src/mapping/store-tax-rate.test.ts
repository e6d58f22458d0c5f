import { describe, expect, it } from 'vitest';
import { likelyRate, matchRate, parseStoreTaxKey, storeTaxKey } from './store-tax-rate.ts';

const question = (totals: Parameters<typeof storeTaxKey>[0], part: 'goods' | 'shipping') =>
  parseStoreTaxKey(storeTaxKey(totals, part)!)!;

describe("the store's tax rate, matched against Odoo's rates", () => {
  it('finds the rate on goods and shipping that reproduces the tax (Ireland, 23%, beside the demo 15%)', () => {
    const totals = { SubTotal: 701.31, Discounts: 15, Shipping: 12.5, Tax: 160.73 };
    expect(storeTaxKey(totals, 'goods')).toBe('160.73|686.31|12.5|goods');
    expect(matchRate(question(totals, 'goods'), [15, 20, 23])).toBe(23);
    expect(matchRate(question(totals, 'shipping'), [15, 20, 23])).toBe(23);
    expect(matchRate(question(totals, 'goods'), [15, 20])).toBeUndefined();
  });

  it('leaves shipping untaxed when only the goods reproduce the tax', () => {
    const totals = { SubTotal: 100, Shipping: 10, Tax: 20 };
    expect(matchRate(question(totals, 'goods'), [18.18, 20])).toBe(20);
    expect(matchRate(question(totals, 'shipping'), [20])).toBe(0);
  });

  it('takes a rate whose tax falls on a half cent, whichever way the store rounded it', () => {
    // 19% of 5623.50 is 1068.465: Odoo rounds up, a store rounding in binary floats or to even gives 1068.46
    expect(matchRate(question({ SubTotal: 5623.5, Tax: 1068.46 }, 'goods'), [15, 19])).toBe(19);
    expect(matchRate(question({ SubTotal: 5623.5, Tax: 1068.47 }, 'goods'), [15, 19])).toBe(19);
    expect(matchRate(question({ SubTotal: 5623.5, Tax: 1068.45 }, 'goods'), [15, 19])).toBeUndefined();
  });

  it('answers 0 for an order without tax', () => {
    expect(matchRate(question({ SubTotal: 50, Tax: 0 }, 'goods'), [15])).toBe(0);
  });
});

describe('the rate a person would name', () => {
  it('takes the fewest decimals the amount can tell apart', () => {
    expect(likelyRate({ tax: 2.3, goods: 10, charges: 0 })).toBe(23);
    expect(likelyRate({ tax: 82.5, goods: 1000, charges: 0 })).toBe(8.25);
    expect(likelyRate({ tax: 160.73, goods: 686.31, charges: 12.5 })).toBe(23);
    expect(likelyRate({ tax: 20, goods: 100, charges: 10 })).toBe(20);
  });

  it('names none when no plausible rate explains the tax (an order mixing rates)', () => {
    // 23% on 100 and 13.5% on 50, with shipping: only an 18.924% would give these cents
    expect(likelyRate({ tax: 29.77, goods: 150, charges: 7.31 })).toBeUndefined();
  });
});
