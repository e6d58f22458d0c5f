// The sandbox's controls over HTTP, for out-of-process tests and the demo (no token needed; the sandbox listens
// on 127.0.0.1 by default): switches, counters, orders and returns from the storefront, token expiry,
// client revocation, webhook secret rotation.
import type { Order, ReturnItem, SalesReturn } from './model.ts';
import { notFound, unprocessable } from './problem.ts';
import { route, type Route } from './router.ts';
import type { PlaceOrdersOptions } from './storefront.ts';
import type { ClaritySwitches } from './switches.ts';
import { FieldChecker, requireObject, type Json } from './validation.ts';

export interface SandboxControls {
  setSwitches(switches: Partial<ClaritySwitches>): ClaritySwitches;
  switches(): ClaritySwitches;
  counters(): Record<string, number>;
  expireTokens(): void;
  revokeClient(id: string): void;
  restoreClient(id: string): void;
  rotateWebhookSecret(subscriptionId: string): string;
  placeOrders(count: number, options?: PlaceOrdersOptions): Promise<Order[]>;
  placeReturn(orderIdOrKey: number | string, options?: { items?: ReturnItem[] }): SalesReturn;
}

const MAX_ORDERS_PER_CALL = 100_000;

export function controlRoutes(controls: SandboxControls): Route[] {
  return [
    route('GET', '/sandbox/switches', undefined, () => ({ status: 200, body: controls.switches() })),
    route('POST', '/sandbox/switches', undefined, (request) => ({
      status: 200,
      body: controls.setSwitches((request.body ?? {}) as Partial<ClaritySwitches>),
    })),
    route('GET', '/sandbox/counters', undefined, () => ({ status: 200, body: controls.counters() })),
    route('POST', '/sandbox/expire-tokens', undefined, () => {
      controls.expireTokens();
      return { status: 200, body: { expired: true } };
    }),
    route('POST', '/sandbox/clients/:id/revoke', undefined, (request) => {
      controls.revokeClient(request.params.id ?? '');
      return { status: 200, body: { revoked: request.params.id } };
    }),
    route('POST', '/sandbox/clients/:id/restore', undefined, (request) => {
      controls.restoreClient(request.params.id ?? '');
      return { status: 200, body: { restored: request.params.id } };
    }),
    route('POST', '/sandbox/webhooks/:id/rotate-secret', undefined, (request) => {
      try {
        return {
          status: 200,
          body: { ID: Number(request.params.id), Secret: controls.rotateWebhookSecret(request.params.id ?? '') },
        };
      } catch (error) {
        throw notFound((error as Error).message);
      }
    }),
    route('POST', '/sandbox/orders/place', undefined, async (request) => {
      const options = readPlaceOptions(
        request.body === undefined ? {} : requireObject(request.body, 'the order request'),
      );
      const orders = await controls.placeOrders(options.count, options.place);
      return { status: 201, body: { Placed: orders.length, Orders: orders } };
    }),
    route('POST', '/sandbox/returns/place', undefined, (request) => {
      const body = requireObject(request.body, 'the return request');
      const ref =
        typeof body.OrderID === 'number' ? body.OrderID : typeof body.OrderKey === 'string' ? body.OrderKey : undefined;
      if (ref === undefined)
        throw unprocessable('say which order to return items of', {
          OrderID: ['send OrderID (number) or OrderKey (order number)'],
        });
      try {
        const items = Array.isArray(body.Items) ? (body.Items as ReturnItem[]) : undefined;
        return { status: 201, body: controls.placeReturn(ref, items ? { items } : {}) };
      } catch (error) {
        throw notFound((error as Error).message);
      }
    }),
  ];
}

function readPlaceOptions(body: Json): { count: number; place: PlaceOrdersOptions } {
  const check = new FieldChecker();
  check.onlyFields(body, ['count', 'ratePerSec', 'unknownSkuRate', 'missingFieldRate', 'currencies', 'seed']);
  const count = check.optionalNumber(body, 'count', { min: 0, integer: true }) ?? 1;
  if (count > MAX_ORDERS_PER_CALL) check.add('count', `at most ${MAX_ORDERS_PER_CALL} per call`);
  const place: PlaceOrdersOptions = {};
  const rate = check.optionalNumber(body, 'ratePerSec', { min: 0 });
  if (typeof rate === 'number') place.ratePerSec = rate;
  for (const field of ['unknownSkuRate', 'missingFieldRate'] as const) {
    const value = check.optionalNumber(body, field, { min: 0 });
    if (typeof value === 'number') {
      if (value > 1) check.add(field, 'must be a share from 0 to 1');
      else place[field] = value;
    }
  }
  const seed = check.optionalNumber(body, 'seed', { integer: true });
  if (typeof seed === 'number') place.seed = seed;
  if (body.currencies !== undefined) {
    if (
      !Array.isArray(body.currencies) ||
      body.currencies.some((c) => typeof c !== 'string' || !/^[A-Z]{3}$/.test(c))
    ) {
      check.add('currencies', 'must be a list of ISO 4217 codes such as ["USD","EUR"]');
    } else place.currencies = body.currencies as string[];
  }
  check.throwIfAny('the order request');
  return { count, place };
}
