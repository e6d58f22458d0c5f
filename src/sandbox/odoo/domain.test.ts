import { describe, expect, it } from 'vitest';
import { compileDomain, type Domain } from './domain.ts';
import { Env } from './env.ts';
import { f } from './field-schemas.ts';
import type { ModelSpec } from './model-spec.ts';
import { OdooError } from './odoo-errors.ts';

const country: ModelSpec = {
  name: 'x.country',
  description: 'Country',
  fields: () => ({ name: f.char('Name'), code: f.char('Code') }),
};
const tag: ModelSpec = { name: 'x.tag', description: 'Tag', fields: () => ({ name: f.char('Name') }) };
const partner: ModelSpec = {
  name: 'x.partner',
  description: 'Partner',
  fields: () => ({
    name: f.char('Name'),
    email: f.char('Email'),
    active: f.bool('Active'),
    amount: f.float('Amount'),
    seen: f.datetime('Seen'),
    country_id: f.m2o('x.country', 'Country'),
    parent_id: f.m2o('x.partner', 'Parent'),
    tag_ids: f.m2m('x.tag', 'Tags'),
    child_ids: f.o2m('x.partner', 'Children'),
  }),
  inverses: { child_ids: 'parent_id' },
  indexes: ['parent_id'],
};

function setup() {
  const env = new Env(17, () => Date.UTC(2026, 10, 25, 8, 0, 0));
  env.register([country, tag, partner]);
  const countries = env.model('x.country');
  const us = countries.createRaw({ name: 'United States', code: 'US' });
  const be = countries.createRaw({ name: 'Belgium', code: 'BE' });
  const tags = env.model('x.tag');
  const vip = tags.createRaw({ name: 'VIP' });
  const b2b = tags.createRaw({ name: 'B2B' });
  const partners = env.model('x.partner');
  const acme = partners.createRaw({
    name: 'Acme',
    email: 'Sales@Acme.example',
    active: true,
    amount: 10,
    seen: '2026-11-25 08:32:18',
    country_id: us,
    tag_ids: [vip, b2b],
  });
  const jane = partners.createRaw({
    name: 'Jane 50%_off',
    email: false,
    active: true,
    amount: 0,
    seen: '2026-11-25 08:32:19',
    country_id: us,
    parent_id: acme,
    tag_ids: [],
  });
  const brux = partners.createRaw({
    name: 'Bruxelles',
    email: 'info@brux.example',
    active: false,
    amount: -5,
    seen: false,
    country_id: be,
    tag_ids: [b2b],
  });
  const loner = partners.createRaw({
    name: 'Loner',
    email: 'l@example.com',
    active: true,
    amount: 3.5,
    seen: '2026-11-26 00:00:00',
    country_id: false,
    parent_id: jane,
    tag_ids: [],
  });
  const search = (domain: Domain): number[] => {
    const matches = compileDomain(env, partners, domain);
    return [...partners.records.values()].filter(matches).map((r) => r.id);
  };
  return { env, search, ids: { acme, jane, brux, loner, vip, b2b, us } };
}

