// The Clarity sandbox store: serves the v1 contract (../shared/CLARITY-API.md) from one in-memory store, with
// webhooks, fault switches, a storefront generator and an inspection page. In-process for tests, or
// standalone through `bridge sandbox clarity`.
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '../../core/logger.ts';
import { defaultClient, OAuthServer, type OAuthClient } from './auth.ts';
import type { SandboxContext } from './context.ts';
import { controlRoutes } from './control.ts';
import { Counters } from './counters.ts';
import { IdempotencyKeys } from './idempotency.ts';
import { inspectionRoutes } from './inspection.ts';
import type { Order, ReturnItem, SalesReturn } from './model.ts';
import { categoryRoutes } from './resources/categories.ts';
import { customerRoutes } from './resources/customers.ts';
import { inventoryRoutes } from './resources/inventory.ts';
import { orderRoutes } from './resources/orders.ts';
import { productRoutes } from './resources/products.ts';
import { returnRoutes } from './resources/returns.ts';
import { shipmentRoutes } from './resources/shipments.ts';
import { webhookRoutes } from './resources/webhooks.ts';
import { seedStore } from './seed.ts';
import { createSandboxServer } from './server.ts';
import { ClarityStore } from './store.ts';
import { storeView, type ClarityStoreView } from './store-view.ts';
import { Storefront, type PlaceOrdersOptions } from './storefront.ts';
import { SwitchBoard, type ClaritySwitches } from './switches.ts';
import { WebhookDispatcher } from './webhook-dispatcher.ts';
import { WebhookSecrets } from './webhook-secrets.ts';

export type { ClaritySwitches } from './switches.ts';
export type { ClarityStoreView } from './store-view.ts';
export type { PlaceOrdersOptions } from './storefront.ts';
export type * from './model.ts';
export { ALL_SCOPES } from './auth.ts';

export interface ClaritySandboxOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (a free port); the CLI defaults to 8080. */
  port?: number;
  /** OAuth clients; default `sandbox-client` / `sandbox-secret` with every scope. */
  clients?: OAuthClient[];
  /** Lifetime of issued tokens (default 3600). */
  tokenLifetimeSec?: number;
  /**
   * Size of the seeded catalog, the same SKUs as the Odoo sandbox (default 300). With 0 the store starts empty and
   * the storefront sells what the store holds (e.g. a real Odoo's products, once synced to it).
   */
  products?: number;
  /** What order numbers start with (default `CL-`): a run against a real Odoo that keeps its orders uses its own. */
  orderNumberPrefix?: string;
  /** Divides the webhook retry schedule and its 24 h window (default 1: real time). */
  webhookTimeScale?: number;
  /** How long a webhook receiver may take to answer (default 15 000 ms; not scaled). */
  webhookTimeoutMs?: number;
  /** How long a rotated-out webhook secret still signs deliveries (default 24 h). */
  secretOverlapSec?: number;
  switches?: Partial<ClaritySwitches>;
  logger?: Logger;
}

export interface ClaritySandbox {
  /** Base URL, e.g. `http://127.0.0.1:8080` (no trailing slash). */
  url: string;
  port: number;
  /** The first configured client (default `sandbox-client`). */
  clientId: string;
  clientSecret: string;
  setSwitches(switches: Partial<ClaritySwitches>): void;
  switches(): ClaritySwitches;
  counters(): Record<string, number>;
  /** Every issued token becomes invalid: the next call with it gets 401 invalid_token. */
  expireTokens(): void;
  /** The client can no longer get tokens, and its tokens stop working. */
  revokeClient(id: string): void;
  /** Undoes revokeClient. */
  restoreClient(id: string): void;
  /** A new signing secret; the old one keeps signing (both signatures sent) for `secretOverlapSec`. */
  rotateWebhookSecret(subscriptionId: string | number): string;
  /** Places `count` storefront orders (status Pending), firing customer.created and order.created. */
  placeOrders(count: number, options?: PlaceOrdersOptions): Promise<Order[]>;
  /** A return request (status Requested) on an order, firing return.created. */
  placeReturn(orderIdOrKey: number | string, options?: { items?: ReturnItem[] }): SalesReturn;
  /** The shop changes an order (a copy is changed and stored with a later UpdatedDate; `order.updated` goes out). */
  editOrder(orderIdOrKey: number | string, change: (order: Order) => void): Order;
  store: ClarityStoreView;
  close(): Promise<void>;
}

