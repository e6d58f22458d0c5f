// The two ways to call Odoo: JSON-RPC (`/jsonrpc`, execute_kw; Odoo 16–19) and JSON-2 (`/json/2/<model>/<method>`;
// Odoo 19+, API key only). Both resolve the uid once and cache it; an AuthError forgets it, so the next call
// (the engine's probe) authenticates afresh.
import { AuthError, UsageError } from '../../core/errors.ts';
import type { Secret } from '../../core/secret.ts';
import {
  CONNECTOR,
  classifyHttpStatus,
  classifyOdooError,
  networkError,
  type CallSite,
  type OdooErrorBody,
} from './errors.ts';
import type { HttpPool, RawAnswer } from '../../core/http-pool.ts';
import { parseRetryAfter } from '../../core/retry-after.ts';

export type TransportKind = 'jsonrpc' | 'json2';

export interface ExecuteOptions {
  timeoutMs?: number;
}

export interface OdooTransport {
  readonly kind: TransportKind;
  /** The uid the bridge acts as (resolved once, then cached). */
  uid(): Promise<number>;
  /** `model.method(*args, **kwargs)`, as execute_kw takes them (JSON-2 gets them as named arguments). */
  execute(
    model: string,
    method: string,
    args: unknown[],
    kwargs: Record<string, unknown>,
    options?: ExecuteOptions,
  ): Promise<unknown>;
}

export interface Credentials {
  db: string;
  login: string;
  /** The API key (preferred) or the password: execute_kw takes either in the same place. */
  secret: Secret;
  usesApiKey: boolean;
}

let rpcId = 0;
const JSON_BODY = { 'content-type': 'application/json' };

/** One JSON-RPC call to a service (`common`, `object`); the answer's `result` (null when Odoo gave none). */
export async function jsonRpc(
  http: HttpPool,
  service: string,
  method: string,
  args: unknown[],
  site: CallSite,
  timeoutMs?: number,
): Promise<unknown> {
  const body = JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: ++rpcId });
  let answer: RawAnswer;
  try {
    answer = await http.request('POST', '/jsonrpc', body, JSON_BODY, timeoutMs);
  } catch (error) {
    throw networkError(error, site, timeoutMs);
  }
  if (answer.status !== 200) throw httpFailure(answer, site);
  const reply = parseJson(answer, site) as {
    result?: unknown;
    error?: { code?: number; message?: string; data?: OdooErrorBody };
  };
  if (reply.error) {
    const data = reply.error.data ?? { message: reply.error.message ?? 'Odoo Server Error' };
    throw classifyOdooError(data, 200, site);
  }
  // a Python method returning None gives a reply without `result`
  return reply.result ?? null;
}

export class JsonRpcTransport implements OdooTransport {
  readonly kind = 'jsonrpc' as const;
  #uid: Promise<number> | undefined;

  constructor(
    private readonly http: HttpPool,
    private readonly credentials: Credentials,
  ) {}

  uid(): Promise<number> {
    this.#uid ??= this.#authenticate().catch((error: unknown) => {
      this.#uid = undefined;
      throw error;
    });
    return this.#uid;
  }

  async #authenticate(): Promise<number> {
    const { db, login, secret, usesApiKey } = this.credentials;
    const uid = await jsonRpc(this.http, 'common', 'authenticate', [db, login, secret.reveal(), {}], {
      model: 'common',
      method: 'authenticate',
    });
    if (typeof uid !== 'number' || uid <= 0) {
      throw new AuthError(
        `Odoo refused the login "${login}" on database "${db}"; check the login and the ${usesApiKey ? 'API key' : 'password'} in the config`,
        {
          connector: CONNECTOR,
          details: { db, login },
        },
      );
    }
    return uid;
  }

  async execute(
    model: string,
    method: string,
    args: unknown[],
    kwargs: Record<string, unknown>,
    options: ExecuteOptions = {},
  ): Promise<unknown> {
    const uid = await this.uid();
    const { db, secret } = this.credentials;
    try {
      return await jsonRpc(
        this.http,
        'object',
        'execute_kw',
        [db, uid, secret.reveal(), model, method, args, kwargs],
        { model, method, uid },
        options.timeoutMs,
      );
    } catch (error) {
      if (error instanceof AuthError) this.#uid = undefined;
      throw error;
    }
  }
}

export class Json2Transport implements OdooTransport {
  readonly kind = 'json2' as const;
  #uid: Promise<number> | undefined;
  readonly #headers: Record<string, string>;

