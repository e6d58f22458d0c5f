// Stock behaviour shared by pickings, moves, quants, sale orders and the wizards: confirming and reserving
// moves, validating a picking (quants follow every move, backorders split off), and picking state.
import type { Env } from './env.ts';
import type { Raw } from './model-spec.ts';
import { formatDatetime } from './odoo-time.ts';

export const ACTIVE_MOVE_STATES = ['confirmed', 'waiting', 'partially_available', 'assigned'];

export const LOCATION_IDS = { customers: 5, vendors: 4, stock: 8, inventoryAdjustment: 14 } as const;
export const PICKING_TYPE_IDS = { receipts: 1, deliveries: 2 } as const;

const round = (value: number): number => Math.round(value * 1e6) / 1e6;

function usageOf(env: Env, locationId: unknown): string {
  return String(env.model('stock.location').get(locationId as number)?.usage ?? '');
}

/** The quant holding a product in a location (the oldest one, as Odoo picks), if any. */
export function findQuant(env: Env, productId: number, locationId: number): Raw | undefined {
  const quants = env.model('stock.quant');
  const ids = quants.idsWhere('product_id', productId).sort((a, b) => a - b);
  for (const id of ids) {
    const quant = quants.browse(id);
    if (quant.location_id === locationId) return quant;
  }
  return undefined;
}

/** Add `delta` units of a product to a location's quant (created when missing; view locations hold none). */
export function updateQuant(env: Env, productId: number, locationId: number, delta: number): void {
  if (delta === 0 || usageOf(env, locationId) === 'view') return;
  const quants = env.model('stock.quant');
  const quant = findQuant(env, productId, locationId);
  if (quant) {
    quants.writeOne(quant, { quantity: round(Number(quant.quantity ?? 0) + delta) });
    return;
  }
  quants.createRaw({
    product_id: productId,
    location_id: locationId,
    quantity: round(delta),
    inventory_quantity: 0,
    inventory_quantity_set: false,
    in_date: formatDatetime(env.callTime),
    company_id: 1,
  });
}

/** Units of a product reserved in a location by moves not yet done. */
export function reservedAt(env: Env, productId: number, locationId: number, exceptMoveId?: number): number {
  const moves = env.model('stock.move');
  let total = 0;
  for (const id of moves.idsWhere('product_id', productId)) {
    if (id === exceptMoveId) continue;
    const move = moves.browse(id);
    if (move.location_id !== locationId) continue;
    if (move.state === 'assigned' || move.state === 'partially_available') total += Number(move.quantity ?? 0);
  }
  return round(total);
}

function isStorable(env: Env, productId: number): boolean {
  const products = env.model('product.product');
  const product = products.get(productId);
  if (!product) return false;
  return env.model('product.template').get(product.product_tmpl_id as number)?.type === 'product';
}

/**
 * The quantity a validation moves. 17+: the move's `quantity`. 16: its `quantity_done`, i.e. only what was
 * marked done (the immediate-transfer wizard marks everything reserved).
 */
export function doneQuantity(env: Env, move: Raw): number {
  if (env.version === 16 && !move.picked) return 0;
  return Number(move.quantity ?? 0);
}

/** Reserve what the source location can give a move (non-internal sources and consumables: all of it). */
export function reserveMove(env: Env, move: Raw): void {
  if (!ACTIVE_MOVE_STATES.includes(String(move.state))) return;
  const moves = env.model('stock.move');
  const demand = Number(move.product_uom_qty ?? 0);
  const productId = move.product_id as number;
  const locationId = move.location_id as number;
  let reserved: number;
  if (usageOf(env, locationId) !== 'internal' || !isStorable(env, productId)) {
    reserved = demand;
  } else {
    const onHand = Number(findQuant(env, productId, locationId)?.quantity ?? 0);
    const free = Math.max(0, round(onHand - reservedAt(env, productId, locationId, move.id)));
    reserved = Math.max(Number(move.quantity ?? 0), Math.min(demand, free));
  }
  const state = reserved >= demand && demand > 0 ? 'assigned' : reserved > 0 ? 'partially_available' : 'confirmed';
  moves.writeOne(move, { quantity: reserved, state });
}

/** A picking's state from its moves (move_type "direct": ready as soon as anything is reserved). */
export function refreshPickingState(env: Env, picking: Raw): void {
  const pickings = env.model('stock.picking');
  const moves = movesOf(env, picking);
  let state: string;
  if (moves.length === 0) state = String(picking.state ?? 'draft');
  else if (moves.every((m) => m.state === 'cancel')) state = 'cancel';
  else if (moves.every((m) => m.state === 'done' || m.state === 'cancel')) state = 'done';
  else if (moves.every((m) => m.state === 'draft' || m.state === 'cancel')) state = 'draft';
  else if (moves.some((m) => m.state === 'assigned' || m.state === 'partially_available')) state = 'assigned';
  else state = 'confirmed';
  if (state !== picking.state) pickings.writeOne(picking, { state });
}

