// The Clarity v1 client: one typed method per resource and verb of the contract, paging iterators, idempotent creates.
//
// - Every call carries a bearer token from the token provider; a 401 `invalid_token` renews it once and retries once.
// - Every POST carries the `Idempotency-Key` the caller derived from what the bridge is doing (see `idempotencyKey`), so
//   a retry after a crash reuses it and the store answers the first response again.
// - A create answered 409 (the CustomKey exists already) resolves to the existing record (`created: false`).
// - Failures throw the bridge's typed errors (errors.ts); nothing else is thrown.
import { createHash } from 'node:crypto';
import { systemClock, type Clock } from '../../core/clock.ts';
import type { Secret } from '../../core/secret.ts';
import { redact } from '../../core/redact.ts';
import { ClarityTokenProvider } from './auth.ts';
import {
  DEFAULT_PATHS,
  expandPath,
  LIMITS,
  type Category,
  type CategoryInput,
  type ClarityId,
  type ClarityPaths,
  type Customer,
  type CustomerInput,
  type InventoryItem,
  type InventoryUpdateResult,
  type ListQuery,
  type PagedResults,
  type Product,
  type ProductInput,
  type SalesOrder,
  type SalesOrderPatch,
  type SalesReturn,
  type SalesReturnPatch,
  type Shipment,
  type ShipmentInput,
  type Webhook,
  type WebhookCreated,
  type WebhookInput,
} from './contract.ts';
import { classifyAnswer, type HttpAnswer } from './errors.ts';
import { AuthError, BusinessError } from '../../core/errors.ts';
import { ClarityHttp } from './http.ts';

export interface ClarityClientOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: Secret;
  scope?: string;
  /** Paths that differ from the v1 contract's. */
  paths?: Partial<ClarityPaths>;
  timeoutMs?: number;
  maxSockets?: number;
  refreshAheadMs?: number;
  clock?: Clock;
  /** Sees every API exchange, redacted (for job traces and metrics); must not throw. */
  observe?: (exchange: ClarityExchange) => void;
  /** Waited on before every request (the bridge's rate limit for this store). */
  throttle?: () => Promise<void>;
}

/** One API exchange as a trace records it: secrets masked by key and by value. */
export interface ClarityExchange {
  method: string;
  path: string;
  query?: Record<string, string | number | undefined>;
  idempotencyKey?: string;
  request?: unknown;
  /** Undefined when no answer came (timeout, reset). */
  status?: number;
  response?: unknown;
  error?: string;
  ms: number;
}

export interface CallRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  idempotencyKey?: string;
  /** A GET of one record (its 404 is a BusinessError saying the record does not exist). */
  lookup?: boolean;
}

/** What a create answers: the record, and whether this key created it (false: it existed under its CustomKey). */
export interface CreateResult<T> {
  record: T;
  created: boolean;
}

export interface CreateOptions {
  /** Derived from what the bridge is doing (e.g. `idempotencyKey('product', integration, sku)`), stable across retries. */
  idempotencyKey: string;
}

/**
 * An `Idempotency-Key` from the parts that identify the bridge's intent, e.g.
 * `idempotencyKey('shipment', integrationId, pickingId)` → `shipment:main:42`. Long keys are hashed to stay under 200 chars.
 */
export function idempotencyKey(...parts: (string | number)[]): string {
  if (parts.length === 0) throw new TypeError('idempotencyKey needs at least one part');
  const key = parts.map(String).join(':');
  return key.length <= 200 ? key : `${key.slice(0, 120)}:sha256-${createHash('sha256').update(key).digest('hex')}`;
}

export class ClarityClient {
  readonly paths: ClarityPaths;
  readonly auth: ClarityTokenProvider;
  readonly #http: ClarityHttp;
  readonly #clock: Clock;
  readonly #observe: ((exchange: ClarityExchange) => void) | undefined;
  readonly #throttle: (() => Promise<void>) | undefined;

