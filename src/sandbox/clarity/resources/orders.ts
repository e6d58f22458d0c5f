// /api/v1/orders: sales orders placed by the storefront; the API reads them and PATCHes status, tracking and ERP reference.
import type { SandboxContext } from '../context.ts';
import { ORDER_STATUSES, type Order } from '../model.ts';
import { route, type Route } from '../router.ts';
import { FieldChecker } from '../validation.ts';
import { bodyObject, found, idParam, listAnswer } from './common.ts';

const PATCHABLE = ['StatusKey', 'TrackingNumber', 'ErpReference'] as const;

export function orderRoutes({ store }: SandboxContext): Route[] {
  const read = ['orders:read'];
  const write = ['orders:write'];
  return [
    route('GET', '/api/v1/orders', read, (request) => listAnswer(request, store.orders.all())),
    route('GET', '/api/v1/orders/key/*key', read, (request) => {
      const key = request.params.key ?? '';
      return { status: 200, body: found(store.orders.getByKey(key), `no order with CustomKey ${JSON.stringify(key)}`) };
    }),
    route('GET', '/api/v1/orders/:id', read, (request) => {
      const id = idParam(request, 'order');
      return { status: 200, body: found(store.orders.get(id), `no order with ID ${id}`) };
    }),
    route('PATCH', '/api/v1/orders/:id', write, (request) => {
      const id = idParam(request, 'order');
      const order = found(store.orders.get(id), `no order with ID ${id}`);
      const body = bodyObject(request, 'the order change');
      const check = new FieldChecker();
      check.onlyFields(body, PATCHABLE);
      const status = check.oneOf(body, 'StatusKey', ORDER_STATUSES, false);
      const tracking = check.optionalString(body, 'TrackingNumber', 100);
      const erpReference = check.optionalString(body, 'ErpReference', 100);
      if (status !== undefined && status !== 'Cancelled' && order.StatusKey === 'Cancelled') {
        check.add('StatusKey', `order ${order.CustomKey} is cancelled; a cancelled order cannot become ${status}`);
      }
      if (check.ok && Object.keys(body).length === 0)
        check.add('body', `nothing to change; send one of ${PATCHABLE.join(', ')}`);
      check.throwIfAny('the order change');
      const { record, changed } = store.orders.update(order.ID, (draft: Order) => {
        if (status !== undefined) draft.StatusKey = status;
        if (tracking !== undefined) draft.TrackingNumber = tracking;
        if (erpReference !== undefined) draft.ErpReference = erpReference;
      });
      if (changed) {
        const cancelled = record.StatusKey === 'Cancelled' && order.StatusKey !== 'Cancelled';
        store.emit(cancelled ? 'order.cancelled' : 'order.updated', record);
      }
      return { status: 200, body: record };
    }),
  ];
}
