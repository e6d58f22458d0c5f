import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ODOO_VERSIONS,
  UnmappedConceptError,
  fromVersionFields,
  mappedConcepts,
  odooField,
  odooSchema,
  toVersionDomain,
  toVersionFieldList,
  toVersionFields,
  toVersionFieldsReport,
  toVersionSelection,
} from './fields.ts';
import { FLOW_CONCEPTS, KNOWN_LOSSES } from './flow-concepts.ts';

// every model we hold a real schema for (the file names spell the model with '-' for '.')
const schemaModels = readdirSync(new URL('./schemas/odoo17/', import.meta.url))
  .filter((f) => f.endsWith('.json'))
  .map((f) =>
    f
      .replace(/^fields-get-/, '')
      .replace(/\.json$/, '')
      .replace(/-/g, '.'),
  );

describe('odooSchema', () => {
  it('reads the real fields_get of 17, 18 and 19 for every model file', () => {
    for (const model of schemaModels)
      for (const v of [17, 18, 19] as const) expect(odooSchema(model, v), `${model}@${v}`).toBeDefined();
  });
  it('derives 16 from 17 with a `done` sale order state and stock.move quantity_done', () => {
    const so16 = odooSchema('sale.order', 16)!;
    expect(so16.locked).toBeUndefined();
    expect(so16.state?.selection?.map(([v]) => v)).toEqual(['draft', 'sent', 'sale', 'done', 'cancel']);
    const move16 = odooSchema('stock.move', 16)!;
    expect(move16.quantity_done?.type).toBe('float');
    expect(move16.picked).toBeUndefined();
    expect(move16.quantity).toBeUndefined();
    expect(odooSchema('sale.order', 17)!.locked?.type).toBe('boolean');
  });
  it('answers undefined for a model without a schema file', () => {
    expect(odooSchema('x.nope', 17)).toBeUndefined();
  });
});

describe('odooField', () => {
  it('follows the known renames', () => {
    expect(odooField('sale.order.line', 'tax_id', 17)).toBe('tax_id');
    expect(odooField('sale.order.line', 'tax_id', 19)).toBe('tax_ids');
    expect(odooField('sale.order.line', 'product_uom', 18)).toBe('product_uom');
    expect(odooField('sale.order.line', 'product_uom', 19)).toBe('product_uom_id');
    expect(odooField('sale.order.line', 'route_id', 19)).toBe('route_ids');
    expect(odooField('stock.picking', 'move_ids_without_package', 19)).toBe('move_ids');
    expect(odooField('stock.move', 'quantity', 16)).toBe('quantity_done');
    expect(odooField('account.payment', 'ref', 18)).toBe('memo');
  });
  it('is null where a version lost the field', () => {
    expect(odooField('res.partner', 'mobile', 18)).toBe('mobile');
    expect(odooField('res.partner', 'mobile', 19)).toBeNull();
    expect(odooField('sale.order', 'locked', 16)).toBeNull();
    expect(odooField('stock.move', 'picked', 16)).toBeNull();
    expect(odooField('product.template', 'uom_po_id', 19)).toBeNull();
  });
  it('maps every concept of the 17 schemas to a field that exists in that version (or to null)', () => {
    for (const model of schemaModels) {
      for (const concept of Object.keys(odooSchema(model, 17)!)) {
        for (const version of ODOO_VERSIONS) {
          const field = odooField(model, concept, version);
          if (field !== null)
            expect(odooSchema(model, version)![field], `${model}.${concept}@${version} → ${field}`).toBeDefined();
        }
      }
    }
  });
  it('maps every renamed concept to a field of the real schema', () => {
    for (const { model, concept } of mappedConcepts()) {
      for (const version of ODOO_VERSIONS) {
        const field = odooField(model, concept, version);
        if (field !== null && odooSchema(model, version))
          expect(odooSchema(model, version)![field], `${model}.${concept}@${version}`).toBeDefined();
      }
    }
  });
  it('keeps the names of models it holds no schema for, and of fields that are no 17 concept', () => {
    expect(odooField('res.country', 'code', 19)).toBe('code');
    expect(odooField('sale.order', 'x_custom', 19)).toBe('x_custom');
    expect(odooField('product.product', 'is_storable', 18)).toBe('is_storable');
  });
});