  constructor(options: ClarityClientOptions) {
    this.paths = { ...DEFAULT_PATHS, ...options.paths };
    this.#clock = options.clock ?? systemClock;
    this.#observe = options.observe;
    this.#throttle = options.throttle;
    this.#http = new ClarityHttp({
      baseUrl: options.baseUrl,
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.maxSockets !== undefined ? { maxSockets: options.maxSockets } : {}),
    });
    this.auth = new ClarityTokenProvider({
      http: this.#http,
      tokenPath: this.paths.token,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      clock: this.#clock,
      ...(options.scope !== undefined ? { scope: options.scope } : {}),
      ...(options.refreshAheadMs !== undefined ? { refreshAheadMs: options.refreshAheadMs } : {}),
    });
  }

  /** One authenticated call; resolves with the parsed body of a 2xx answer, throws a typed error otherwise. */
  async call<T>(request: CallRequest): Promise<T> {
    const answer = await this.#send(request);
    if (answer.status >= 200 && answer.status < 300) return answer.body as T;
    throw classifyAnswer(request, answer, this.#clock.now());
  }

  /**
   * Checks that the credentials work again (the engine's probe of a paused connector): a fresh token, then one cheap
   * authenticated call. A 403 counts as working (the token was accepted; only a scope is missing). Throws otherwise.
   */
  async probe(): Promise<void> {
    this.auth.clear();
    await this.auth.token();
    try {
      await this.listPage(this.paths.orders, { pageSize: 1 });
    } catch (error) {
      if (error instanceof AuthError && error.details.status === 403) return;
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.#http.close();
  }

  async #send(request: CallRequest): Promise<HttpAnswer> {
    let token = await this.auth.token();
    let answer = await this.#sendWith(request, token);
    if (answer.status === 401 && isInvalidToken(answer)) {
      token = await this.auth.renewAfterRejection(token);
      answer = await this.#sendWith(request, token);
    }
    return answer;
  }

  async #sendWith(request: CallRequest, token: string): Promise<HttpAnswer> {
    await this.#throttle?.();
    const headers: Record<string, string> = { authorization: `Bearer ${token}` };
    if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey;
    const started = performance.now();
    try {
      const answer = await this.#http.send({
        method: request.method,
        path: request.path,
        ...(request.query ? { query: request.query } : {}),
        ...(request.body !== undefined ? { body: request.body } : {}),
        headers,
      });
      this.#record(request, started, answer);
      return answer;
    } catch (error) {
      this.#record(request, started, undefined, error);
      throw error;
    }
  }

  #record(request: CallRequest, started: number, answer: HttpAnswer | undefined, error?: unknown): void {
    if (!this.#observe) return;
    const exchange: ClarityExchange = { method: request.method, path: request.path, ms: performance.now() - started };
    if (request.query) exchange.query = request.query;
    if (request.idempotencyKey !== undefined) exchange.idempotencyKey = request.idempotencyKey;
    if (request.body !== undefined) exchange.request = request.body;
    if (answer) {
      exchange.status = answer.status;
      if (answer.body !== undefined) exchange.response = answer.body;
    }
    if (error !== undefined) exchange.error = error instanceof Error ? error.message : String(error);
    try {
      this.#observe(redact(exchange));
    } catch {
      // An observer's failure must not fail the call it watched.
    }
  }

  /**
   * POSTs a new record under an idempotency key; a 409 (its CustomKey exists) resolves to the existing record through
   * `findExisting`.
   */
  async create<T>(
    path: string,
    body: unknown,
    options: CreateOptions,
    findExisting: () => Promise<T>,
  ): Promise<CreateResult<T>> {
    requireKey(options, path);
    const request: CallRequest = { method: 'POST', path, body, idempotencyKey: options.idempotencyKey };
    const answer = await this.#send(request);
    if (answer.status >= 200 && answer.status < 300) return { record: answer.body as T, created: true };
    if (answer.status === 409) return { record: await findExisting(), created: false };
    throw classifyAnswer(request, answer, this.#clock.now());
  }

  /** Every page of a list, in order, from `query.page` (default 1) to the last. */
  async *pages<T>(path: string, query: ListQuery = {}): AsyncGenerator<PagedResults<T>> {
    const pageSize = Math.min(query.pageSize ?? 100, LIMITS.maxPageSize);
    for (let page = query.page ?? 1; ; page++) {
      const result = await this.listPage<T>(path, { ...query, page, pageSize });
      yield result;
      if (result.Results.length === 0 || page >= result.TotalPages || result.Results.length < pageSize) return;
    }
  }

  /** Every record of a list, page after page (sorted by `UpdatedDate`, then `ID`). */
  async *records<T>(path: string, query: ListQuery = {}): AsyncGenerator<T> {
    for await (const page of this.pages<T>(path, query)) yield* page.Results;
  }

  /** One page of a list. */
  listPage<T>(path: string, query: ListQuery = {}): Promise<PagedResults<T>> {
    return this.call<PagedResults<T>>({
      method: 'GET',
      path,
      query: {
        page: query.page ?? 1,
        pageSize: Math.min(query.pageSize ?? 100, LIMITS.maxPageSize),
        modifiedSince: query.modifiedSince,
      },
    });
  }

  readonly orders = {
    list: (query: ListQuery = {}) => this.listPage<SalesOrder>(this.paths.orders, query),
    iterate: (query: ListQuery = {}) => this.records<SalesOrder>(this.paths.orders, query),
    get: (id: ClarityId) =>
      this.call<SalesOrder>({ method: 'GET', path: expandPath(this.paths.order, { ID: id }), lookup: true }),
    getByKey: (orderNumber: string) =>
      this.call<SalesOrder>({
        method: 'GET',
        path: expandPath(this.paths.orderByKey, { CustomKey: orderNumber }),
        lookup: true,
      }),
    findByKey: (orderNumber: string) => orUndefined(this.orders.getByKey(orderNumber)),
    patch: (id: ClarityId, patch: SalesOrderPatch) =>
      this.call<SalesOrder>({ method: 'PATCH', path: expandPath(this.paths.order, { ID: id }), body: patch }),
  };

  readonly shipments = {
    list: async (orderId: ClarityId): Promise<Shipment[]> =>
      listOf<Shipment>(
        await this.call<unknown>({
          method: 'GET',
          path: expandPath(this.paths.shipments, { OrderID: orderId }),
          lookup: true,
        }),
      ),
    /** A 409 (the order has a shipment with this CustomKey) resolves to that shipment. */
    create: (orderId: ClarityId, shipment: ShipmentInput, options: CreateOptions) =>
      this.create<Shipment>(expandPath(this.paths.shipments, { OrderID: orderId }), shipment, options, async () => {
        const existing = (await this.shipments.list(orderId)).find((s) => s.CustomKey === shipment.CustomKey);
        if (!existing)
          throw new BusinessError(
            `clarity: order ${orderId} refused shipment ${shipment.CustomKey} as a duplicate, but lists no such shipment`,
            { connector: 'clarity' },
          );
        return existing;
      }),
  };

  readonly products = {
    list: (query: ListQuery = {}) => this.listPage<Product>(this.paths.products, query),
    iterate: (query: ListQuery = {}) => this.records<Product>(this.paths.products, query),
    get: (id: ClarityId) =>
      this.call<Product>({ method: 'GET', path: expandPath(this.paths.product, { ID: id }), lookup: true }),
    getByKey: (sku: string) =>
      this.call<Product>({
        method: 'GET',
        path: expandPath(this.paths.productByKey, { CustomKey: sku }),
        lookup: true,
      }),
    findByKey: (sku: string) => orUndefined(this.products.getByKey(sku)),
    create: (product: ProductInput, options: CreateOptions) =>
      this.create<Product>(this.paths.products, product, options, () => this.products.getByKey(product.CustomKey)),
    update: (id: ClarityId, product: Partial<ProductInput>) =>
      this.call<Product>({ method: 'PUT', path: expandPath(this.paths.product, { ID: id }), body: product }),
  };

  readonly categories = {
    list: (query: ListQuery = {}) => this.listPage<Category>(this.paths.categories, query),
    iterate: (query: ListQuery = {}) => this.records<Category>(this.paths.categories, query),
    getByKey: (path: string) =>
      this.call<Category>({
        method: 'GET',
        path: expandPath(this.paths.categoryByKey, { CustomKey: path }),
        lookup: true,
      }),
    findByKey: (path: string) => orUndefined(this.categories.getByKey(path)),
    create: (category: CategoryInput, options: CreateOptions) =>
      this.create<Category>(this.paths.categories, category, options, () =>
        this.categories.getByKey(category.CustomKey),
      ),
    update: (id: ClarityId, category: Partial<CategoryInput>) =>
      this.call<Category>({ method: 'PUT', path: expandPath(this.paths.category, { ID: id }), body: category }),
  };

  readonly inventory = {
    /** The stock records of one SKU (one per location). */
    get: async (sku: string): Promise<InventoryItem[]> =>
      listOf<InventoryItem>(
        await this.call<unknown>({ method: 'GET', path: this.paths.inventory, query: { sku }, lookup: true }),
      ),
    /**
     * Sets absolute on-hand quantities, in chunks of at most 500 items (one PUT each, in order). Absolute values make a
     * repeat harmless. Per-SKU refusals are collected, not thrown.
     */
    put: async (
      items: readonly InventoryItem[],
      options: { chunkSize?: number } = {},
    ): Promise<InventoryUpdateResult & { requests: number }> => {
      const size = Math.min(options.chunkSize ?? LIMITS.maxInventoryItems, LIMITS.maxInventoryItems);
      const total: InventoryUpdateResult & { requests: number } = { Updated: 0, Errors: [], requests: 0 };
      for (let i = 0; i < items.length; i += size) {
        const result = await this.call<InventoryUpdateResult>({
          method: 'PUT',
          path: this.paths.inventory,
          body: { Items: items.slice(i, i + size) },
        });
        total.requests += 1;
        total.Updated += result?.Updated ?? 0;
        total.Errors.push(...(result?.Errors ?? []));
      }
      return total;
    },
  };

  readonly customers = {
    list: (query: ListQuery = {}) => this.listPage<Customer>(this.paths.customers, query),
    iterate: (query: ListQuery = {}) => this.records<Customer>(this.paths.customers, query),
    get: (id: ClarityId) =>
      this.call<Customer>({ method: 'GET', path: expandPath(this.paths.customer, { ID: id }), lookup: true }),
    getByKey: (key: string) =>
      this.call<Customer>({
        method: 'GET',
        path: expandPath(this.paths.customerByKey, { CustomKey: key }),
        lookup: true,
      }),
    findByKey: (key: string) => orUndefined(this.customers.getByKey(key)),
    /**
     * The customer with this email (case-insensitive), if any. Sends `?email=` (which the sandbox and CEF-style stores
     * filter on) and also filters the answer itself, so a store that ignores the parameter is simply paged through.
     */
    findByEmail: async (email: string): Promise<Customer | undefined> => {
      const wanted = email.trim().toLowerCase();
      for (let page = 1; ; page++) {
        const result = await this.call<PagedResults<Customer>>({
          method: 'GET',
          path: this.paths.customers,
          query: { email, page, pageSize: LIMITS.maxPageSize },
        });
        const match = result.Results.find((c) => c.Email?.trim().toLowerCase() === wanted);
        if (match) return match;
        if (result.Results.length < LIMITS.maxPageSize || page >= result.TotalPages) return undefined;
      }
    },
    /** A 409 (the CustomKey or the email is taken) resolves to the existing customer, by CustomKey, else by email. */
    create: (customer: CustomerInput, options: CreateOptions) =>
      this.create<Customer>(this.paths.customers, customer, options, async () => {
        const existing =
          (customer.CustomKey ? await this.customers.findByKey(customer.CustomKey) : undefined) ??
          (await this.customers.findByEmail(customer.Email));
        if (!existing)
          throw new BusinessError(
            `clarity: the store refused customer ${customer.Email} as a duplicate, but neither its CustomKey nor its email finds it`,
            { connector: 'clarity' },
          );
        return existing;
      }),
    update: (id: ClarityId, customer: Partial<CustomerInput>) =>
      this.call<Customer>({ method: 'PUT', path: expandPath(this.paths.customer, { ID: id }), body: customer }),
  };

  readonly returns = {
    list: (query: ListQuery = {}) => this.listPage<SalesReturn>(this.paths.returns, query),
    iterate: (query: ListQuery = {}) => this.records<SalesReturn>(this.paths.returns, query),
    get: (id: ClarityId) =>
      this.call<SalesReturn>({ method: 'GET', path: expandPath(this.paths.return, { ID: id }), lookup: true }),
    patch: (id: ClarityId, patch: SalesReturnPatch) =>
      this.call<SalesReturn>({ method: 'PATCH', path: expandPath(this.paths.return, { ID: id }), body: patch }),
  };

  readonly webhooks = {
    /** Every subscription (all pages). */
    list: async (): Promise<Webhook[]> => {
      const all: Webhook[] = [];
      for (let page = 1; ; page++) {
        const body = await this.call<unknown>({
          method: 'GET',
          path: this.paths.webhooks,
          query: { page, pageSize: LIMITS.maxPageSize },
        });
        all.push(...listOf<Webhook>(body));
        const paged = body as Partial<PagedResults<Webhook>> | undefined;
        if (Array.isArray(body) || typeof paged?.TotalPages !== 'number' || page >= paged.TotalPages) return all;
      }
    },
    /** Answers the subscription id and its signing secret (shown once: keep it). */
    create: async (webhook: WebhookInput, options: CreateOptions): Promise<WebhookCreated> => {
      requireKey(options, this.paths.webhooks);
      return this.call<WebhookCreated>({
        method: 'POST',
        path: this.paths.webhooks,
        body: webhook,
        idempotencyKey: options.idempotencyKey,
      });
    },
    delete: async (id: ClarityId): Promise<void> => {
      await this.call<unknown>({ method: 'DELETE', path: expandPath(this.paths.webhook, { ID: id }) });
    },
  };
}