  constructor(
    private readonly http: HttpPool,
    private readonly credentials: Credentials,
  ) {
    if (!credentials.usesApiKey)
      throw new UsageError(
        'the JSON-2 transport needs an API key (set odoo.apiKey), or set odoo.transport: jsonrpc to use the password',
      );
    this.#headers = {
      ...JSON_BODY,
      authorization: `bearer ${credentials.secret.reveal()}`,
      'x-odoo-database': credentials.db,
    };
  }

  uid(): Promise<number> {
    this.#uid ??= this.execute('res.users', 'context_get', [], {})
      .then((context) => {
        const uid = (context as { uid?: unknown } | null)?.uid;
        if (typeof uid !== 'number')
          throw new AuthError('Odoo did not say which user the API key belongs to', { connector: CONNECTOR });
        return uid;
      })
      .catch((error: unknown) => {
        this.#uid = undefined;
        throw error;
      });
    return this.#uid;
  }

  async execute(
    model: string,
    method: string,
    args: unknown[],
    kwargs: Record<string, unknown>,
    options: ExecuteOptions = {},
  ): Promise<unknown> {
    const site: CallSite = { model, method };
    const body = JSON.stringify(json2Arguments(model, method, args, kwargs));
    let answer: RawAnswer;
    try {
      answer = await this.http.request(
        'POST',
        `/json/2/${encodeURIComponent(model)}/${encodeURIComponent(method)}`,
        body,
        this.#headers,
        options.timeoutMs,
      );
    } catch (error) {
      throw networkError(error, site, options.timeoutMs);
    }
    if (answer.status === 200) return answer.text === '' ? null : parseJson(answer, site);
    const error = httpFailure(answer, site);
    if (error instanceof AuthError) this.#uid = undefined;
    throw error;
  }
}

function parseJson(answer: RawAnswer, site: CallSite): unknown {
  try {
    return JSON.parse(answer.text) as unknown;
  } catch (cause) {
    throw classifyHttpStatus(
      502,
      `Odoo${site.model ? ` (${site.model}.${site.method ?? '?'})` : ''}: the answer is not JSON (${answer.text.slice(0, 80)})`,
      { cause: String(cause) },
    );
  }
}

/** A non-200 answer: Odoo's JSON error body when there is one (classified by name, then status), else the status. */
function httpFailure(answer: RawAnswer, site: CallSite): Error {
  const wait = parseRetryAfter(answer.headers['retry-after'], Date.now());
  let body: OdooErrorBody | undefined;
  try {
    const parsed = JSON.parse(answer.text) as unknown;
    if (parsed && typeof parsed === 'object' && typeof (parsed as OdooErrorBody).name === 'string')
      body = parsed as OdooErrorBody;
  } catch {
    // a proxy's HTML page: classify by status
  }
  if (body) return classifyOdooError(body, answer.status, site, wait);
  const where = site.model ? ` (${site.model}.${site.method ?? '?'})` : '';
  return classifyHttpStatus(
    answer.status,
    `Odoo${where}: HTTP ${answer.status}`,
    { model: site.model, method: site.method },
    wait,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// JSON-2 takes named arguments only: positional execute_kw arguments are named after the methods' signatures.

/** `@api.model` methods (no ids) and the names of their positional parameters. */
const MODEL_METHODS: Record<string, string[]> = {
  create: ['vals_list'],
  search: ['domain', 'offset', 'limit', 'order'],
  search_read: ['domain', 'fields', 'offset', 'limit', 'order'],
  search_count: ['domain', 'limit'],
  fields_get: ['allfields', 'attributes'],
  name_search: ['name', 'domain', 'operator', 'limit'],
  name_create: ['name'],
  default_get: ['fields'],
  read_group: ['domain', 'fields', 'groupby', 'offset', 'limit', 'orderby', 'lazy'],
  check_access_rights: ['operation', 'raise_exception'],
  context_get: [],
  action_view_inventory: [],
};

/** Record methods (first positional argument = ids) with further positional parameters. */
const RECORD_METHODS: Record<string, string[]> = {
  read: ['fields', 'load'],
  write: ['vals'],
  copy: ['default'],
  has_access: ['operation'],
  check_access: ['operation'],
};

export function json2Arguments(
  model: string,
  method: string,
  args: unknown[],
  kwargs: Record<string, unknown>,
): Record<string, unknown> {
  const named: Record<string, unknown> = {};
  const modelParams = MODEL_METHODS[method];
  let rest = args;
  let params: string[];
  if (modelParams) {
    params = modelParams;
    if (method === 'create' && args.length > 0 && !Array.isArray(args[0])) rest = [[args[0]], ...args.slice(1)];
  } else {
    params = RECORD_METHODS[method] ?? [];
    if (args.length > 0) named.ids = args[0];
    else if (!('ids' in kwargs)) named.ids = [];
    rest = args.slice(1);
  }
  if (rest.length > params.length) {
    throw new TypeError(
      `${model}.${method}: JSON-2 takes named arguments only; pass the arguments after the ids as kwargs`,
    );
  }
  rest.forEach((value, i) => {
    named[params[i]!] = value;
  });
  return { ...named, ...kwargs };
}
