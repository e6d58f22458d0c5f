// stock.picking.button_validate as Odoo 17 answers it (fixtures 14 and 17): refuse when nothing is reserved,
// else the pre-validation wizards in Odoo's order (backorder confirmation, then stock_sms's confirmation while
// the company has not seen it and the partner has a phone), else validate and answer true.
import type { Env } from './env.ts';
import type { Kwargs, Raw } from './model-spec.ts';
import { userError } from './odoo-errors.ts';
import { confirmPicking, doneQuantity, movesOf, validatePicking } from './stock-operations.ts';

const BACKORDER_VIEW_ID = 848;
const SMS_VIEW_ID = 1052;

export function buttonValidate(env: Env, pickings: Raw[]): unknown {
  const pickingModel = env.model('stock.picking');
  const fromContext = env.context.button_validate_picking_ids;
  const asked =
    Array.isArray(fromContext) && fromContext.length
      ? (fromContext as number[]).map((id) => pickingModel.browse(id))
      : pickings;
  // 18 leaves done transfers out (true when none is left); up to 17 a done or cancelled transfer has nothing
  // reserved, and is refused below as such
  const targets = env.version >= 18 ? asked.filter((picking) => picking.state !== 'done') : asked;
  if (!targets.length) return true;
  for (const picking of targets) if (picking.state === 'draft') confirmPicking(env, picking);
  const open = (picking: Raw): Raw[] => movesOf(env, picking).filter((m) => m.state !== 'done' && m.state !== 'cancel');
  if (targets.some((picking) => open(picking).every((move) => Number(move.quantity ?? 0) <= 0))) {
    throw userError(
      env.version === 16
        ? 'You cannot validate a transfer if no quantities are reserved nor done. To force the transfer, switch in edit mode and encode the done quantities.'
        : 'You cannot validate a transfer if no quantities are reserved. To force the transfer, encode quantities.',
    );
  }
  const ids = targets.map((p) => p.id);
  const context: Kwargs = { ...env.context };
  if (!('button_validate_picking_ids' in context)) context.button_validate_picking_ids = ids;

  // 16: nothing marked done yet means everything reserved is done. Real 16 first asks "Immediate Transfer?"
  // (stock.immediate.transfer); issue 3 emulates only 16's two field differences, so the sandbox applies it directly.
  if (env.version === 16) {
    const moves = env.model('stock.move');
    for (const picking of targets) {
      const open16 = open(picking);
      if (open16.every((move) => doneQuantity(env, move) <= 0))
        for (const move of open16) moves.writeOne(move, { picked: true });
    }
  }

  if (!env.context.skip_backorder) {
    const partial = targets.filter((picking) =>
      open(picking).some((move) => doneQuantity(env, move) < Number(move.product_uom_qty ?? 0)),
    );
    if (partial.length) {
      return {
        name: 'Create Backorder?',
        type: 'ir.actions.act_window',
        view_mode: 'form',
        res_model: 'stock.backorder.confirmation',
        views: [[BACKORDER_VIEW_ID, 'form']],
        view_id: BACKORDER_VIEW_ID,
        target: 'new',
        context: { ...context, default_show_transfers: false, default_pick_ids: partial.map((p) => [4, p.id]) },
      };
    }
  }

  if (!env.context.skip_sms) {
    const smsPickings = targets.filter((picking) => needsSmsConfirmation(env, picking));
    if (smsPickings.length) {
      const wizardId = env
        .model('confirm.stock.sms')
        .createRaw({ pick_ids: smsPickings.map((p) => p.id), company_id: 1 });
      return {
        name: 'SMS',
        type: 'ir.actions.act_window',
        view_mode: 'form',
        res_model: 'confirm.stock.sms',
        views: [[SMS_VIEW_ID, 'form']],
        view_id: SMS_VIEW_ID,
        target: 'new',
        res_id: wizardId,
        context,
      };
    }
  }

  const noBackorder = new Set(
    Array.isArray(env.context.picking_ids_not_to_backorder)
      ? (env.context.picking_ids_not_to_backorder as number[])
      : [],
  );
  for (const picking of targets) validatePicking(env, picking, !noBackorder.has(picking.id));
  return true;
}

/** stock_sms asks once per company, for outgoing transfers to a partner with a phone or mobile. */
function needsSmsConfirmation(env: Env, picking: Raw): boolean {
  const company = env.model('res.company').get(1);
  if (!company || !company.stock_move_sms_validation || company.has_received_warning_stock_sms) return false;
  if (env.model('stock.picking.type').get(picking.picking_type_id as number)?.code !== 'outgoing') return false;
  const partner = env.model('res.partner').get(picking.partner_id as number);
  return Boolean(partner && (partner.phone || partner.mobile));
}