describe('toVersionFields', () => {
  const line = { product_id: 7, product_uom_qty: 2, product_uom: 1, tax_id: [[6, 0, [3]]], route_id: 4 };
  it('translates the inner dicts of x2many commands', () => {
    const order = {
      partner_id: 9,
      client_order_ref: 'C-1',
      order_line: [
        [0, 0, line],
        [1, 5, { tax_id: [[5, 0, 0]] }],
        [4, 8, 0],
      ],
    };
    expect(toVersionFields('sale.order', order, 17)).toEqual(order);
    expect(toVersionFields('sale.order', order, 19)).toEqual({
      partner_id: 9,
      client_order_ref: 'C-1',
      order_line: [
        [
          0,
          0,
          { product_id: 7, product_uom_qty: 2, product_uom_id: 1, tax_ids: [[6, 0, [3]]], route_ids: [[6, 0, [4]]] },
        ],
        [1, 5, { tax_ids: [[5, 0, 0]] }],
        [4, 8, 0],
      ],
    });
  });
  it('drops and reports concepts a version cannot hold', () => {
    const report = toVersionFieldsReport('res.partner', { name: 'A', mobile: '+1 555' }, 19);
    expect(report.values).toEqual({ name: 'A' });
    expect(report.dropped).toEqual([{ model: 'res.partner', concept: 'mobile', version: 19 }]);
  });
  it('writes a storable product as consu + is_storable on 18+', () => {
    expect(toVersionFields('product.template', { name: 'P', type: 'product' }, 17)).toEqual({
      name: 'P',
      type: 'product',
    });
    expect(toVersionFields('product.template', { name: 'P', type: 'product' }, 18)).toEqual({
      name: 'P',
      type: 'consu',
      is_storable: true,
    });
    expect(toVersionFields('product.product', { detailed_type: 'consu' }, 19)).toEqual({
      type: 'consu',
      is_storable: false,
    });
    expect(toVersionSelection('product.template', 'type', 'product', 18)).toBe('consu');
    expect(toVersionSelection('product.template', 'type', 'service', 16)).toBe('service');
  });
  it('writes a locked order as state done on 16 and quantity as quantity_done', () => {
    expect(toVersionFields('sale.order', { locked: true }, 16)).toEqual({ state: 'done' });
    expect(toVersionFields('sale.order', { locked: true }, 17)).toEqual({ locked: true });
    expect(toVersionFields('stock.move', { quantity: 1, picked: true }, 16)).toEqual({ quantity_done: 1 });
    expect(toVersionFields('stock.move', { quantity: 1, picked: true }, 17)).toEqual({ quantity: 1, picked: true });
  });
});

describe('reading back as concepts', () => {
  it('asks for the version fields and names them as concepts', () => {
    expect(toVersionFieldList('product.product', ['default_code', 'type'], 18)).toEqual([
      'default_code',
      'type',
      'is_storable',
    ]);
    const rec = fromVersionFields(
      'product.product',
      { id: 1, default_code: 'A', type: 'consu', is_storable: true },
      ['default_code', 'type'],
      18,
    );
    expect(rec).toEqual({ id: 1, default_code: 'A', type: 'product' });
    expect(fromVersionFields('sale.order', { id: 2, state: 'done' }, ['state', 'locked'], 16)).toEqual({
      id: 2,
      state: 'sale',
      locked: true,
    });
    expect(fromVersionFields('stock.move', { id: 3, quantity_done: 2 }, ['quantity', 'picked'], 16)).toEqual({
      id: 3,
      quantity: 2,
      picked: true,
    });
    expect(fromVersionFields('res.partner', { id: 4, name: 'x' }, ['name', 'mobile'], 19)).toEqual({
      id: 4,
      name: 'x',
      mobile: false,
    });
    expect(toVersionFieldList('sale.order.line', ['tax_id', 'product_uom', 'route_id'], 19)).toEqual([
      'tax_ids',
      'product_uom_id',
      'route_ids',
    ]);
  });
});

