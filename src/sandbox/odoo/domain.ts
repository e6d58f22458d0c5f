// Odoo domains in prefix (Polish) notation: `['|', ('a', '=', 1), '!', ('b', 'ilike', 'x')]`, implicit AND
// between terms, dotted paths through many2one (and any-of through x2many), and the operators of the ORM.
import type { Env } from './env.ts';
import { DOMAIN_OPERATORS } from '../../connectors/odoo/domain-operators.ts';
import type { Raw } from './model-spec.ts';
import type { Model } from './model.ts';
import { unknownDomainFieldError, valueError } from './odoo-errors.ts';
import { normalizeDatetimeLiteral } from './odoo-time.ts';
import { pyRepr } from './py-repr.ts';

export type DomainLeaf = [string | number, string, unknown];
export type Domain = (DomainLeaf | '&' | '|' | '!' | unknown)[];
export type Predicate = (rec: Raw) => boolean;

// Odoo's own, and the legacy `<>` it still reads as `!=`
const OPERATORS = new Set([...DOMAIN_OPERATORS, '<>']);

/** Turn a domain into a predicate over `model`'s records; unknown fields and operators fail like Odoo. */
export function compileDomain(env: Env, model: Model, domain: Domain): Predicate {
  if (!Array.isArray(domain)) throw valueError(`Invalid domain: ${pyRepr(domain)}`);
  let position = 0;
  const next = (): Predicate => {
    if (position >= domain.length) throw valueError(`Domain ${pyRepr(domain)} is syntactically not correct.`);
    const item = domain[position++];
    if (item === '&' || item === '|') {
      const left = next();
      const right = next();
      return item === '&' ? (r) => left(r) && right(r) : (r) => left(r) || right(r);
    }
    if (item === '!') {
      const inner = next();
      return (r) => !inner(r);
    }
    if (Array.isArray(item) && item.length === 3) return compileLeaf(env, model, item as DomainLeaf);
    throw valueError(`Invalid leaf ${pyRepr(item)}`);
  };
  const terms: Predicate[] = [];
  while (position < domain.length) terms.push(next());
  if (terms.length === 0) return () => true;
  if (terms.length === 1) return terms[0]!;
  return (r) => terms.every((t) => t(r));
}

function compileLeaf(env: Env, model: Model, leaf: DomainLeaf): Predicate {
  const [path, rawOperator, value] = leaf;
  if (path === 1 || path === 0) {
    const constant = (path === 1) === (rawOperator === '=' && value === 1);
    return () => constant;
  }
  const operator = String(rawOperator).toLowerCase();
  if (!OPERATORS.has(operator)) throw valueError(`Invalid leaf ${leafRepr(leaf)}`);
  const segments = String(path).split('.');
  // Validate the whole path up front, as Odoo does.
  let current: Model = model;
  for (let i = 0; i < segments.length; i++) {
    const name = segments[i]!;
    const def = current.field(name);
    if (!def) throw unknownDomainFieldError(current.name, name, leafRepr(leaf), env.version);
    if (i < segments.length - 1) {
      if (!def.relation) throw unknownDomainFieldError(current.name, name, leafRepr(leaf), env.version);
      current = env.model(def.relation);
    }
  }
  const lastModel = current;
  const lastField = segments.at(-1)!;
  const lastDef = lastModel.field(lastField)!;
  let test: (fieldValue: unknown) => boolean;
  if (operator === 'any' || operator === 'not any') {
    const sub = compileDomain(env, env.model(lastDef.relation ?? lastModel.name), value as Domain);
    const comodel = env.model(lastDef.relation ?? lastModel.name);
    const anyMatch = (v: unknown): boolean =>
      idsOf(v).some((id) => {
        const rec = comodel.get(id);
        return rec ? sub(rec) : false;
      });
    test = operator === 'any' ? anyMatch : (v) => !anyMatch(v);
  } else if (operator === 'child_of' || operator === 'parent_of') {
    const comodel = env.model(lastDef.relation ?? lastModel.name);
    const roots = idsOf(value);
    const family = operator === 'child_of' ? descendants(comodel, roots) : ancestors(comodel, roots);
    test = (v) => (lastField === 'id' ? family.has(v as number) : idsOf(v).some((id) => family.has(id)));
  } else if (lastDef.type === 'many2one' && typeof value === 'string' && lastDef.relation) {
    // A name given for a many2one is matched against the target's display name, as Odoo's _name_search does.
    const comodel = env.model(lastDef.relation);
    const nameTest = valueTest(operator, value, 'char');
    test = (v) => {
      const target = typeof v === 'number' ? comodel.get(v) : undefined;
      return nameTest(target ? comodel.displayName(target) : false);
    };
  } else {
    test = valueTest(operator, value, lastDef.type);
  }
  const isX2many = (type: string | undefined): boolean => type === 'one2many' || type === 'many2many';

  // Walk the path: many2one hops follow one record, x2many hops match if any record matches.
  const walk = (m: Model, rec: Raw, index: number): boolean => {
    const name = segments[index]!;
    const fieldValue = m.getValue(rec, name);
    if (index === segments.length - 1) {
      if (isX2many(m.field(name)?.type) && !['any', 'not any', 'child_of', 'parent_of'].includes(operator)) {
        return x2manyTest(operator, value, fieldValue as number[], test);
      }
      return test(fieldValue);
    }
    const comodel = env.model(m.field(name)!.relation!);
    const ids = idsOf(fieldValue);
    const negative = operator === '!=' || operator.startsWith('not ') || operator === '<>';
    if (ids.length === 0)
      return (
        negative ||
        (operator === '=' && (value === false || value === null)) ||
        (operator === 'in' && Array.isArray(value) && value.includes(false))
      );
    const results = ids.map((id) => {
      const target = comodel.get(id);
      return target ? walk(comodel, target, index + 1) : false;
    });
    return negative ? results.every(Boolean) : results.some(Boolean);
  };
  return (rec) => walk(model, rec, 0);
}

