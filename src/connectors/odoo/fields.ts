// The version map: flows name every field by its Odoo 17 name (a "concept"); this file says which field holds that
// concept in Odoo 16, 17, 18 and 19, and how values move when a version changed a field's shape, not just its name.
// Ground truth: the real `fields_get` files in ./schemas (17, 18, 19). Odoo 16 could not be run: it is 17 plus the
// two known differences (sale.order `done` state instead of `locked`; stock.move `quantity_done` instead of
// `quantity` + `picked`). A field absent from a version's schema maps to null unless a rename below says otherwise.
import { readFileSync } from 'node:fs';

export type OdooVersion = 16 | 17 | 18 | 19;
export const ODOO_VERSIONS: readonly OdooVersion[] = [16, 17, 18, 19];

export interface OdooFieldInfo {
  type: string;
  required?: boolean;
  readonly?: boolean;
  relation?: string;
  selection?: [string, string][];
  string?: string;
}
export type OdooModelSchema = Record<string, OdooFieldInfo>;

// ---------------------------------------------------------------------------------------------------------------
// Schemas

const schemaCache = new Map<string, OdooModelSchema | null>();

function readSchemaFile(model: string, version: 17 | 18 | 19): OdooModelSchema | null {
  const file = new URL(`./schemas/odoo${version}/fields-get-${model.replace(/\./g, '-')}.json`, import.meta.url);
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { fields: OdooModelSchema };
    return parsed.fields;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Odoo 16 = Odoo 17 with the two differences we know of (the only 16-specific facts we emulate). */
function deriveOdoo16(model: string, v17: OdooModelSchema): OdooModelSchema {
  const out: OdooModelSchema = { ...v17 };
  if (model === 'sale.order') {
    delete out.locked;
    const state = v17.state;
    if (state) {
      const selection = [...(state.selection ?? [])];
      const cancelAt = selection.findIndex(([value]) => value === 'cancel');
      selection.splice(cancelAt === -1 ? selection.length : cancelAt, 0, ['done', 'Locked']);
      out.state = { ...state, selection };
    }
  }
  if (model === 'stock.move') {
    delete out.picked;
    delete out.quantity;
    out.quantity_done = { type: 'float', required: false, readonly: false, string: 'Quantity Done' };
  }
  return out;
}

/** The real fields_get of `model` for `version` (16 derived from 17 plus the known differences), from ./schemas. */
export function odooSchema(model: string, version: OdooVersion): OdooModelSchema | undefined {
  const key = `${model}@${version}`;
  if (!schemaCache.has(key)) {
    if (version === 16) {
      const v17 = odooSchema(model, 17);
      schemaCache.set(key, v17 ? deriveOdoo16(model, v17) : null);
    } else {
      schemaCache.set(key, readSchemaFile(model, version));
    }
  }
  return schemaCache.get(key) ?? undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Renames: concept (17 name) → the field that holds it in a version. Anything else keeps its name while the version's
// schema has it, and is null when the schema lacks it.

type Renames = Partial<Record<OdooVersion, string | null>>;

const RENAMES: Record<string, Record<string, Renames>> = {
  'sale.order.line': {
    tax_id: { 19: 'tax_ids' },
    product_uom: { 19: 'product_uom_id' },
    // a many2one became a many2many: the value is converted too (see VALUE_RULES)
    route_id: { 19: 'route_ids' },
  },
  'sale.order': {
    // 16 has no `locked`: a locked order is in state `done` (VALUE_RULES)
    locked: { 16: null },
  },
  'stock.picking': {
    // 19 dropped the package split of moves; `move_ids` holds the same moves for a picking without packages
    move_ids_without_package: { 19: 'move_ids' },
  },
  'stock.move': {
    quantity: { 16: 'quantity_done' },
    // 16 has no `picked`: a move is picked once a done quantity is entered (VALUE_RULES)
    picked: { 16: null },
  },
  'product.template': { detailed_type: { 18: 'type', 19: 'type' } },
  'product.product': { detailed_type: { 18: 'type', 19: 'type' } },
  'account.payment': { ref: { 18: 'memo', 19: 'memo' } },
  'account.move': {
    payment_id: { 18: 'origin_payment_id', 19: 'origin_payment_id' },
    reversal_move_id: { 18: 'reversal_move_ids', 19: 'reversal_move_ids' },
    // 18 replaced "to check" by its opposite, "checked" (value negated, see VALUE_RULES)
    to_check: { 18: 'checked', 19: 'checked' },
  },
  'ir.actions.server': { groups_id: { 19: 'group_ids' } },
};

/** The field that holds `concept` (an Odoo 17 field name) on `model` in `version`; null when that version has no such field. */
export function odooField(model: string, concept: string, version: OdooVersion): string | null {
  const renamed = RENAMES[model]?.[concept]?.[version];
  if (renamed !== undefined) return renamed;
  const schema = odooSchema(model, version);
  if (!schema || concept in schema) return concept; // a model we hold no schema for is assumed unchanged
  // not an Odoo 17 field (a custom x_ field, or one of a newer version): passed as is, for Odoo to judge
  const base = odooSchema(model, 17);
  if (base && !(concept in base)) return concept;
  return null;
}

/** The relation model of a concept's field (from the 17 schema, where concepts are named). */
export function conceptRelation(model: string, concept: string): string | undefined {
  return odooSchema(model, 17)?.[concept]?.relation ?? RELATIONS_WITHOUT_SCHEMA[model]?.[concept];
}

/** Relations of x2many fields on models we hold no schema file for (their command dicts are translated too). */
const RELATIONS_WITHOUT_SCHEMA: Record<string, Record<string, string>> = {
  'account.move': { invoice_line_ids: 'account.move.line', line_ids: 'account.move.line' },
};

// ---------------------------------------------------------------------------------------------------------------
// Value rules: where a version changed a field's values or shape, not only its name.

interface ValueRule {
  versions: readonly OdooVersion[];
  /** The version's fields for a concept value (merged into the values dict). */
  write(value: unknown): Record<string, unknown>;
  /** The concept value from a record read in the version. */
  read(record: Record<string, unknown>): unknown;
  /** Version fields `read` needs. */
  readFields: string[];
}

/** Product type: 17's `product` (storable) is 18's `consu` + `is_storable`. */
function productTypeRule(field: string): ValueRule {
  return {
    versions: [18, 19],
    write(value) {
      if (value === 'product') return { [field]: 'consu', is_storable: true };
      if (value === 'consu' || value === 'service') return { [field]: value, is_storable: false };
      return { [field]: value };
    },
    read(record) {
      const type = record[field];
      return type === 'consu' && record.is_storable === true ? 'product' : type;
    },
    readFields: [field, 'is_storable'],
  };
}

const PRODUCT_TYPE_RULES = {
  type: productTypeRule('type'),
  detailed_type: productTypeRule('type'),
};

const VALUE_RULES: Record<string, Record<string, ValueRule[]>> = {
  'product.template': { type: [PRODUCT_TYPE_RULES.type], detailed_type: [PRODUCT_TYPE_RULES.detailed_type] },
  'product.product': { type: [PRODUCT_TYPE_RULES.type], detailed_type: [PRODUCT_TYPE_RULES.detailed_type] },
  'sale.order.line': {
    product_type: [
      {
        versions: [18, 19],
        write: (value) => ({ product_type: value === 'product' ? 'consu' : value }),
        read: (r) => (r.product_type === 'consu' && r.is_storable === true ? 'product' : r.product_type),
        readFields: ['product_type', 'is_storable'],
      },
    ],
    route_id: [
      {
        versions: [19],
        write: (value) => ({
          route_ids: value === false || value === null ? [[5, 0, 0]] : [[6, 0, [many2oneIdOf(value)]]],
        }),
        read: (r) => (Array.isArray(r.route_ids) && typeof r.route_ids[0] === 'number' ? r.route_ids[0] : false),
        readFields: ['route_ids'],
      },
    ],
  },
  'sale.order': {
    // 16: a locked order is in state `done`; 17+: state stays `sale` and the boolean `locked` is set
    state: [
      {
        versions: [16],
        write: (value) => ({ state: value }),
        read: (r) => (r.state === 'done' ? 'sale' : r.state),
        readFields: ['state'],
      },
    ],
    locked: [
      {
        versions: [16],
        write: (value) => ({ state: value ? 'done' : 'sale' }),
        read: (r) => r.state === 'done',
        readFields: ['state'],
      },
    ],
  },
  'stock.move': {
    // 16: "picked" is a done quantity having been entered
    picked: [
      {
        versions: [16],
        write: () => ({}),
        read: (r) => typeof r.quantity_done === 'number' && r.quantity_done > 0,
        readFields: ['quantity_done'],
      },
    ],
  },
  'account.move': {
    to_check: [
      {
        versions: [18, 19],
        write: (value) => ({ checked: !value }),
        read: (r) => r.checked === false,
        readFields: ['checked'],
      },
    ],
  },
  'account.payment': {
    // 18 split "posted" into in_process/paid and renamed cancel
    state: [
      {
        versions: [18, 19],
        write: (value) => ({ state: value === 'posted' ? 'paid' : value === 'cancel' ? 'canceled' : value }),
        read: (r) =>
          r.state === 'paid' || r.state === 'in_process'
            ? 'posted'
            : r.state === 'canceled' || r.state === 'rejected'
              ? 'cancel'
              : r.state,
        readFields: ['state'],
      },
    ],
  },
};

function valueRule(model: string, concept: string, version: OdooVersion): ValueRule | undefined {
  return VALUE_RULES[model]?.[concept]?.find((rule) => rule.versions.includes(version));
}

function many2oneIdOf(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** A concept the version cannot hold, met while translating values. */
export interface DroppedConcept {
  model: string;
  concept: string;
  version: OdooVersion;
}

/**
 * Translates a values dict (keys = concepts, x2many commands' inner dicts too, given the relation model) to the
 * version's fields. Concepts the version has no field for are left out (`toVersionFieldsReport` lists them).
 */
export function toVersionFields(
  model: string,
  values: Record<string, unknown>,
  version: OdooVersion,
): Record<string, unknown> {
  return toVersionFieldsReport(model, values, version).values;
}

/** `toVersionFields`, also saying which concepts were dropped because the version has no field for them. */
export function toVersionFieldsReport(
  model: string,
  values: Record<string, unknown>,
  version: OdooVersion,
): { values: Record<string, unknown>; dropped: DroppedConcept[] } {
  const dropped: DroppedConcept[] = [];
  const out = translateValues(model, values, version, dropped);
  return { values: out, dropped };
}

function translateValues(
  model: string,
  values: Record<string, unknown>,
  version: OdooVersion,
  dropped: DroppedConcept[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [concept, value] of Object.entries(values)) {
    const rule = valueRule(model, concept, version);
    if (rule) {
      Object.assign(out, rule.write(value));
      continue;
    }
    const field = odooField(model, concept, version);
    if (field === null) {
      dropped.push({ model, concept, version });
      continue;
    }
    const relation = conceptRelation(model, concept);
    out[field] = relation && Array.isArray(value) ? translateCommands(relation, value, version, dropped) : value;
  }
  return out;
}

/** x2many commands: translate the dicts of create (0) and update (1) commands; other shapes pass through. */
function translateCommands(
  relation: string,
  commands: unknown[],
  version: OdooVersion,
  dropped: DroppedConcept[],
): unknown[] {
  return commands.map((command) => {
    if (!Array.isArray(command)) return command;
    const [code, id, vals] = command as [unknown, unknown, unknown];
    if ((code === 0 || code === 1) && vals !== null && typeof vals === 'object' && !Array.isArray(vals)) {
      return [code, id, translateValues(relation, vals as Record<string, unknown>, version, dropped)];
    }
    return command;
  });
}

/** The version fields to ask `read`/`search_read` for, to answer the given concepts (duplicates removed). */
export function toVersionFieldList(model: string, concepts: readonly string[], version: OdooVersion): string[] {
  const fields = new Set<string>();
  for (const concept of concepts) {
    const rule = valueRule(model, concept, version);
    if (rule) {
      for (const f of rule.readFields) fields.add(f);
      continue;
    }
    const field = odooField(model, concept, version);
    if (field !== null) fields.add(field);
  }
  return [...fields];
}

/**
 * A record read in `version` with the fields of `toVersionFieldList`, named and valued as concepts. Concepts the
 * version has no field for come back as `false` (Odoo's empty value), so flow code sees one shape on every version.
 */
export function fromVersionFields(
  model: string,
  record: Record<string, unknown>,
  concepts: readonly string[],
  version: OdooVersion,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if ('id' in record) out.id = record.id;
  for (const concept of concepts) {
    const rule = valueRule(model, concept, version);
    if (rule) {
      out[concept] = rule.read(record);
      continue;
    }
    const field = odooField(model, concept, version);
    out[concept] = field === null ? false : (record[field] ?? false);
  }
  return out;
}

/** Translates a selection value of a concept to the version (e.g. product type `product` on 18 → `consu`). */
export function toVersionSelection(model: string, concept: string, value: string, version: OdooVersion): string {
  const rule = valueRule(model, concept, version);
  if (!rule) return value;
  const written = rule.write(value);
  const field = odooField(model, concept, version) ?? concept;
  const translated = written[field];
  return typeof translated === 'string' ? translated : value;
}

// ---------------------------------------------------------------------------------------------------------------
// Domains

export type DomainLeaf = [string, string, unknown];
export type DomainTerm = DomainLeaf | '&' | '|' | '!';
export type Domain = DomainTerm[];

/** A concept a domain names but the version cannot search on. */
export class UnmappedConceptError extends Error {
  constructor(
    readonly model: string,
    readonly concept: string,
    readonly version: OdooVersion,
  ) {
    super(`${model}.${concept} has no field in Odoo ${version}; change the mapping or flow that searches on it`);
    this.name = 'UnmappedConceptError';
  }
}

/**
 * Translates a domain written with concepts to the version's fields and values (dotted paths follow relations).
 * Throws UnmappedConceptError when a leaf names a concept the version has no field for.
 */
export function toVersionDomain(model: string, domain: readonly DomainTerm[], version: OdooVersion): Domain {
  const out: Domain = [];
  for (const term of domain) {
    if (!Array.isArray(term)) {
      out.push(term);
      continue;
    }
    out.push(...translateLeaf(model, term, version));
  }
  return out;
}

/** One leaf → one or more terms (a single term or a prefix-notation group). */
function translateLeaf(model: string, [path, operator, value]: DomainLeaf, version: OdooVersion): DomainTerm[] {
  const [head = path, ...rest] = path.split('.');
  if (rest.length > 0) {
    const field = odooField(model, head, version);
    if (field === null) throw new UnmappedConceptError(model, head, version);
    const relation = conceptRelation(model, head);
    if (!relation) return [[`${field}.${rest.join('.')}`, operator, value]];
    const inner = translateLeaf(relation, [rest.join('.'), operator, value], version);
    return inner.map((t) => (Array.isArray(t) ? ([`${field}.${t[0]}`, t[1], t[2]] as DomainLeaf) : t));
  }
  if (head === 'id') return [[head, operator, value]];
  const special = specialLeaf(model, head, operator, value, version);
  if (special) return special;
  const field = odooField(model, head, version);
  if (field === null) throw new UnmappedConceptError(model, head, version);
  return [[field, operator, value]];
}

function specialLeaf(
  model: string,
  concept: string,
  operator: string,
  value: unknown,
  version: OdooVersion,
): DomainTerm[] | undefined {
  const isProduct = model === 'product.template' || model === 'product.product';
  if (
    isProduct &&
    (concept === 'type' || concept === 'detailed_type') &&
    version >= 18 &&
    (operator === '=' || operator === '!=')
  ) {
    if (value === 'product' || value === 'consu') {
      const positive: DomainTerm[] = ['&', ['type', '=', 'consu'], ['is_storable', '=', value === 'product']];
      return operator === '=' ? positive : ['!', ...positive];
    }
    return [['type', operator, value]];
  }
  if (model === 'sale.order' && version === 16) {
    if (concept === 'locked' && (operator === '=' || operator === '!=')) {
      const wantLocked = (operator === '=') === Boolean(value);
      return [['state', wantLocked ? '=' : '!=', 'done']];
    }
    if (concept === 'state' && value === 'sale' && (operator === '=' || operator === '!=')) {
      return [['state', operator === '=' ? 'in' : 'not in', ['sale', 'done']]];
    }
    if (
      concept === 'state' &&
      (operator === 'in' || operator === 'not in') &&
      Array.isArray(value) &&
      value.includes('sale')
    ) {
      return [['state', operator, [...value, 'done']]];
    }
  }
  if (model === 'stock.move' && version === 16 && concept === 'picked' && (operator === '=' || operator === '!=')) {
    const wantPicked = (operator === '=') === Boolean(value);
    return [['quantity_done', wantPicked ? '>' : '=', 0]];
  }
  return undefined;
}

/** Every concept the version map renames or converts, for tests and `bridge odoo check`. */
export function mappedConcepts(): { model: string; concept: string }[] {
  const out: { model: string; concept: string }[] = [];
  for (const [model, concepts] of Object.entries(RENAMES))
    for (const concept of Object.keys(concepts)) out.push({ model, concept });
  for (const [model, concepts] of Object.entries(VALUE_RULES)) {
    for (const concept of Object.keys(concepts))
      if (!out.some((e) => e.model === model && e.concept === concept)) out.push({ model, concept });
  }
  return out;
}
