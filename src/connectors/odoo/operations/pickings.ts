// Pickings and their moves: read them, set the tracking reference, validate through the dialogs Odoo may answer with.
import { BusinessError } from '../../../core/errors.ts';
import type { OdooClient, OdooRecord } from '../client.ts';
import { CONNECTOR } from '../errors.ts';
import { isWindowAction, type WindowAction } from './actions.ts';

export interface PickingSummary extends OdooRecord {
  name: string;
  state: string;
  origin: string | false;
  sale_id: [number, string] | false;
  move_ids: number[];
  carrier_id: [number, string] | false;
  carrier_tracking_ref: string | false;
  scheduled_date: string | false;
  date_done: string | false;
  location_id: [number, string] | false;
  location_dest_id: [number, string] | false;
  picking_type_id: [number, string] | false;
  picking_type_code: string | false;
  backorder_id: [number, string] | false;
  return_id?: [number, string] | false;
  write_date: string;
}

export interface MoveSummary extends OdooRecord {
  picking_id: [number, string] | false;
  product_id: [number, string] | false;
  product_uom_qty: number;
  /** Reserved/done quantity (17+ `quantity`; 16 `quantity_done`). */
  quantity: number;
  /** 17+ `picked`; on 16 true once a done quantity is entered. */
  picked: boolean;
  state: string;
}

export const PICKING_FIELDS = [
  'name',
  'state',
  'origin',
  'sale_id',
  'move_ids',
  'carrier_id',
  'carrier_tracking_ref',
  'scheduled_date',
  'date_done',
  'location_id',
  'location_dest_id',
  'picking_type_id',
  'picking_type_code',
  'backorder_id',
  'write_date',
];
export const MOVE_FIELDS = ['picking_id', 'product_id', 'product_uom_qty', 'quantity', 'picked', 'state'];

export async function readPickings(client: OdooClient, ids: readonly number[]): Promise<PickingSummary[]> {
  return client.read<PickingSummary>('stock.picking', ids, PICKING_FIELDS);
}

/** The pickings of a sale order (deliveries, backorders and returns), oldest first. */
export async function pickingsOfSaleOrder(client: OdooClient, saleOrderId: number): Promise<PickingSummary[]> {
  return client.searchRead<PickingSummary>('stock.picking', {
    domain: [['sale_id', '=', saleOrderId]],
    fields: PICKING_FIELDS,
    order: 'id asc',
  });
}

export async function movesOfPickings(client: OdooClient, pickingIds: readonly number[]): Promise<MoveSummary[]> {
  if (pickingIds.length === 0) return [];
  return client.searchRead<MoveSummary>('stock.move', {
    domain: [['picking_id', 'in', [...pickingIds]]],
    fields: MOVE_FIELDS,
    order: 'id asc',
  });
}

export async function setTrackingReference(
  client: OdooClient,
  pickingId: number,
  trackingRef: string,
  carrierId?: number,
): Promise<void> {
  await client.write('stock.picking', [pickingId], {
    carrier_tracking_ref: trackingRef,
    ...(carrierId ? { carrier_id: carrierId } : {}),
  });
}

export interface ValidateOptions {
  /** Quantities to ship per move id (a partial pick); by default what is reserved. */
  quantities?: Record<number, number>;
  /** On a partial pick: keep the rest as a backorder (default) or cancel it. */
  backorder?: 'create' | 'cancel';
}

export interface ValidateResult {
  /** The dialogs Odoo answered with, in order (e.g. stock.backorder.confirmation, confirm.stock.sms). */
  wizards: string[];
  /** Backorders created for the rest. */
  backorderIds: number[];
}

const MAX_WIZARD_STEPS = 6;

/**
 * Validates a picking as a person would: button_validate, then each dialog Odoo answers with — the backorder
 * question, the SMS confirmation (stock_sms: never send), and Odoo 16's immediate-transfer question — until Odoo
 * answers `true`. A dialog we do not know is a BusinessError naming it.
 */
export async function validatePicking(
  client: OdooClient,
  pickingId: number,
  options: ValidateOptions = {},
): Promise<ValidateResult> {
  if (options.quantities) {
    for (const [moveId, quantity] of Object.entries(options.quantities)) {
      await client.write('stock.move', [Number(moveId)], { quantity });
    }
  }
  const wizards: string[] = [];
  let answer: unknown = await client.call('stock.picking', 'button_validate', [[pickingId]]);
  for (let step = 0; isWindowAction(answer); step++) {
    if (step >= MAX_WIZARD_STEPS) throw unknownDialog(pickingId, answer, 'too many dialogs in a row');
    wizards.push(answer.res_model);
    answer = await answerDialog(client, pickingId, answer, options);
  }
  const backorders = await client.search('stock.picking', [['backorder_id', '=', pickingId]], { order: 'id asc' });
  return { wizards, backorderIds: backorders };
}

async function answerDialog(
  client: OdooClient,
  pickingId: number,
  action: WindowAction,
  options: ValidateOptions,
): Promise<unknown> {
  const context = action.context ?? {};
  // a wizard the action names (res_id), or one made from the action's context (default_pick_ids, ...)
  const wizardId = async (): Promise<number> =>
    typeof action.res_id === 'number' && action.res_id > 0
      ? action.res_id
      : client.create(action.res_model, {}, { context });
  switch (action.res_model) {
    case 'stock.backorder.confirmation': {
      const method = options.backorder === 'cancel' ? 'process_cancel_backorder' : 'process';
      return client.call(action.res_model, method, [[await wizardId()]], {}, { context });
    }
    case 'confirm.stock.sms':
      return client.call(action.res_model, 'dont_send_sms', [[await wizardId()]], {}, { context });
    case 'stock.immediate.transfer':
      return client.call(action.res_model, 'process', [[await wizardId()]], {}, { context });
    default:
      throw unknownDialog(pickingId, action, 'the bridge does not know how to answer it');
  }
}

function unknownDialog(pickingId: number, action: WindowAction, why: string): BusinessError {
  return new BusinessError(
    `validating stock.picking ${pickingId}: Odoo asked "${action.name ?? action.res_model}" (${action.res_model}); ${why}. Validate it in Odoo`,
    {
      connector: CONNECTOR,
      details: { model: 'stock.picking', id: pickingId, wizard: action.res_model },
    },
  );
}