describe('toVersionDomain', () => {
  it('renames fields, follows dotted paths and translates selection values', () => {
    expect(toVersionDomain('sale.order.line', [['tax_id', 'in', [1]]], 19)).toEqual([['tax_ids', 'in', [1]]]);
    expect(toVersionDomain('sale.order', [['order_line.tax_id', '=', 1]], 19)).toEqual([
      ['order_line.tax_ids', '=', 1],
    ]);
    expect(toVersionDomain('product.product', [['type', '=', 'product']], 18)).toEqual([
      '&',
      ['type', '=', 'consu'],
      ['is_storable', '=', true],
    ]);
    expect(toVersionDomain('sale.order', ['|', ['state', '=', 'sale'], ['locked', '=', true]], 16)).toEqual([
      '|',
      ['state', 'in', ['sale', 'done']],
      ['state', '=', 'done'],
    ]);
  });
  it('refuses a concept the version cannot search on', () => {
    expect(() => toVersionDomain('res.partner', [['mobile', '=', '1']], 19)).toThrow(UnmappedConceptError);
  });
});

describe('the concepts the flows touch', () => {
  it('are all fields of the real Odoo 17 schema', () => {
    for (const [model, concepts] of Object.entries(FLOW_CONCEPTS)) {
      for (const concept of concepts) expect(odooSchema(model, 17)?.[concept], `${model}.${concept}`).toBeDefined();
    }
  });
  it('map to a field of each version’s real schema, except the listed losses', () => {
    const unexpected: string[] = [];
    for (const [model, concepts] of Object.entries(FLOW_CONCEPTS)) {
      for (const concept of concepts) {
        for (const version of ODOO_VERSIONS) {
          const field = odooField(model, concept, version);
          const lost = KNOWN_LOSSES.some(
            (l) => l.model === model && l.concept === concept && l.versions.includes(version),
          );
          if (field === null && !lost) unexpected.push(`${model}.${concept}@${version}`);
          if (field !== null)
            expect(odooSchema(model, version)![field], `${model}.${concept}@${version} → ${field}`).toBeDefined();
        }
      }
    }
    expect(unexpected).toEqual([]);
  });
  it('keep their relation model and type across versions where the map keeps the name (or follow a value rule)', () => {
    const changed: string[] = [];
    for (const [model, concepts] of Object.entries(FLOW_CONCEPTS)) {
      for (const concept of concepts) {
        const base = odooSchema(model, 17)![concept]!;
        for (const version of [18, 19] as const) {
          const field = odooField(model, concept, version);
          const info = field === null ? undefined : odooSchema(model, version)![field];
          if (info && (info.type !== base.type || info.relation !== base.relation))
            changed.push(`${model}.${concept}@${version}: ${base.type} → ${info.type}`);
        }
      }
    }
    // the only shape change among them: the route of a line became a many2many (converted by the value rule)
    expect(changed).toEqual(['sale.order.line.route_id@19: many2one → many2many']);
  });
});

describe('selection values of the concepts the flows touch', () => {
  it('every Odoo 17 value is a value of each version (directly or through a value rule)', () => {
    const missing: string[] = [];
    for (const [model, concepts] of Object.entries(FLOW_CONCEPTS)) {
      for (const concept of concepts) {
        const base = odooSchema(model, 17)![concept]!;
        if (base.type !== 'selection') continue;
        for (const version of ODOO_VERSIONS) {
          const field = odooField(model, concept, version);
          if (field === null) continue;
          const allowed = new Set((odooSchema(model, version)![field]!.selection ?? []).map(([v]) => v));
          for (const [value] of base.selection ?? []) {
            const translated = toVersionSelection(model, concept, value, version);
            if (!allowed.has(translated)) missing.push(`${model}.${concept}=${value}@${version} → ${translated}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