export function movesOf(env: Env, picking: Raw): Raw[] {
  const moves = env.model('stock.move');
  return moves
    .idsWhere('picking_id', picking.id)
    .sort((a, b) => a - b)
    .map((id) => moves.browse(id));
}

/** Confirm a draft picking's moves and reserve them. */
export function confirmPicking(env: Env, picking: Raw): void {
  const moves = env.model('stock.move');
  for (const move of movesOf(env, picking)) {
    if (move.state === 'draft') moves.writeOne(move, { state: 'confirmed' });
  }
  assignPicking(env, picking);
}

export function assignPicking(env: Env, picking: Raw): void {
  for (const move of movesOf(env, picking)) reserveMove(env, move);
  refreshPickingState(env, picking);
}

/** The next name of a picking type's sequence, e.g. WH/OUT/00001. */
export function nextPickingName(env: Env, pickingTypeId: number): string {
  const type = env.model('stock.picking.type').get(pickingTypeId);
  const prefix = String(type?.sequence_prefix ?? 'WH/INT/');
  return `${prefix}${String(env.nextNumber(`picking:${prefix}`)).padStart(5, '0')}`;
}

/**
 * Validate a picking: every move is done with its `quantity`, quants follow, and what is left of a partially
 * processed move goes to a backorder (or is dropped when `createBackorder` is false).
 */
export function validatePicking(env: Env, picking: Raw, createBackorder: boolean): void {
  const moves = env.model('stock.move');
  const pickings = env.model('stock.picking');
  const now = formatDatetime(env.callTime);
  const leftovers: { move: Raw; remaining: number }[] = [];
  for (const move of movesOf(env, picking)) {
    if (move.state === 'done' || move.state === 'cancel') continue;
    const quantity = doneQuantity(env, move);
    const demand = Number(move.product_uom_qty ?? 0);
    if (quantity < demand) leftovers.push({ move, remaining: round(demand - quantity) });
    if (quantity <= 0) {
      if (createBackorder) continue; // the whole move goes to the backorder below
      moves.writeOne(move, { state: 'cancel', quantity: 0 });
      continue;
    }
    updateQuant(env, move.product_id as number, move.location_id as number, -quantity);
    updateQuant(env, move.product_id as number, move.location_dest_id as number, quantity);
    moves.writeOne(move, { state: 'done', picked: true, quantity, product_uom_qty: quantity, date: now });
  }
  if (createBackorder && leftovers.length) {
    const backorderId = pickings.createRaw({
      name: nextPickingName(env, picking.picking_type_id as number),
      origin: picking.origin ?? false,
      partner_id: picking.partner_id ?? false,
      sale_id: picking.sale_id ?? false,
      picking_type_id: picking.picking_type_id,
      location_id: picking.location_id,
      location_dest_id: picking.location_dest_id,
      scheduled_date: picking.scheduled_date ?? now,
      backorder_id: picking.id,
      carrier_id: picking.carrier_id ?? false,
      move_type: picking.move_type ?? 'direct',
      company_id: picking.company_id ?? 1,
      state: 'confirmed',
    });
    for (const { move, remaining } of leftovers) {
      if (Number(move.quantity ?? 0) <= 0) {
        moves.writeOne(move, { picking_id: backorderId, quantity: 0, state: 'confirmed' });
      } else {
        moves.createRaw({
          ...copyMoveValues(move),
          product_uom_qty: remaining,
          quantity: 0,
          picked: false,
          state: 'confirmed',
          picking_id: backorderId,
        });
      }
    }
    assignPicking(env, pickings.browse(backorderId));
  }
  pickings.writeOne(picking, { state: 'done', date_done: now });
  touchSaleOrder(env, picking);
}

/** The values a split or returned move copies from its original. */
export function copyMoveValues(move: Raw): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of [
    'name',
    'product_id',
    'product_uom',
    'location_id',
    'location_dest_id',
    'sale_line_id',
    'partner_id',
    'picking_type_id',
    'origin',
    'company_id',
    'date',
    'warehouse_id',
    'procure_method',
  ]) {
    if (move[key] !== undefined) copy[key] = move[key];
  }
  return copy;
}

/** Odoo recomputes stored fields of the order (delivery status, invoice status), moving its write_date. */
export function touchSaleOrder(env: Env, picking: Raw): void {
  if (typeof picking.sale_id !== 'number') return;
  const orders = env.model('sale.order');
  const order = orders.get(picking.sale_id);
  if (order) orders.touch(order);
}
