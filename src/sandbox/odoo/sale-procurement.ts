// What a confirmed sale order asks of the warehouse (Odoo's _action_launch_stock_rule): a delivery whose moves
// follow the order lines, created at confirmation and adjusted when lines are added or their quantity changes.
import type { Env } from './env.ts';
import type { Raw } from './model-spec.ts';
import { formatDatetime } from './odoo-time.ts';
import {
  confirmPicking,
  LOCATION_IDS,
  nextPickingName,
  PICKING_TYPE_IDS,
  refreshPickingState,
} from './stock-operations.ts';

export function lineProductTemplate(env: Env, line: Raw): Raw | undefined {
  const product = env.model('product.product').get(line.product_id as number);
  return product ? env.model('product.template').get(product.product_tmpl_id as number) : undefined;
}

function isGoods(env: Env, line: Raw): boolean {
  const type = lineProductTemplate(env, line)?.type;
  return !line.display_type && type !== 'service' && type !== 'combo';
}

/** Where the order ships from: its warehouse's stock location and delivery type (each company has its own). */
function shipsFrom(env: Env, order: Raw): { warehouse: number; stock: number; deliveries: number; company: number } {
  const warehouse = env.model('stock.warehouse').get(order.warehouse_id as number);
  return {
    warehouse: warehouse?.id ?? 1,
    stock: (warehouse?.lot_stock_id as number | undefined) ?? LOCATION_IDS.stock,
    deliveries: (warehouse?.out_type_id as number | undefined) ?? PICKING_TYPE_IDS.deliveries,
    company: (order.company_id as number | undefined) ?? 1,
  };
}

/** The origin of the delivery and its moves: 18 adds the customer's reference to the order's name. */
function procurementOrigin(env: Env, order: Raw): string {
  const ref = order.client_order_ref;
  return env.version === 18 && typeof ref === 'string' && ref ? `${String(order.name)} - ${ref}` : String(order.name);
}

/** The order's delivery still open, or a new one (draft) when there is none. */
function openDelivery(env: Env, order: Raw): Raw {
  const from = shipsFrom(env, order);
  const pickings = env.model('stock.picking');
  const open = pickings
    .idsWhere('sale_id', order.id)
    .sort((a, b) => a - b)
    .map((id) => pickings.browse(id))
    .find(
      (p) => p.picking_type_id === from.deliveries && !['done', 'cancel'].includes(String(p.state)) && !p.return_id,
    );
  if (open) return open;
  const pickingId = pickings.createRaw({
    name: nextPickingName(env, from.deliveries),
    origin: procurementOrigin(env, order),
    partner_id: order.partner_shipping_id,
    sale_id: order.id,
    picking_type_id: from.deliveries,
    location_id: from.stock,
    location_dest_id: LOCATION_IDS.customers,
    scheduled_date: formatDatetime(env.callTime),
    move_type: order.picking_policy === 'one' ? 'one' : 'direct',
    carrier_id: order.carrier_id ?? false,
    company_id: from.company,
    state: 'draft',
  });
  return pickings.browse(pickingId);
}

/**
 * Make the stock moves follow the confirmed order's lines (Odoo's _action_launch_stock_rule): each line needs
 * moves for what is ordered and not yet delivered or planned; the missing quantity gets a new move on the open
 * delivery, an excess is taken off the open moves.
 */
export function procure(env: Env, order: Raw, lines: Raw[]): void {
  const moves = env.model('stock.move');
  const from = shipsFrom(env, order);
  const touched = new Set<number>();
  for (const line of lines.filter((l) => isGoods(env, l))) {
    const lineMoves = moves.idsWhere('sale_line_id', line.id).map((id) => moves.browse(id));
    const outgoing = lineMoves.filter((m) => m.state !== 'cancel' && m.location_dest_id === LOCATION_IDS.customers);
    const planned = outgoing.reduce((sum, m) => sum + Number(m.product_uom_qty ?? 0), 0);
    const returned = lineMoves
      .filter((m) => m.state === 'done' && m.location_id === LOCATION_IDS.customers)
      .reduce((sum, m) => sum + Number(m.quantity ?? 0), 0);
    let missing = Number(line.product_uom_qty ?? 0) - (planned - returned);
    if (missing > 1e-9) {
      const picking = openDelivery(env, order);
      const existing = outgoing.find((m) => m.picking_id === picking.id && m.state !== 'done');
      if (existing) moves.writeOne(existing, { product_uom_qty: Number(existing.product_uom_qty) + missing });
      else {
        moves.createRaw({
          name: line.name,
          product_id: line.product_id,
          product_uom_qty: missing,
          product_uom: line.product_uom ?? 1,
          quantity: 0,
          picked: false,
          state: picking.state === 'draft' ? 'draft' : 'confirmed',
          location_id: from.stock,
          location_dest_id: LOCATION_IDS.customers,
          picking_id: picking.id,
          picking_type_id: from.deliveries,
          sale_line_id: line.id,
          partner_id: order.partner_shipping_id,
          origin: procurementOrigin(env, order),
          warehouse_id: from.warehouse,
          company_id: from.company,
          procure_method: 'make_to_stock',
          date: formatDatetime(env.callTime),
        });
      }
      touched.add(picking.id);
    }
    for (const move of outgoing.filter((m) => m.state !== 'done').reverse()) {
      if (missing >= -1e-9) break;
      const demand = Number(move.product_uom_qty ?? 0);
      const cut = Math.min(demand, -missing);
      missing += cut;
      const rest = demand - cut;
      moves.writeOne(
        move,
        rest > 0
          ? { product_uom_qty: rest, quantity: Math.min(Number(move.quantity ?? 0), rest) }
          : { product_uom_qty: 0, quantity: 0, state: 'cancel' },
      );
      if (typeof move.picking_id === 'number') touched.add(move.picking_id);
    }
  }
  const pickings = env.model('stock.picking');
  for (const id of touched) confirmPicking(env, pickings.browse(id));
  for (const id of touched) refreshPickingState(env, pickings.browse(id));
}
