// Mapping suggestions: a first draft of a mapping between two sides, from their schemas alone (field names, known
// synonyms, types). It proposes; a person reviews with `bridge mappings preview` and `check`. Smarter (AI-assisted)
// suggestions can replace `scorePair` later without changing the output shape.
import { stringify } from 'yaml';
import { odooSchema, type OdooFieldInfo } from '../connectors/odoo/fields.ts';
import { clarityShape, type ClarityField, type ClarityType } from './clarity-shapes.ts';
import type { RuleSpec, SideRef } from './mapping-file.ts';

export interface Suggestion {
  target: string;
  source: string;
  rule: RuleSpec;
  /** 0..1: how sure the suggester is. */
  confidence: number;
  why: string;
}

type Kind = 'text' | 'number' | 'boolean' | 'datetime' | 'date' | 'id' | 'other';

interface FieldRef {
  path: string;
  kind: Kind;
  relation?: string;
}

/** Pairs the suggester knows mean the same (normalised names, either direction). */
const SYNONYMS: [string, string][] = [
  ['zip', 'postalcode'],
  ['street', 'street1'],
  ['defaultcode', 'sku'],
  ['defaultcode', 'customkey'],
  ['listprice', 'price'],
  ['lstprice', 'price'],
  ['vat', 'taxexemptionno'],
  ['descriptionsale', 'description'],
  ['carriertrackingref', 'trackingnumber'],
  ['datedone', 'shippeddate'],
  ['clientorderref', 'customkey'],
  ['qtyavailable', 'quantity'],
  ['productuomqty', 'quantity'],
  ['priceunit', 'unitsoldprice'],
  ['countryid', 'countrycode'],
  ['stateid', 'regioncode'],
  ['productid', 'sku'],
  ['categid', 'categorykeys'],
  ['dateorder', 'createddate'],
  ['email', 'useremail'],
  ['carrierid', 'carrierkey'],
];

/** The lookup kind that turns a Clarity code into the id of an Odoo relation. */
const RESOLVE_BY_RELATION: Record<string, string> = {
  'res.country': 'country_by_code',
  'res.country.state': 'state_by_code',
  'product.product': 'product_by_sku',
  'product.category': 'category_by_path',
  'product.pricelist': 'pricelist_by_currency',
};

const REVERSE_BY_RELATION: Record<string, string> = {
  'res.country': 'country_code_by_id',
  'res.country.state': 'state_code_by_id',
  'product.product': 'sku_by_product_id',
  'product.category': 'category_path_by_id',
};

const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
const tokens = (name: string) =>
  name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t && t !== 'id' && t !== 'ids');

function odooKind(info: OdooFieldInfo): Kind {
  switch (info.type) {
    case 'char':
    case 'text':
    case 'html':
    case 'selection':
      return 'text';
    case 'integer':
    case 'float':
    case 'monetary':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'datetime':
      return 'datetime';
    case 'date':
      return 'date';
    case 'many2one':
      return 'id';
    default:
      return 'other';
  }
}

function clarityKind(type: ClarityType): Kind {
  if (typeof type === 'object') return 'enum' in type ? 'text' : 'other';
  switch (type) {
    case 'string':
      return 'text';
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'datetime':
      return 'datetime';
    case 'id':
      return 'id';
    default:
      return 'other';
  }
}

/** Fields of a side: Odoo scalar and many2one fields; Clarity fields with nested objects flattened (two levels). */
function fieldsOf(side: SideRef, forWriting: boolean): FieldRef[] {
  if ('odoo' in side) {
    const schema = odooSchema(side.odoo, 17) ?? {};
    return Object.entries(schema)
      .filter(
        ([name, info]) =>
          !(forWriting && info.readonly) &&
          !name.startsWith('message_') &&
          !name.startsWith('activity_') &&
          odooKind(info) !== 'other',
      )
      .map(([name, info]) => ({
        path: name,
        kind: odooKind(info),
        ...(info.relation ? { relation: info.relation } : {}),
      }));
  }
  const out: FieldRef[] = [];
  const walk = (shapeName: string, prefix: string, depth: number) => {
    for (const [name, field] of Object.entries(clarityShape(shapeName) ?? {}) as [string, ClarityField][]) {
      if (forWriting && field.readonly) continue;
      if (typeof field.type === 'object' && 'shape' in field.type) {
        if (depth < 2) walk(field.type.shape, `${prefix}${name}.`, depth + 1);
        continue;
      }
      const kind = clarityKind(field.type);
      if (kind !== 'other' || name === 'CategoryKeys') out.push({ path: prefix + name, kind });
    }
  };
  walk(side.clarity, '', 0);
  return out;
}

