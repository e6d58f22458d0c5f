// Inventory models: warehouses, locations, operation types, quants, transfers (stock.picking) and moves.
import type { Env } from '../env.ts';
import { f } from '../field-schemas.ts';
import type { ComputedField, Kwargs, ModelSpec, Raw } from '../model-spec.ts';
import { accessError } from '../odoo-errors.ts';
import { formatDatetime } from '../odoo-time.ts';
import {
  ACTIVE_MOVE_STATES,
  assignPicking,
  confirmPicking,
  findQuant,
  LOCATION_IDS,
  movesOf,
  nextPickingName,
  reservedAt,
  updateQuant,
} from '../stock-operations.ts';
import type { OdooVersion } from '../version.ts';
import { buttonValidate } from '../stock-validation.ts';

export const stockWarehouse: ModelSpec = {
  name: 'stock.warehouse',
  description: 'Warehouse',
  order: 'sequence,id',
  required: ['name', 'code'],
  defaults: () => ({
    active: true,
    reception_steps: 'one_step',
    delivery_steps: 'ship_only',
    company_id: 1,
    sequence: 10,
  }),
};

function locationPath(env: Env, rec: Raw): string {
  const parent = typeof rec.location_id === 'number' ? env.model('stock.location').get(rec.location_id) : undefined;
  if (parent && rec.usage !== 'view') return `${locationPath(env, parent)}/${String(rec.name)}`;
  return String(rec.name);
}

export const stockLocation: ModelSpec = {
  name: 'stock.location',
  description: 'Inventory Locations',
  order: 'complete_name, id',
  required: ['name', 'usage'],
  inverses: { child_ids: 'location_id', quant_ids: 'location_id' },
  indexes: ['location_id'],
  defaults: () => ({ active: true, usage: 'internal', company_id: 1 }),
  displayName: (rec, env) => locationPath(env, rec),
  computed: () => ({
    complete_name: { get: (rec, env) => locationPath(env, rec) },
    warehouse_id: { get: (rec, env) => warehouseOf(env, rec) },
  }),
};

/** The warehouse whose view location holds this location (Odoo's parent_path test). */
function warehouseOf(env: Env, rec: Raw): number | false {
  const warehouses = [...env.model('stock.warehouse').records.values()];
  const locations = env.model('stock.location');
  let current: Raw | undefined = rec;
  for (let depth = 0; current && depth < 20; depth++) {
    const id: number = current.id;
    const warehouse = warehouses.find((w) => w.view_location_id === id);
    if (warehouse) return warehouse.id;
    current = typeof current.location_id === 'number' ? locations.get(current.location_id) : undefined;
  }
  return false;
}

export const stockPickingType: ModelSpec = {
  name: 'stock.picking.type',
  description: 'Picking Type',
  order: 'sequence, id',
  fields: () => ({
    name: f.char('Operation Type', true),
    code: f.sel(
      'Type of Operation',
      [
        ['incoming', 'Receipt'],
        ['outgoing', 'Delivery'],
        ['internal', 'Internal Transfer'],
      ],
      true,
    ),
    sequence_code: f.char('Sequence Prefix', true),
    sequence_prefix: f.char('Prefix'),
    warehouse_id: f.m2o('stock.warehouse', 'Warehouse'),
    default_location_src_id: f.m2o('stock.location', 'Default Source Location'),
    default_location_dest_id: f.m2o('stock.location', 'Default Destination Location'),
    return_picking_type_id: f.m2o('stock.picking.type', 'Operation Type for Returns'),
    company_id: f.m2o('res.company', 'Company', true),
    active: f.bool('Active'),
    sequence: f.int('Sequence'),
  }),
  displayName: (rec, env) => {
    const warehouse = env.model('stock.warehouse').get(rec.warehouse_id as number);
    return warehouse ? `${String(warehouse.name)}: ${String(rec.name)}` : String(rec.name);
  },
};

// ---- quants -------------------------------------------------------------------------------------------

/** Apply a quant's counted quantity as Odoo's "Apply" does: a done move from/to Inventory adjustment. */
function applyInventory(env: Env, quant: Raw, moveName: string): void {
  const quants = env.model('stock.quant');
  const diff = Number(quant.inventory_quantity ?? 0) - Number(quant.quantity ?? 0);
  if (diff !== 0) {
    const inbound = diff > 0;
    const moves = env.model('stock.move');
    moves.createRaw({
      name: moveName,
      reference: moveName,
      product_id: quant.product_id,
      product_uom: 1,
      product_uom_qty: Math.abs(diff),
      quantity: Math.abs(diff),
      picked: true,
      is_inventory: true,
      state: 'done',
      date: formatDatetime(env.callTime),
      location_id: inbound ? LOCATION_IDS.inventoryAdjustment : quant.location_id,
      location_dest_id: inbound ? quant.location_id : LOCATION_IDS.inventoryAdjustment,
      company_id: 1,
    });
    quants.writeOne(quant, { quantity: Number(quant.inventory_quantity ?? 0) });
    updateQuant(env, quant.product_id as number, LOCATION_IDS.inventoryAdjustment, -diff);
  }
  quants.writeOne(quant, {
    inventory_quantity: 0,
    inventory_quantity_set: false,
    last_count_date: formatDatetime(env.callTime).slice(0, 10),
  });
}