describe('compileDomain', () => {
  const { search, ids } = setup();
  const { acme, jane, brux, loner } = ids;

  it.each<[string, Domain, number[]]>([
    ['empty domain matches all', [], [acme, jane, brux, loner]],
    ['= is case-sensitive', [['email', '=', 'sales@acme.example']], []],
    ['=ilike is case-insensitive', [['email', '=ilike', 'sales@acme.example']], [acme]],
    ['= false matches empty values', [['email', '=', false]], [jane]],
    ['!= false matches set values', [['email', '!=', false]], [acme, brux, loner]],
    ['ilike is a case-insensitive substring', [['name', 'ilike', 'BRUX']], [brux]],
    ['like is case-sensitive', [['name', 'like', 'brux']], []],
    ['not ilike', [['name', 'not ilike', 'a']], [brux, loner]],
    ['=like with % and _', [['name', '=like', 'J_ne%']], [jane]],
    ['=ilike escapes: \\% is a literal percent', [['name', '=ilike', '%50\\%\\_off']], [jane]],
    [
      '< > <= >= on numbers',
      [
        ['amount', '>', 0],
        ['amount', '<=', 10],
      ],
      [acme, loner],
    ],
    ['comparisons never match empty values', [['seen', '<', '2030-01-01 00:00:00']], [acme, jane, loner]],
    ['datetime literals compare in time', [['seen', '>', '2026-11-25 08:32:18']], [jane, loner]],
    ['a date literal means midnight', [['seen', '>=', '2026-11-26']], [loner]],
    ['in / not in', [['name', 'in', ['Acme', 'Loner']]], [acme, loner]],
    ['not in', [['name', 'not in', ['Acme', 'Loner']]], [jane, brux]],
    ['in with false matches empty many2one', [['country_id', 'in', [false]]], [loner]],
    ['many2one by id', [['country_id', '=', ids.us]], [acme, jane]],
    ['many2one by name', [['country_id', 'ilike', 'belg']], [brux]],
    ['dotted path through a many2one', [['country_id.code', '=', 'US']], [acme, jane]],
    ['two hops', [['parent_id.country_id.code', '=', 'US']], [jane, loner]],
    ['dotted != keeps records without the link', [['parent_id.name', '!=', 'Acme']], [acme, brux, loner]],
    ['many2many contains', [['tag_ids', 'in', [ids.vip]]], [acme]],
    ['many2many = false means empty', [['tag_ids', '=', false]], [jane, loner]],
    ['path through many2many matches any', [['tag_ids.name', '=', 'B2B']], [acme, brux]],
    ['one2many through its inverse', [['child_ids.name', '=', 'Loner']], [jane]],
    ['| is OR', ['|', ['name', '=', 'Acme'], ['name', '=', 'Loner']], [acme, loner]],
    ['! is NOT', ['!', ['name', '=', 'Acme']], [jane, brux, loner]],
    ['explicit & and nesting', ['&', '|', ['amount', '<', 0], ['amount', '=', 0], ['active', '=', true]], [jane]],
    [
      'implicit AND after an OR',
      ['|', ['name', '=', 'Acme'], ['name', '=', 'Bruxelles'], ['active', '=', true]],
      [acme],
    ],
    ['child_of follows parent_id down', [['id', 'child_of', [acme]]], [acme, jane, loner]],
    ['parent_of follows parent_id up', [['id', 'parent_of', [loner]]], [acme, jane, loner]],
    ['=? with false is always true', [['email', '=?', false]], [acme, jane, brux, loner]],
    ['any on a many2one', [['country_id', 'any', [['code', '=', 'BE']]]], [brux]],
    ['TRUE_LEAF and FALSE_LEAF', ['|', [0, '=', 1], [1, '=', 1]], [acme, jane, brux, loner]],
  ])('%s', (_label, domain, expected) => {
    expect(search(domain).sort((a, b) => a - b)).toEqual(expected.sort((a, b) => a - b));
  });

  it('refuses an unknown field with the message Odoo gives', () => {
    expect(() => search([['x_nope', '=', 1]])).toThrow(
      new OdooError('builtins.ValueError', "Invalid field x.partner.x_nope in leaf ('x_nope', '=', 1)", 500),
    );
    expect(() => search([['country_id.nope', '=', 'x']])).toThrow(
      "Invalid field x.country.nope in leaf ('country_id.nope', '=', 'x')",
    );
  });

  it('refuses an unknown operator and a malformed domain', () => {
    expect(() => search([['name', '~', 'x']])).toThrow(/Invalid leaf/);
    expect(() => search(['|', ['name', '=', 'x']])).toThrow(/syntactically not correct/);
  });
});

describe('Model.search', () => {
  it('hides archived records unless the domain asks about active, and orders, limits and offsets', () => {
    const { env, ids } = setup();
    const partners = env.model('x.partner');
    expect(partners.search([], { order: 'name' })).toEqual([ids.acme, ids.jane, ids.loner]);
    expect(partners.search([['active', '=', false]])).toEqual([ids.brux]);
    expect(partners.search([], { order: 'amount desc, id', limit: 2 })).toEqual([ids.acme, ids.loner]);
    expect(partners.search([], { order: 'name', offset: 1, limit: 1 })).toEqual([ids.jane]);
    expect(partners.search([], { order: 'country_id, name' })).toEqual([ids.acme, ids.jane, ids.loner]);
    // An indexed many2one answers from its index, and = false still finds records that never had a value.
    expect(partners.search([['parent_id', '=', ids.acme]])).toEqual([ids.jane]);
    expect(partners.search([['parent_id', '=', false]])).toEqual([ids.acme]);
    expect(partners.search([['parent_id', '=', 'Acme']])).toEqual([ids.jane]);
  });
});
