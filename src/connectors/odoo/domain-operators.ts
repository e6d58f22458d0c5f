// The operators of a domain leaf Odoo's ORM accepts (16–19: expression.TERM_OPERATORS), and its prefix operators.
export const DOMAIN_OPERATORS: readonly string[] = [
  '=',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  '=?',
  'in',
  'not in',
  'like',
  'not like',
  'ilike',
  'not ilike',
  '=like',
  '=ilike',
  'child_of',
  'parent_of',
  'any',
  'not any',
];

/** How many conditions each prefix operator takes. */
export const DOMAIN_PREFIX_ARITY: Readonly<Record<string, number>> = { '&': 2, '|': 2, '!': 1 };
