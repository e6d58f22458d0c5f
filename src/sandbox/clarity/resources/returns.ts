// /api/v1/returns: return requests the storefront creates; the API reads them and PATCHes status and refund.
import type { SandboxContext } from '../context.ts';
import { RETURN_STATUSES } from '../model.ts';
import { route, type Route } from '../router.ts';
import { FieldChecker } from '../validation.ts';
import { bodyObject, found, idParam, listAnswer } from './common.ts';

const PATCHABLE = ['StatusKey', 'RefundAmount'] as const;

export function returnRoutes({ store }: SandboxContext): Route[] {
  const read = ['returns:read'];
  return [
    route('GET', '/api/v1/returns', read, (request) => listAnswer(request, store.returns.all())),
    route('GET', '/api/v1/returns/key/*key', read, (request) => {
      const key = request.params.key ?? '';
      return {
        status: 200,
        body: found(store.returns.getByKey(key), `no return with CustomKey ${JSON.stringify(key)}`),
      };
    }),
    route('GET', '/api/v1/returns/:id', read, (request) => {
      const id = idParam(request, 'return');
      return { status: 200, body: found(store.returns.get(id), `no return with ID ${id}`) };
    }),
    route('PATCH', '/api/v1/returns/:id', ['returns:write'], (request) => {
      const id = idParam(request, 'return');
      const current = found(store.returns.get(id), `no return with ID ${id}`);
      const body = bodyObject(request, 'the return change');
      const check = new FieldChecker();
      check.onlyFields(body, PATCHABLE);
      const status = check.oneOf(body, 'StatusKey', RETURN_STATUSES, false);
      const refund = check.optionalNumber(body, 'RefundAmount', { min: 0 });
      const order = store.orders.get(current.OrderID);
      if (typeof refund === 'number' && order && refund > order.Totals.Total) {
        check.add('RefundAmount', `cannot exceed the order total ${order.Totals.Total} ${order.CurrencyKey}`);
      }
      if (check.ok && Object.keys(body).length === 0)
        check.add('body', `nothing to change; send one of ${PATCHABLE.join(', ')}`);
      check.throwIfAny('the return change');
      const { record, changed } = store.returns.update(id, (draft) => {
        if (status !== undefined) draft.StatusKey = status;
        if (refund !== undefined) draft.RefundAmount = refund;
      });
      if (changed) store.emit('return.updated', record);
      return { status: 200, body: record };
    }),
  ];
}
