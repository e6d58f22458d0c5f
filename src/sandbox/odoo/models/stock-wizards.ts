// The inventory wizards a client walks through: backorder confirmation, stock_sms's SMS confirmation
// (fixture 14) and the return wizard (fixture 21).
import type { Env } from '../env.ts';
import { f } from '../field-schemas.ts';
import type { Kwargs, ModelSpec, Raw } from '../model-spec.ts';
import type { Model } from '../model.ts';
import { unknownMethodError, userError } from '../odoo-errors.ts';
import { formatDatetime } from '../odoo-time.ts';
import { assignPicking, copyMoveValues, movesOf, nextPickingName, PICKING_TYPE_IDS } from '../stock-operations.ts';
import { buttonValidate } from '../stock-validation.ts';

function revalidate(env: Env, extra: Kwargs): unknown {
  const ids = (env.context.button_validate_picking_ids as number[] | undefined) ?? [];
  return env.withContext(extra, () =>
    buttonValidate(
      env,
      ids.map((id) => env.model('stock.picking').browse(id)),
    ),
  );
}

export const stockBackorderConfirmation: ModelSpec = {
  name: 'stock.backorder.confirmation',
  description: 'Backorder Confirmation',
  fields: () => ({
    pick_ids: f.m2m('stock.picking', 'Pick'),
    show_transfers: f.bool('Show Transfers'),
    backorder_confirmation_line_ids: f.o2m('stock.backorder.confirmation.line', 'Backorder Confirmation Lines'),
  }),
  inverses: { backorder_confirmation_line_ids: 'backorder_confirmation_id' },
  afterCreate: (env, rec) => {
    const lines = env.model('stock.backorder.confirmation.line');
    for (const pickingId of (rec.pick_ids as number[] | undefined) ?? []) {
      lines.createRaw({ backorder_confirmation_id: rec.id, picking_id: pickingId, to_backorder: true });
    }
  },
  methods: {
    process: (env, model, ids) => {
      const lines = env.model('stock.backorder.confirmation.line');
      const notToBackorder = ids.flatMap((id) =>
        lines
          .idsWhere('backorder_confirmation_id', id)
          .map((lineId) => lines.browse(lineId))
          .filter((line) => line.to_backorder === false)
          .map((line) => line.picking_id as number),
      );
      void model;
      return revalidate(
        env,
        notToBackorder.length
          ? { skip_backorder: true, picking_ids_not_to_backorder: notToBackorder }
          : { skip_backorder: true },
      );
    },
    process_cancel_backorder: (env, model, ids) => {
      const pickIds = ids.flatMap((id) => (model.browse(id).pick_ids as number[] | undefined) ?? []);
      return revalidate(env, { skip_backorder: true, picking_ids_not_to_backorder: pickIds });
    },
  },
};

/** Odoo 16's "Immediate Transfer?": marks every reserved quantity done, then validates again. */
export const stockImmediateTransfer: ModelSpec = {
  name: 'stock.immediate.transfer',
  versions: [16],
  description: 'Immediate Transfer',
  fields: () => ({
    pick_ids: f.m2m('stock.picking', 'Pick'),
    show_transfers: f.bool('Show Transfers'),
  }),
  methods: {
    process: (env, model, ids) => {
      const moves = env.model('stock.move');
      const pickIds = ids.flatMap((id) => (model.browse(id).pick_ids as number[] | undefined) ?? []);
      for (const pickingId of pickIds) {
        for (const move of movesOf(env, env.model('stock.picking').browse(pickingId))) {
          if (move.state !== 'done' && move.state !== 'cancel') moves.writeOne(move, { picked: true });
        }
      }
      return revalidate(env, { skip_immediate: true });
    },
  },
};

export const stockBackorderConfirmationLine: ModelSpec = {
  name: 'stock.backorder.confirmation.line',
  description: 'Backorder Confirmation Line',
  fields: () => ({
    backorder_confirmation_id: f.m2o('stock.backorder.confirmation', 'Immediate Transfer'),
    picking_id: f.m2o('stock.picking', 'Transfer'),
    to_backorder: f.bool('To Backorder'),
  }),
  indexes: ['backorder_confirmation_id'],
};

function smsAnswered(env: Env): void {
  const companies = env.model('res.company');
  companies.writeOne(companies.browse(1), { has_received_warning_stock_sms: true });
}

export const confirmStockSms: ModelSpec = {
  name: 'confirm.stock.sms',
  description: 'Confirm Stock SMS',
  fields: () => ({ pick_ids: f.m2m('stock.picking', 'Pick'), company_id: f.m2o('res.company', 'Company') }),
  methods: {
    send_sms: (env) => {
      smsAnswered(env);
      return revalidate(env, { skip_sms: true });
    },
    dont_send_sms: (env) => {
      const companies = env.model('res.company');
      companies.writeOne(companies.browse(1), {
        stock_move_sms_validation: false,
        has_received_warning_stock_sms: true,
      });
      return revalidate(env, { skip_sms: true });
    },
  },
};

/** Units of a done move already sent back by earlier returns. */
function returnedQty(env: Env, move: Raw): number {
  const moves = env.model('stock.move');
  return moves
    .idsWhere('origin_returned_move_id', move.id)
    .map((id) => moves.browse(id))
    .filter((m) => m.state !== 'cancel')
    .reduce((sum, m) => sum + Number(m.product_uom_qty ?? 0), 0);
}