function scorePair(target: FieldRef, source: FieldRef): number {
  const t = normalise(target.path.split('.').at(-1)!);
  const s = normalise(source.path.split('.').at(-1)!);
  let score = 0;
  if (t === s) score = 1;
  else if (SYNONYMS.some(([a, b]) => (a === t && b === s) || (a === s && b === t))) score = 0.9;
  else {
    const a = new Set(tokens(target.path.split('.').at(-1)!));
    const b = new Set(tokens(source.path.split('.').at(-1)!));
    const shared = [...a].filter((x) => b.has(x)).length;
    score = shared === 0 ? 0 : (0.7 * shared) / new Set([...a, ...b]).size;
  }
  // a many2one is filled from a code through a lookup, or read back as one
  const resolvable =
    target.kind === 'id' && source.kind !== 'id'
      ? Boolean(target.relation && RESOLVE_BY_RELATION[target.relation])
      : true;
  const compatible =
    resolvable &&
    (target.kind === source.kind ||
      target.kind === 'id' ||
      source.kind === 'id' ||
      (target.kind === 'text' && source.kind === 'number'));
  return compatible ? score : score * 0.3;
}

function ruleFor(target: FieldRef, source: FieldRef, toOdoo: boolean): RuleSpec {
  const rule: RuleSpec = { target: target.path, from: source.path };
  if (target.kind === 'id' && target.relation && RESOLVE_BY_RELATION[target.relation] && source.kind !== 'id')
    rule.resolve = RESOLVE_BY_RELATION[target.relation];
  if (source.kind === 'id' && source.relation && target.kind !== 'id') {
    const reverse = REVERSE_BY_RELATION[source.relation];
    if (reverse) rule.resolve = reverse;
    else rule.from = `${source.path}.1`; // the many2one's display name
  }
  if (target.kind === 'datetime' && source.kind === 'datetime')
    rule.convert = toOdoo ? 'odoo-datetime' : 'iso-datetime';
  if (target.kind === 'date' && (source.kind === 'datetime' || source.kind === 'date')) rule.convert = 'odoo-date';
  if (target.kind === 'number' && source.kind === 'text') rule.convert = 'number';
  if (target.kind === 'text' && source.kind === 'number') rule.convert = 'string';
  if (target.path === 'CategoryKeys')
    return { target: target.path, concat: [{ from: source.path, resolve: 'category_path_by_id' }] };
  return rule;
}

/** For each target field, the best-scoring source field above `threshold`, best first. */
export function suggestRules(source: SideRef, target: SideRef, threshold = 0.5): Suggestion[] {
  const sources = fieldsOf(source, false);
  const toOdoo = 'odoo' in target;
  const out: Suggestion[] = [];
  for (const t of fieldsOf(target, true)) {
    let best: { field: FieldRef; score: number } | undefined;
    for (const s of sources) {
      const score = scorePair(t, s);
      if (score > (best?.score ?? 0)) best = { field: s, score };
    }
    if (!best || best.score < threshold) continue;
    const why = best.score === 1 ? 'same name' : best.score >= 0.9 ? 'known synonym' : 'similar name';
    out.push({
      target: t.path,
      source: best.field.path,
      rule: ruleFor(t, best.field, toOdoo),
      confidence: Number(best.score.toFixed(2)),
      why,
    });
  }
  return out.sort((a, b) => b.confidence - a.confidence || a.target.localeCompare(b.target));
}

/** A draft mapping file (YAML) from the suggestions, each rule commented with why it was suggested. */
export function suggestMappingYaml(name: string, source: SideRef, target: SideRef, threshold?: number): string {
  const suggestions = suggestRules(source, target, threshold);
  const header = `# Draft suggested from the schemas: review every rule, then run bridge mappings check and preview.\n`;
  const body = stringify({ mapping: name, source, target, rules: suggestions.map((s) => s.rule) });
  const notes = suggestions.map((s) => `#   ${s.target} ← ${s.source}: ${s.why} (${s.confidence})`).join('\n');
  return `${header}${body}# why:\n${notes}\n`;
}