/** A leaf as Python prints it once Odoo has normalised it to a tuple. */
function leafRepr(leaf: readonly unknown[]): string {
  return `(${leaf.map(pyRepr).join(', ')})`;
}

function x2manyTest(operator: string, value: unknown, ids: number[], scalar: (v: unknown) => boolean): boolean {
  if (operator === '=' && isEmpty(value)) return ids.length === 0;
  if ((operator === '!=' || operator === '<>') && isEmpty(value)) return ids.length > 0;
  if (operator === 'not in' || operator === '!=' || operator === '<>') {
    const excluded = idsOf(value);
    return !ids.some((id) => excluded.includes(id));
  }
  return ids.some((id) => scalar(id));
}

function idsOf(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.filter((v): v is number => typeof v === 'number');
  return [];
}

function descendants(model: Model, roots: number[]): Set<number> {
  const found = new Set(roots);
  let frontier = roots;
  while (frontier.length) {
    const nextFrontier: number[] = [];
    for (const id of frontier)
      for (const child of model.idsWhere('parent_id', id))
        if (!found.has(child)) {
          found.add(child);
          nextFrontier.push(child);
        }
    frontier = nextFrontier;
  }
  return found;
}

function ancestors(model: Model, roots: number[]): Set<number> {
  const found = new Set<number>();
  for (let id of roots) {
    while (typeof id === 'number' && !found.has(id)) {
      found.add(id);
      const rec = model.get(id);
      id = rec ? (rec.parent_id as number) : (undefined as unknown as number);
    }
  }
  return found;
}

const isEmpty = (v: unknown): boolean => v === false || v === null || v === undefined || v === '';

/** SQL LIKE pattern (with % and _, backslash escapes) → RegExp. */
function likeToRegExp(pattern: string, caseInsensitive: boolean, anchored: boolean): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]!);
    else if (c === '%') source += '.*';
    else if (c === '_') source += '.';
    else source += escapeRegExp(c);
  }
  return new RegExp(anchored ? `^${source}$` : source, caseInsensitive ? 'is' : 's');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function valueTest(operator: string, value: unknown, fieldType: string): (v: unknown) => boolean {
  const isDateLike = fieldType === 'datetime' || fieldType === 'date';
  const norm = (v: unknown): unknown => (isDateLike && typeof v === 'string' ? normalizeDatetimeLiteral(v) : v);
  const target = norm(value);
  const equal = (v: unknown): boolean => {
    if (isEmpty(target)) return isEmpty(v) || (fieldType === 'boolean' && v === false);
    if (fieldType === 'boolean') return Boolean(v) === Boolean(target);
    return norm(v) === target;
  };
  switch (operator) {
    case '=':
      return equal;
    case '=?':
      return isEmpty(value) ? () => true : equal;
    case '!=':
    case '<>':
      return (v) => !equal(v);
    case '<':
    case '>':
    case '<=':
    case '>=':
      return (v) => {
        if (isEmpty(v) || isEmpty(target)) return false; // SQL NULL never compares
        const a = norm(v) as number | string;
        const b = target as number | string;
        return operator === '<' ? a < b : operator === '>' ? a > b : operator === '<=' ? a <= b : a >= b;
      };
    case 'in':
    case 'not in': {
      const list = (Array.isArray(value) ? value : [value]).map(norm);
      const wantsEmpty = list.some((x) => x === false || x === null);
      const inList = (v: unknown): boolean => (isEmpty(v) ? wantsEmpty : list.includes(norm(v)));
      return operator === 'in' ? inList : (v) => !inList(v);
    }
    case 'like':
    case 'not like':
    case 'ilike':
    case 'not ilike': {
      const insensitive = operator.includes('ilike');
      const pattern = likeToRegExp(`%${String(value ?? '')}%`, insensitive, true);
      const positive = (v: unknown): boolean => !isEmpty(v) && pattern.test(String(v));
      if (isEmpty(value)) return operator.startsWith('not') ? () => false : () => true;
      return operator.startsWith('not') ? (v) => !positive(v) : positive;
    }
    case '=like':
    case '=ilike': {
      const pattern = likeToRegExp(String(value ?? ''), operator === '=ilike', true);
      return (v) => !isEmpty(v) && pattern.test(String(v));
    }
    default:
      throw valueError(`Invalid operator ${pyRepr(operator)}`);
  }
}