export const stockReturnPicking: ModelSpec = {
  name: 'stock.return.picking',
  description: 'Return Picking',
  inverses: { product_return_moves: 'wizard_id' },
  defaults: (env) => {
    const pickingId =
      (env.context.active_id as number | undefined) ?? (env.context.active_ids as number[] | undefined)?.[0];
    const picking = typeof pickingId === 'number' ? env.model('stock.picking').get(pickingId) : undefined;
    if (!picking) return {};
    return {
      picking_id: picking.id,
      location_id: picking.location_id,
      original_location_id: picking.location_id,
      parent_location_id: 7,
      company_id: 1,
    };
  },
  afterCreate: (env, rec, vals) => {
    if ('product_return_moves' in vals) return;
    const picking = env.model('stock.picking').get(rec.picking_id as number);
    if (!picking) return;
    if (picking.state !== 'done') throw userError('You may only return Done pickings.');
    const lines = env.model('stock.return.picking.line');
    for (const move of movesOf(env, picking)) {
      if (move.state !== 'done') continue;
      // 18 proposes nothing to return (0) and leaves the quantities to the user or to "Return All"
      const quantity = env.version >= 18 ? 0 : Math.max(0, Number(move.quantity ?? 0) - returnedQty(env, move));
      lines.createRaw({
        wizard_id: rec.id,
        product_id: move.product_id,
        quantity,
        move_id: move.id,
        uom_id: move.product_uom ?? 1,
        to_refund: true,
      });
    }
  },
  methods: {
    create_returns: (env, model, ids) => {
      // 18 renamed it action_create_returns (and added action_create_returns_all)
      if (env.version >= 18) throw unknownMethodError(model.name, 'create_returns', env.version);
      return createReturn(env, model, ids);
    },
    action_create_returns: (env, model, ids) => {
      if (env.version < 18) throw unknownMethodError(model.name, 'action_create_returns', env.version);
      return actionCreateReturns(env, model, ids);
    },
    action_create_returns_all: (env, model, ids) => {
      if (env.version < 18) throw unknownMethodError(model.name, 'action_create_returns_all', env.version);
      const lines = env.model('stock.return.picking.line');
      for (const id of lines.idsWhere('wizard_id', ids[0] ?? 0)) {
        const line = lines.browse(id);
        const move = env.model('stock.move').browse(line.move_id as number);
        lines.writeOne(line, { quantity: Math.max(0, Number(move.quantity ?? 0) - returnedQty(env, move)) });
      }
      return actionCreateReturns(env, model, ids);
    },
  },
};

/** 18's action_create_returns: the return, shown with the call's own context. */
function actionCreateReturns(env: Env, model: Model, ids: number[]): Record<string, unknown> {
  const action = createReturn(env, model, ids);
  return {
    name: action.name,
    view_mode: 'form',
    res_model: action.res_model,
    res_id: action.res_id,
    type: action.type,
    context: env.context,
  };
}

/** The return picking of a return wizard, as Odoo's _create_return makes it, and the action that shows it. */
function createReturn(env: Env, model: Model, ids: number[]): Record<string, unknown> {
  const wizard = model.browse(ids[0] ?? 0);
  const original = env.model('stock.picking').browse(wizard.picking_id as number);
  const lines = env.model('stock.return.picking.line');
  const wanted = lines
    .idsWhere('wizard_id', wizard.id)
    .sort((a, b) => a - b)
    .map((id) => lines.browse(id))
    .filter((line) => Number(line.quantity ?? 0) > 0);
  if (!wanted.length) throw userError('Please specify at least one non-zero quantity.');
  const originalType = env.model('stock.picking.type').get(original.picking_type_id as number);
  const returnTypeId = (originalType?.return_picking_type_id as number | undefined) ?? PICKING_TYPE_IDS.receipts;
  const pickings = env.model('stock.picking');
  const returnId = pickings.createRaw({
    name: nextPickingName(env, returnTypeId),
    origin: `Return of ${String(original.name)}`,
    partner_id: original.partner_id ?? false,
    sale_id: original.sale_id ?? false,
    picking_type_id: returnTypeId,
    location_id: original.location_dest_id,
    location_dest_id: wizard.location_id ?? original.location_id,
    return_id: original.id,
    scheduled_date: formatDatetime(env.callTime),
    move_type: 'direct',
    company_id: 1,
    state: 'draft',
  });
  const moves = env.model('stock.move');
  for (const line of wanted) {
    const originalMove = moves.browse(line.move_id as number);
    moves.createRaw({
      ...copyMoveValues(originalMove),
      location_id: original.location_dest_id,
      location_dest_id: wizard.location_id ?? original.location_id,
      product_uom_qty: Number(line.quantity),
      quantity: 0,
      picked: false,
      state: 'confirmed',
      picking_id: returnId,
      picking_type_id: returnTypeId,
      origin_returned_move_id: originalMove.id,
      to_refund: line.to_refund !== false,
      date: formatDatetime(env.callTime),
    });
  }
  assignPicking(env, pickings.browse(returnId));
  return {
    name: 'Returned Picking',
    view_mode: 'form,tree,calendar',
    res_model: 'stock.picking',
    res_id: returnId,
    type: 'ir.actions.act_window',
    context: {
      ...env.context,
      default_partner_id: original.partner_id ?? false,
      search_default_picking_type_id: returnTypeId,
      search_default_draft: false,
      search_default_assigned: false,
      search_default_confirmed: false,
      search_default_ready: false,
      search_default_planning_issues: false,
      search_default_available: false,
    },
  };
}

export const stockReturnPickingLine: ModelSpec = {
  name: 'stock.return.picking.line',
  description: 'Return Picking Line',
  indexes: ['wizard_id'],
  // 18+: the delivered quantity beside the (now empty) proposal
  computed: (version) =>
    version >= 18
      ? { move_quantity: { get: (rec, env) => env.model('stock.move').get(rec.move_id as number)?.quantity ?? 0 } }
      : {},
  displayName: (rec, env) =>
    env.model('product.product').displayName(env.model('product.product').browse(rec.product_id as number)),
};
