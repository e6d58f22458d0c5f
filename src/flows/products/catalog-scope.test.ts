// The catalog domain option: what `bridge config check` accepts and the reason it gives for what it refuses, and the
// same domain as the stock flow asks it of variants.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors.ts';
import { catalogDomainOption, DEFAULT_CATALOG_DOMAIN, variantDomain } from './catalog-scope.ts';

const refusal = (value: unknown): string => {
  try {
    catalogDomainOption(value);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).problems.map((p) => `${p.field}: ${p.reason}`).join('; ');
  }
  throw new Error(`${JSON.stringify(value)} was accepted`);
};

describe('the catalog domain option', () => {
  it('is the products for sale when none is set', () => {
    expect(catalogDomainOption(undefined)).toEqual([['sale_ok', '=', true]]);
    expect(DEFAULT_CATALOG_DOMAIN).toEqual([['sale_ok', '=', true]]);
  });

  it.each([
    ['every product', []],
    [
      'for sale and in a category',
      [
        ['sale_ok', '=', true],
        ['categ_id.name', '=', 'Kitchen'],
      ],
    ],
    ['either of two conditions', ['|', ['sale_ok', '=', true], ['default_code', '=like', 'WEB-%']]],
    ['a negation and nested operators', ['!', '&', ['type', '=', 'service'], ['list_price', '=', 0]]],
    ['an operator in capitals', [['name', 'NOT ILIKE', 'sample']]],
  ])('accepts %s', (_title, domain) => {
    expect(catalogDomainOption(domain)).toEqual(domain);
  });

  it.each([
    ['a text', 'sale_ok = true', 'domain: must be an Odoo domain on product.template, a list of conditions like'],
    ['a condition not in a list', ['sale_ok', '=', true], 'domain[0]: "sale_ok" is not a domain operator'],
    ['a condition of two parts', [['sale_ok', true]], 'domain[0]: must be a condition [field, operator, value]'],
    ['an unknown operator', [['sale_ok', '==', true]], 'domain[0][1]: "==" is not an Odoo operator; use one of ='],
    ['a field that is no name', [['Sale OK', '=', true]], 'domain[0][0]: must be a field name of product.template'],
    ['an operator without its conditions', ['|', ['sale_ok', '=', true]], 'domain: 1 condition(s) missing after'],
  ])('refuses %s, saying what is wrong', (_title, value, reason) => {
    expect(refusal(value)).toContain(reason);
  });

  it('asks the same of a variant through its template', () => {
    expect(variantDomain(['|', ['sale_ok', '=', true], ['categ_id.name', '=', 'Kitchen']])).toEqual([
      '|',
      ['product_tmpl_id.sale_ok', '=', true],
      ['product_tmpl_id.categ_id.name', '=', 'Kitchen'],
    ]);
  });
});
