// A return of a done delivery, through stock.return.picking (fixture 21): the wizard proposes every delivered line;
// we set the quantities to return (0 = not returned) and create the return picking. From 18 on the wizard proposes 0
// of each (the delivered quantity is its lines' move_quantity), and create_returns is called action_create_returns
// ("Return All" = action_create_returns_all).
import { BusinessError } from '../../../core/errors.ts';
import { m2oId } from '../commands.ts';
import type { OdooClient } from '../client.ts';
import { CONNECTOR } from '../errors.ts';
import { actionRecordId } from './actions.ts';

export interface ReturnLine {
  productId: number;
  quantity: number;
}

/** Creates the return picking of `pickingId`; all delivered quantities when `lines` is omitted. Returns its id. */
export async function createReturn(
  client: OdooClient,
  pickingId: number,
  lines?: readonly ReturnLine[],
): Promise<number> {
  const context = { active_id: pickingId, active_ids: [pickingId], active_model: 'stock.picking' };
  const wizard = await client.create('stock.return.picking', {}, { context });
  if (lines) {
    const [form] = await client.read('stock.return.picking', [wizard], ['product_return_moves']);
    const lineIds = (form?.product_return_moves as number[] | undefined) ?? [];
    const delivered = client.version >= 18 ? 'move_quantity' : 'quantity';
    const proposed = await client.read('stock.return.picking.line', lineIds, ['product_id', delivered]);
    const wanted = new Map<number, number>();
    for (const l of lines) wanted.set(l.productId, (wanted.get(l.productId) ?? 0) + l.quantity);
    const commands: unknown[] = [];
    for (const line of proposed) {
      const productId = m2oId(line.product_id) ?? 0;
      const available = Number(line[delivered]);
      const take = Math.min(available, wanted.get(productId) ?? 0);
      wanted.set(productId, (wanted.get(productId) ?? 0) - take);
      commands.push([1, line.id, { quantity: take }]);
    }
    const unmatched = [...wanted.entries()].filter(([, q]) => q > 0);
    if (unmatched.length) {
      throw new BusinessError(
        `cannot return ${unmatched.map(([p, q]) => `${q} of product ${p}`).join(', ')}: not delivered by stock.picking ${pickingId}`,
        { connector: CONNECTOR, details: { pickingId, unmatched: Object.fromEntries(unmatched) } },
      );
    }
    await client.write('stock.return.picking', [wizard], { product_return_moves: commands });
  }
  const method = client.version < 18 ? 'create_returns' : lines ? 'action_create_returns' : 'action_create_returns_all';
  const action = await client.call('stock.return.picking', method, [[wizard]], {}, { context });
  const returnId = actionRecordId(action);
  if (returnId === undefined) {
    throw new BusinessError(`Odoo created no return for stock.picking ${pickingId}`, {
      connector: CONNECTOR,
      details: { pickingId },
    });
  }
  return returnId;
}