export async function startClaritySandbox(options: ClaritySandboxOptions = {}): Promise<ClaritySandbox> {
  const logger = options.logger ?? silentLogger();
  const clients = options.clients?.length ? options.clients : [defaultClient()];
  const counters = new Counters();
  const store = new ClarityStore();
  const switches = new SwitchBoard(options.switches ?? {});
  const context: SandboxContext = { store, counters, switches, logger };
  const oauth = new OAuthServer(clients, options.tokenLifetimeSec ?? 3600, counters);
  const secrets = new WebhookSecrets((options.secretOverlapSec ?? 24 * 3600) * 1000);
  const productCount = options.products ?? 300;
  seedStore(store, productCount);
  const seededSkus = store.products
    .all()
    .slice(0, productCount)
    .map((p) => p.CustomKey);
  // an empty seed: sell the store's own products without variants (what a sync brought in)
  const sellable = () =>
    seededSkus.length
      ? seededSkus
      : store.products
          .all()
          .filter((p) => p.Active && !p.Variants?.length)
          .map((p) => p.CustomKey);
  const storefront = new Storefront(store, counters, sellable, options.orderNumberPrefix ?? 'CL-');
  const dispatcher = new WebhookDispatcher({
    store,
    secrets,
    switches,
    counters,
    logger,
    timeScale: options.webhookTimeScale ?? 1,
    timeoutMs: options.webhookTimeoutMs ?? 15_000,
  });
  const placing = new AbortController();

  const rotate = (subscriptionId: string | number): string => {
    const id = Number(subscriptionId);
    if (!store.webhooks.get(id)) throw new RangeError(`no webhook subscription ${subscriptionId}`);
    counters.inc('webhooks.secret_rotations');
    return secrets.rotate(id);
  };
  const placeOrders = (count: number, placeOptions: PlaceOrdersOptions = {}) =>
    storefront.placeOrders(count, { ...placeOptions, signal: placeOptions.signal ?? placing.signal });

  const controls = {
    setSwitches: (s: Partial<ClaritySwitches>) => switches.set(s),
    switches: () => switches.get(),
    counters: () => counters.snapshot(),
    expireTokens: () => oauth.expireTokens(),
    revokeClient: (id: string) => oauth.revokeClient(id),
    restoreClient: (id: string) => oauth.restoreClient(id),
    rotateWebhookSecret: rotate,
    placeOrders,
    placeReturn: (ref: number | string, o?: { items?: ReturnItem[] }) => storefront.placeReturn(ref, o ?? {}),
  };
  const view = storeView(store);
  const routes = [
    ...orderRoutes(context),
    ...shipmentRoutes(context),
    ...productRoutes(context),
    ...categoryRoutes(context),
    ...inventoryRoutes(context),
    ...customerRoutes(context),
    ...returnRoutes(context),
    ...webhookRoutes(context, secrets),
    ...controlRoutes(controls),
    ...inspectionRoutes(view, () => counters.snapshot()),
  ];
  const server = createSandboxServer({ context, oauth, idempotency: new IdempotencyKeys(), routes });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  // A wildcard bind is reached through the loopback address.
  const reachable = address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
  const host = reachable.includes(':') ? `[${reachable}]` : reachable;
  const first = clients[0]!;
  logger.info({ url: `http://${host}:${address.port}`, products: productCount }, 'clarity sandbox listening');

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    clientId: first.id,
    clientSecret: first.secret,
    setSwitches: (s) => void switches.set(s),
    switches: controls.switches,
    counters: controls.counters,
    expireTokens: controls.expireTokens,
    revokeClient: controls.revokeClient,
    restoreClient: controls.restoreClient,
    rotateWebhookSecret: rotate,
    placeOrders,
    placeReturn: controls.placeReturn,
    editOrder: (ref, change) => storefront.editOrder(ref, change),
    store: view,
    close: () =>
      (closing ??= (async () => {
        placing.abort();
        await dispatcher.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })()),
  };
}