function userName(env: Env): string {
  return String(env.model('res.users').get(env.uid)?.name ?? 'Administrator');
}

const quantComputed = (): Record<string, ComputedField> => ({
  reserved_quantity: {
    get: (rec, env) =>
      findQuant(env, rec.product_id as number, rec.location_id as number)?.id === rec.id
        ? reservedAt(env, rec.product_id as number, rec.location_id as number)
        : 0,
  },
  available_quantity: {
    get: (rec, env) => Number(rec.quantity ?? 0) - Number(env.model('stock.quant').getValue(rec, 'reserved_quantity')),
  },
  inventory_diff_quantity: {
    get: (rec) => (rec.inventory_quantity_set ? Number(rec.inventory_quantity ?? 0) - Number(rec.quantity ?? 0) : 0),
  },
  inventory_quantity_auto_apply: {
    get: (rec) => rec.quantity ?? 0,
    set: (rec, value, env) => {
      rec.inventory_quantity = value;
      rec.inventory_quantity_set = true;
      applyInventory(env, rec, 'Product Quantity Updated');
    },
  },
  product_tmpl_id: {
    get: (rec, env) => env.model('product.product').get(rec.product_id as number)?.product_tmpl_id ?? false,
  },
  product_uom_id: { get: () => 1 },
  warehouse_id: {
    get: (rec, env) => (env.model('stock.location').get(rec.location_id as number)?.usage === 'internal' ? 1 : false),
  },
  on_hand: { get: (rec, env) => env.model('stock.location').get(rec.location_id as number)?.usage === 'internal' },
  tracking: { get: () => 'none' },
  currency_id: { get: () => 1 },
});

export const stockQuant: ModelSpec = {
  name: 'stock.quant',
  description: 'Quants',
  order: 'id',
  required: ['product_id', 'location_id'],
  indexes: ['product_id'],
  defaults: (env) => ({
    quantity: 0,
    inventory_quantity: 0,
    inventory_quantity_set: false,
    in_date: formatDatetime(env.callTime),
    company_id: 1,
  }),
  computed: quantComputed,
  displayName: (rec, env) =>
    `${env.model('stock.location').displayName(env.model('stock.location').browse(rec.location_id as number))} - ${env.model('product.product').displayName(env.model('product.product').browse(rec.product_id as number))}`,
  // In inventory mode Odoo writes the count on the existing quant and answers its id (fixture 16).
  createOverride: (env, model, vals) => {
    if (!env.context.inventory_mode) return undefined;
    const existing = findQuant(env, vals.product_id as number, vals.location_id as number);
    if (!existing) return undefined;
    const update: Kwargs = {};
    if ('inventory_quantity' in vals)
      Object.assign(update, { inventory_quantity: vals.inventory_quantity, inventory_quantity_set: true });
    model.writeOne(existing, update);
    if ('inventory_quantity_auto_apply' in vals) {
      existing.inventory_quantity = vals.inventory_quantity_auto_apply;
      existing.inventory_quantity_set = true;
      applyInventory(env, existing, 'Product Quantity Updated');
    }
    return existing.id;
  },
  afterCreate: (env, rec, vals) => {
    // A create with inventory_mode and no quant yet: the count is pending until applied. 19 marks any count given
    // at create as set (its inventory_quantity_set lost the default that 17 and 18 have).
    if ((env.context.inventory_mode || env.version >= 19) && 'inventory_quantity' in vals)
      rec.inventory_quantity_set = true;
  },
  beforeUnlink: () => {
    throw accessError(
      "You are not allowed to delete 'Quants' (stock.quant) records.\n\nNo group currently allows this operation.\n\nContact your administrator to request access if necessary.",
    );
  },
  methods: {
    action_apply_inventory: (env, model, ids) => {
      for (const id of ids) applyInventory(env, model.browse(id), `Product Quantity Updated (${userName(env)})`);
      return undefined;
    },
    action_clear_inventory_quantity: (_env, model, ids) => {
      for (const id of ids) model.writeOne(model.browse(id), { inventory_quantity: 0, inventory_quantity_set: false });
      return undefined;
    },
    action_set_inventory_quantity_to_zero: (_env, model, ids) => {
      for (const id of ids) model.writeOne(model.browse(id), { inventory_quantity: 0, inventory_quantity_set: false });
      return undefined;
    },
    // The Inventory menu action runs _quant_tasks(): empty quants without a pending count disappear.
    action_view_inventory: (env, model) => {
      for (const quant of [...model.records.values()]) {
        if (
          Number(quant.quantity ?? 0) === 0 &&
          !quant.inventory_quantity_set &&
          Number(quant.inventory_quantity ?? 0) === 0
        ) {
          model.forget(quant);
        }
      }
      // 18 names the view in `views` instead of `view_id`; 19 calls it Physical Inventory
      return {
        name: env.version >= 19 ? 'Physical Inventory' : 'Inventory Adjustments',
        view_mode: 'list',
        ...(env.version >= 18 ? {} : { view_id: 895 }),
        res_model: 'stock.quant',
        type: 'ir.actions.act_window',
        context: {
          default_location_id: LOCATION_IDS.stock,
          hide_location: true,
          inventory_mode: true,
          no_at_date: true,
        },
        domain: [['location_id.usage', 'in', ['internal', 'transit']]],
        ...(env.version >= 18 ? { views: [[945, 'list']] } : {}),
        help: '\n                <p class="o_view_nocontent_smiling_face">\n                    Your stock is currently empty\n                </p>',
      };
    },
  },
};