function isInvalidToken(answer: HttpAnswer): boolean {
  const challenge = answer.headers['www-authenticate'];
  const text = Array.isArray(challenge) ? challenge.join(', ') : (challenge ?? '');
  return /error="?invalid_token"?/i.test(text);
}

function requireKey(options: CreateOptions | undefined, path: string): void {
  if (!options?.idempotencyKey)
    throw new TypeError(`POST ${path} needs an idempotencyKey derived from what the bridge is doing`);
}

/** A list answered as a bare array or as PagedResults. */
function listOf<T>(body: unknown): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === 'object' && Array.isArray((body as { Results?: unknown }).Results))
    return (body as PagedResults<T>).Results;
  if (body && typeof body === 'object') return [body as T];
  return [];
}

/** A lookup whose 404 is an expected outcome. */
async function orUndefined<T>(lookup: Promise<T>): Promise<T | undefined> {
  try {
    return await lookup;
  } catch (error) {
    if (error instanceof BusinessError && error.details.status === 404) return undefined;
    throw error;
  }
}

/** The settings `loadConfig()` gives for one integration's store (`integrations[].clarity`). */
export interface ClarityConnectionSettings {
  url: string;
  clientId: string;
  clientSecret: Secret;
  scope?: string | undefined;
  timeoutMs?: number | undefined;
  maxSockets?: number | undefined;
}

/** A client for the store an integration's config describes. */
export function clarityClientFromSettings(
  settings: ClarityConnectionSettings,
  extra: Partial<ClarityClientOptions> = {},
): ClarityClient {
  return new ClarityClient({
    baseUrl: settings.url,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    ...(settings.scope !== undefined ? { scope: settings.scope } : {}),
    ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
    ...(settings.maxSockets !== undefined ? { maxSockets: settings.maxSockets } : {}),
    ...extra,
  });
}
