// The fields each model has on each version, taken from the real `fields_get` files in
// src/connectors/odoo/schemas/odoo{17,18,19}/. Version 16 is 17 with the two differences issue 3 names.
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { OdooVersion } from './version.ts';

export interface FieldDef {
  type: string;
  string: string;
  required: boolean;
  readonly: boolean;
  relation?: string;
  selection?: [string, string][];
}

export type FieldMap = Record<string, FieldDef>;

const SCHEMA_ROOT = fileURLToPath(new URL('../../connectors/odoo/schemas/', import.meta.url));
const cache = new Map<string, FieldMap | null>();

/** The real schema of `model` on `version`, or null when the repo holds none for it. */
export function realSchema(model: string, version: OdooVersion): FieldMap | null {
  const key = `${version}:${model}`;
  if (cache.has(key)) return cache.get(key) ?? null;
  const fileVersion = version === 16 ? 17 : version;
  const file = `${SCHEMA_ROOT}odoo${fileVersion}/fields-get-${model.replaceAll('.', '-')}.json`;
  let fields: FieldMap | null = null;
  if (existsSync(file)) {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { fields: FieldMap };
    fields = structuredClone(parsed.fields);
    if (version === 16) applyVersion16(model, fields);
  }
  cache.set(key, fields);
  return fields;
}

/** Odoo 16 differs from 17 in the two places issue 3 names (17's own schema is the base). */
function applyVersion16(model: string, fields: FieldMap): void {
  if (model === 'sale.order') {
    delete fields.locked;
    const state = fields.state;
    if (state?.selection)
      state.selection = [
        ...state.selection.filter(([v]) => v !== 'cancel'),
        ['done', 'Locked'],
        ['cancel', 'Cancelled'],
      ];
  }
  if (model === 'stock.move') {
    delete fields.quantity;
    delete fields.picked;
    fields.quantity_done = { type: 'float', string: 'Quantity Done', required: false, readonly: false };
    fields.reserved_availability = { type: 'float', string: 'Quantity Reserved', required: false, readonly: true };
  }
}

/** Shorthand builders for models the repo has no schema file for. */
export const f = {
  char: (string: string, required = false): FieldDef => ({ type: 'char', string, required, readonly: false }),
  text: (string: string): FieldDef => ({ type: 'text', string, required: false, readonly: false }),
  int: (string: string): FieldDef => ({ type: 'integer', string, required: false, readonly: false }),
  float: (string: string): FieldDef => ({ type: 'float', string, required: false, readonly: false }),
  bool: (string: string): FieldDef => ({ type: 'boolean', string, required: false, readonly: false }),
  date: (string: string): FieldDef => ({ type: 'date', string, required: false, readonly: false }),
  datetime: (string: string): FieldDef => ({ type: 'datetime', string, required: false, readonly: true }),
  m2o: (relation: string, string: string, required = false): FieldDef => ({
    type: 'many2one',
    string,
    required,
    readonly: false,
    relation,
  }),
  o2m: (relation: string, string: string): FieldDef => ({
    type: 'one2many',
    string,
    required: false,
    readonly: false,
    relation,
  }),
  m2m: (relation: string, string: string): FieldDef => ({
    type: 'many2many',
    string,
    required: false,
    readonly: false,
    relation,
  }),
  sel: (string: string, selection: [string, string][], required = false): FieldDef => ({
    type: 'selection',
    string,
    required,
    readonly: false,
    selection,
  }),
};

/** The fields every Odoo model has. */
export function magicFields(): FieldMap {
  return {
    id: { type: 'integer', string: 'ID', required: false, readonly: true },
    display_name: { type: 'char', string: 'Display Name', required: false, readonly: true },
    create_uid: { type: 'many2one', string: 'Created by', required: false, readonly: true, relation: 'res.users' },
    create_date: { type: 'datetime', string: 'Created on', required: false, readonly: true },
    write_uid: { type: 'many2one', string: 'Last Updated by', required: false, readonly: true, relation: 'res.users' },
    write_date: { type: 'datetime', string: 'Last Updated on', required: false, readonly: true },
  };
}