// ---- pickings -----------------------------------------------------------------------------------------

function pickingDefaults(env: Env, vals: Kwargs): Kwargs {
  const typeId = (vals.picking_type_id as number | undefined) ?? 2;
  const type = env.model('stock.picking.type').get(typeId);
  return {
    state: 'draft',
    move_type: 'direct',
    priority: '0',
    company_id: 1,
    picking_type_id: typeId,
    location_id: type?.default_location_src_id ?? LOCATION_IDS.stock,
    location_dest_id: type?.default_location_dest_id ?? LOCATION_IDS.customers,
    scheduled_date: formatDatetime(env.callTime),
    date: formatDatetime(env.callTime),
  };
}

export const stockPicking: ModelSpec = {
  name: 'stock.picking',
  description: 'Transfer',
  order: 'priority desc, scheduled_date asc, id desc',
  required: ['location_id', 'location_dest_id', 'picking_type_id'],
  inverses: {
    move_ids: 'picking_id',
    move_ids_without_package: 'picking_id',
    backorder_ids: 'backorder_id',
    return_ids: 'return_id',
  },
  indexes: ['sale_id', 'backorder_id', 'return_id'],
  defaults: pickingDefaults,
  computed: () => ({
    picking_type_code: {
      get: (rec, env) => env.model('stock.picking.type').get(rec.picking_type_id as number)?.code ?? false,
    },
    is_return_picking: { get: (rec) => typeof rec.return_id === 'number' },
    return_count: { get: (rec, env) => env.model('stock.picking').idsWhere('return_id', rec.id).length },
    is_locked: { get: () => true },
    products_availability_state: {
      get: (rec) => (rec.state === 'assigned' ? 'available' : rec.state === 'confirmed' ? 'late' : false),
    },
    delivery_type: {
      get: (rec, env) => env.model('delivery.carrier').get(rec.carrier_id as number)?.delivery_type ?? false,
    },
    weight: {
      get: (rec, env) =>
        movesOf(env, rec).reduce(
          (sum, move) =>
            sum +
            Number(
              env
                .model('product.product')
                .getValue(env.model('product.product').browse(move.product_id as number), 'weight') || 0,
            ) *
              Number(move.product_uom_qty ?? 0),
          0,
        ),
    },
    carrier_tracking_url: {
      get: (rec, env) => {
        const carrier = env.model('delivery.carrier').get(rec.carrier_id as number);
        // Odoo's fixed and rule-based shipping methods give no tracking link (get_tracking_link → False)
        return carrier?.__tracking_url && rec.carrier_tracking_ref
          ? `${String(carrier.__tracking_url)}${String(rec.carrier_tracking_ref)}`
          : false;
      },
    },
  }),
  afterCreate: (env, rec) => {
    if (!rec.name || rec.name === '/') rec.name = nextPickingName(env, rec.picking_type_id as number);
  },
  methods: {
    action_confirm: (env, model, ids) => {
      for (const id of ids) confirmPicking(env, model.browse(id));
      return true;
    },
    action_assign: (env, model, ids) => {
      for (const id of ids) assignPicking(env, model.browse(id));
      return true;
    },
    button_validate: (env, model, ids) =>
      buttonValidate(
        env,
        ids.map((id) => model.browse(id)),
      ),
    action_cancel: (env, model, ids) => {
      const moves = env.model('stock.move');
      for (const id of ids) {
        const picking = model.browse(id);
        for (const move of movesOf(env, picking)) if (move.state !== 'done') moves.writeOne(move, { state: 'cancel' });
        if (picking.state !== 'done') model.writeOne(picking, { state: 'cancel' });
      }
      return true;
    },
    do_unreserve: (env, model, ids) => {
      const moves = env.model('stock.move');
      for (const id of ids) {
        for (const move of movesOf(env, model.browse(id)))
          if (ACTIVE_MOVE_STATES.includes(String(move.state)))
            moves.writeOne(move, { quantity: 0, state: 'confirmed' });
        model.writeOne(model.browse(id), { state: 'confirmed' });
      }
      return true;
    },
  },
};

// ---- moves --------------------------------------------------------------------------------------------

function moveDisplayName(rec: Raw, env: Env): string {
  const picking = env.model('stock.picking').get(rec.picking_id as number);
  const product = env.model('product.product').get(rec.product_id as number);
  const locations = env.model('stock.location');
  const origin = picking?.origin ? `${String(picking.origin)}/` : '';
  const code = product?.default_code ? `${String(product.default_code)}: ` : '';
  return `${origin}${code}${String(locations.get(rec.location_id as number)?.name ?? '')}>${String(locations.get(rec.location_dest_id as number)?.name ?? '')}`;
}

/** 16 has quantity_done/reserved_availability where 17+ have quantity/picked (issue 3). */
function moveVersionFields(version: OdooVersion): Record<string, ComputedField> {
  if (version !== 16) return {};
  return {
    quantity_done: {
      get: (rec) => (rec.picked || rec.state === 'done' ? Number(rec.quantity ?? 0) : 0),
      set: (rec, value) => {
        rec.quantity = value;
        rec.picked = Number(value) > 0;
      },
    },
    reserved_availability: { get: (rec) => (rec.state === 'done' ? 0 : Number(rec.quantity ?? 0)) },
  };
}

export const stockMove: ModelSpec = {
  name: 'stock.move',
  description: 'Stock Move',
  order: 'sequence, id',
  required: ['product_id', 'location_id', 'location_dest_id'],
  inverses: { returned_move_ids: 'origin_returned_move_id' },
  indexes: ['product_id', 'picking_id', 'sale_line_id', 'origin_returned_move_id'],
  defaults: (env, vals) => {
    const picking = env.model('stock.picking').get(vals.picking_id as number);
    const product = env.model('product.product').get(vals.product_id as number);
    return {
      state: 'draft',
      quantity: 0,
      picked: false,
      product_uom: 1,
      sequence: 10,
      company_id: 1,
      procure_method: 'make_to_stock',
      date: formatDatetime(env.callTime),
      name: product ? env.model('product.product').displayName(product) : 'New Move',
      location_id: picking?.location_id ?? LOCATION_IDS.stock,
      location_dest_id: picking?.location_dest_id ?? LOCATION_IDS.customers,
      picking_type_id: picking?.picking_type_id ?? false,
    };
  },
  displayName: moveDisplayName,
  computed: (version) => ({
    ...moveVersionFields(version),
    reference: {
      get: (rec, env) =>
        typeof rec.reference === 'string'
          ? rec.reference
          : (env.model('stock.picking').get(rec.picking_id as number)?.name ?? rec.name ?? false),
    },
    product_qty: { get: (rec) => rec.product_uom_qty ?? 0 },
    product_tmpl_id: {
      get: (rec, env) => env.model('product.product').get(rec.product_id as number)?.product_tmpl_id ?? false,
    },
    location_usage: { get: (rec, env) => env.model('stock.location').get(rec.location_id as number)?.usage ?? false },
    location_dest_usage: {
      get: (rec, env) => env.model('stock.location').get(rec.location_dest_id as number)?.usage ?? false,
    },
    picking_code: {
      get: (rec, env) => env.model('stock.picking.type').get(rec.picking_type_id as number)?.code ?? false,
    },
    availability: { get: (rec) => rec.quantity ?? 0 },
  }),
  afterWrite: (env, rec, vals) => {
    // Encoding a quantity on an open move changes its reservation (17: writing `quantity` makes a partial pick).
    if (
      ('quantity' in vals || 'quantity_done' in vals) &&
      ACTIVE_MOVE_STATES.includes(String(rec.state)) &&
      !('state' in vals)
    ) {
      const quantity = Number(rec.quantity ?? 0);
      const demand = Number(rec.product_uom_qty ?? 0);
      rec.state = quantity >= demand && demand > 0 ? 'assigned' : quantity > 0 ? 'partially_available' : 'confirmed';
    }
  },
};

export const stockRoute: ModelSpec = {
  name: 'stock.route',
  description: 'Inventory Routes',
  order: 'sequence',
  fields: () => ({ name: f.char('Route', true), sequence: f.int('Sequence'), active: f.bool('Active') }),
};
