// The Odoo client: one connection pool, a transport picked by the server's version, calls named by concept (Odoo 17
// field names, translated to the server's version by fields.ts), and retries for the calls that are safe to repeat.
import { TransientError, UsageError, ValidationError, isBridgeError } from '../../core/errors.ts';
import { systemClock, type Clock } from '../../core/clock.ts';
import { silentLogger, type Logger } from '../../core/logger.ts';
import { redact } from '../../core/redact.ts';
import { Secret } from '../../core/secret.ts';
import {
  UnmappedConceptError,
  fromVersionFields,
  toVersionDomain,
  toVersionFieldList,
  toVersionFields,
  type Domain,
  type OdooVersion,
} from './fields.ts';
import { CONNECTOR } from './errors.ts';
import { HttpPool } from '../../core/http-pool.ts';
import { detectServerVersion, type ServerVersion } from './server-version.ts';
import { resolveCompany, type OdooCompany } from './company.ts';
import { Json2Transport, JsonRpcTransport, type OdooTransport, type TransportKind } from './transport.ts';

export type { Domain, DomainTerm } from './fields.ts';
export type OdooRecord = Record<string, unknown> & { id: number };

export interface OdooClientOptions {
  url: string;
  db: string;
  login: string;
  /** The company the integration works in (id or name); every call runs in it. See company.ts. */
  company?: string | number;
  /** Preferred. Required for JSON-2. */
  apiKey?: Secret | string;
  password?: Secret | string;
  /** `auto` (default): JSON-2 on Odoo 19+ when an API key is set, JSON-RPC otherwise. */
  transport?: 'auto' | TransportKind;
  /** Deadline of one call (default 30 s). */
  timeoutMs?: number;
  /** Sockets kept open to Odoo at most (default 4). */
  maxSockets?: number;
  /** Extra attempts of a read after a transient failure (default 2). Writes are never repeated here. */
  readRetries?: number;
  /** First backoff of a read retry (default 200 ms, doubling, with jitter). */
  retryBaseMs?: number;
  logger?: Logger;
  clock?: Clock;
  /** Called after every call (timing and outcome), for traces and metrics. */
  onCall?: (record: OdooCallRecord) => void;
  /** Waited on before every call and retry (the bridge's rate limit for this Odoo). */
  throttle?: () => Promise<void>;
  /** Also hand `onCall` the call's arguments and answer (redacted; credentials are never among them). */
  traceBodies?: boolean;
}

export interface OdooCallRecord {
  model: string;
  method: string;
  transport: TransportKind;
  ms: number;
  ok: boolean;
  attempt: number;
  error?: { kind: string; message: string };
  /** With `traceBodies`: what was sent (positional args and kwargs, as execute_kw takes them) and what came back. */
  request?: { args: unknown[]; kwargs: Record<string, unknown> };
  response?: unknown;
}

export interface OdooConnection {
  server: ServerVersion;
  /** The version map the client follows. */
  version: OdooVersion;
  transport: TransportKind;
  uid: number;
  /** The company every call runs in. */
  company: OdooCompany;
}

export interface CallOptions {
  context?: Record<string, unknown>;
  timeoutMs?: number;
  /** Skip the concept → version translation (field names and values are the server's own). */
  raw?: boolean;
}

export interface SearchReadQuery extends CallOptions {
  domain?: Domain;
  /** Concepts to read (Odoo 17 names); all fields when omitted (then records come back untranslated). */
  fields?: string[];
  order?: string;
  limit?: number;
  offset?: number;
}

/** Where a walk by write_date stands: the second last read (Odoo format, UTC) and the ids read within it. */
export interface PageCursor {
  writeDate: string;
  ids?: number[];
}

export interface IterateQuery extends CallOptions {
  domain?: Domain;
  fields?: string[];
  pageSize?: number;
  /** Start after this: later seconds, and the records of its second whose ids it does not list. */
  after?: PageCursor;
}

/** Methods that change nothing, so repeating them after a failure is safe. */
const READ_METHODS = new Set([
  'search_read',
  'read',
  'search',
  'search_count',
  'fields_get',
  'name_search',
  'read_group',
  'check_access_rights',
  'has_access',
  'context_get',
  'default_get',
  'exists',
]);

export class OdooClient {
  readonly #options: Required<Pick<OdooClientOptions, 'timeoutMs' | 'readRetries' | 'retryBaseMs'>> & OdooClientOptions;
  readonly #http: HttpPool;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #writeListeners = new Set<(model: string) => void>();
  #connecting: Promise<OdooConnection> | undefined;
  #connection: OdooConnection | undefined;
  #transport: OdooTransport | undefined;

  constructor(options: OdooClientOptions) {
    if (options.apiKey === undefined && options.password === undefined) {
      throw new TypeError('Odoo client: set apiKey (preferred) or password');
    }
    this.#options = { timeoutMs: 30_000, readRetries: 2, retryBaseMs: 200, ...options };
    this.#http = new HttpPool(options.url, { maxSockets: options.maxSockets ?? 4, timeoutMs: this.#options.timeoutMs });
    this.#logger = options.logger ?? silentLogger();
    this.#clock = options.clock ?? systemClock;
  }

  /** Detects the server version, picks the transport and resolves the uid (once; later calls reuse it). */
  connect(): Promise<OdooConnection> {
    this.#connecting ??= this.#connect().catch((error: unknown) => {
      this.#connecting = undefined;
      throw error;
    });
    return this.#connecting;
  }

  async #connect(): Promise<OdooConnection> {
    const server = await this.#withRetries(
      'common',
      'version',
      true,
      () => detectServerVersion(this.#http, this.#options.timeoutMs),
      'jsonrpc',
    );
    const apiKey = toSecret(this.#options.apiKey);
    const secret = apiKey ?? toSecret(this.#options.password)!;
    const credentials = { db: this.#options.db, login: this.#options.login, secret, usesApiKey: apiKey !== undefined };
    const wanted = this.#options.transport ?? 'auto';
    const kind: TransportKind = wanted === 'auto' ? (server.major >= 19 && apiKey ? 'json2' : 'jsonrpc') : wanted;
    if (kind === 'json2' && server.major < 19) {
      throw new UsageError(
        `odoo.transport is json2, but ${this.#options.url} runs Odoo ${server.text}; JSON-2 came with Odoo 19`,
        'set odoo.transport: auto (or jsonrpc)',
      );
    }
    this.#transport =
      kind === 'json2' ? new Json2Transport(this.#http, credentials) : new JsonRpcTransport(this.#http, credentials);
    const transport = this.#transport;
    const uid = await this.#withRetries('res.users', 'authenticate', true, () => transport.uid(), kind);
    const company = await this.#withRetries(
      'res.company',
      'read',
      true,
      () =>
        resolveCompany(
          (model, method, args, kwargs) => transport.execute(model, method, args, kwargs),
          uid,
          this.#options.company,
        ),
      kind,
    );
    this.#connection = { server, version: server.mapVersion, transport: kind, uid, company };
    this.#logger.debug({ odoo: server.text, transport: kind, uid, company: company.name }, 'connected to Odoo');
    return this.#connection;
  }

  /** The version map in use; only after `connect()`. */
  get version(): OdooVersion {
    if (!this.#connection) throw new Error('OdooClient.version read before connect()');
    return this.#connection.version;
  }

  get connection(): OdooConnection | undefined {
    return this.#connection;
  }

  /** `model.method(*args, **kwargs)`; reads (or `readOnly: true`) are retried after transient failures. */
  async call<T = unknown>(
    model: string,
    method: string,
    args: unknown[] = [],
    kwargs: Record<string, unknown> = {},
    options: CallOptions & { readOnly?: boolean } = {},
  ): Promise<T> {
    await this.connect();
    const transport = this.#transport!;
    const readOnly = options.readOnly ?? READ_METHODS.has(method);
    // every call in the integration's company (a caller's own allowed_company_ids wins)
    const context = {
      allowed_company_ids: [this.#connection!.company.id],
      ...(kwargs.context as object | undefined),
      ...options.context,
    };
    const kw = { ...kwargs, context };
    const callOptions = options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs };
    const trace = this.#options.traceBodies ? { request: redact({ args, kwargs: kw }) } : undefined;
    const result = await this.#withRetries(
      model,
      method,
      readOnly,
      () => transport.execute(model, method, args, kw, callOptions),
      transport.kind,
      trace,
    );
    if (!readOnly) for (const listener of this.#writeListeners) listener(model);
    return result as T;
  }

  async searchRead<T extends OdooRecord = OdooRecord>(model: string, query: SearchReadQuery = {}): Promise<T[]> {
    const version = (await this.connect()).version;
    const translate = !query.raw && query.fields !== undefined;
    const kwargs: Record<string, unknown> = {
      domain: query.raw ? (query.domain ?? []) : versionDomain(model, query.domain ?? [], version),
    };
    if (query.fields) kwargs.fields = query.raw ? query.fields : toVersionFieldList(model, query.fields, version);
    if (query.order !== undefined) kwargs.order = query.order;
    if (query.limit !== undefined) kwargs.limit = query.limit;
    if (query.offset !== undefined) kwargs.offset = query.offset;
    const records = await this.call<Record<string, unknown>[]>(model, 'search_read', [], kwargs, query);
    return (translate ? records.map((r) => fromVersionFields(model, r, query.fields!, version)) : records) as T[];
  }

  /**
   * Every matching record in (write_date, id) order, page by page. Odoo keeps write_date to the microsecond but shows
   * it to the second, so a page ends inside a second: the next page takes the later seconds, plus the records of that
   * second not yet seen (by id). Concurrent writes therefore neither skip nor repeat a record.
   */
  async *iterate<T extends OdooRecord = OdooRecord>(
    model: string,
    query: IterateQuery = {},
  ): AsyncGenerator<T & { write_date: string }> {
    const pageSize = query.pageSize ?? 200;
    const fields = query.fields ? [...new Set([...query.fields, 'write_date'])] : undefined;
    let after = query.after;
    for (;;) {
      const domain: Domain = [];
      if (after) {
        const next = addSeconds(after.writeDate, 1);
        const sameSecond: Domain = after.ids?.length
          ? ['&', '&', ['write_date', '>=', after.writeDate], ['write_date', '<', next], ['id', 'not in', after.ids]]
          : ['&', ['write_date', '>=', after.writeDate], ['write_date', '<', next]];
        domain.push('|', ['write_date', '>=', next], ...sameSecond);
      }
      if (domain.length && query.domain?.length) domain.unshift('&');
      domain.push(...(query.domain ?? []));
      const page = await this.searchRead<T & { write_date: string }>(model, {
        ...query,
        domain,
        ...(fields ? { fields } : {}),
        order: 'write_date asc, id asc',
        limit: pageSize,
      });
      for (const record of page) yield record;
      const last = page[page.length - 1];
      if (page.length < pageSize || !last) return;
      const second = String(last.write_date);
      const ids = page.filter((r) => String(r.write_date) === second).map((r) => r.id);
      after = { writeDate: second, ids: after?.writeDate === second ? [...(after.ids ?? []), ...ids] : ids };
    }
  }

  async search(
    model: string,
    domain: Domain = [],
    options: CallOptions & { limit?: number; offset?: number; order?: string } = {},
  ): Promise<number[]> {
    const version = (await this.connect()).version;
    const kwargs: Record<string, unknown> = { domain: options.raw ? domain : versionDomain(model, domain, version) };
    if (options.limit !== undefined) kwargs.limit = options.limit;
    if (options.offset !== undefined) kwargs.offset = options.offset;
    if (options.order !== undefined) kwargs.order = options.order;
    return this.call<number[]>(model, 'search', [], kwargs, options);
  }

  async searchCount(model: string, domain: Domain = [], options: CallOptions = {}): Promise<number> {
    const version = (await this.connect()).version;
    return this.call<number>(
      model,
      'search_count',
      [],
      { domain: options.raw ? domain : versionDomain(model, domain, version) },
      options,
    );
  }

  /** Records by id (a missing id is simply absent from the answer, as Odoo does). */
  async read<T extends OdooRecord = OdooRecord>(
    model: string,
    ids: readonly number[],
    fields?: string[],
    options: CallOptions = {},
  ): Promise<T[]> {
    if (ids.length === 0) return [];
    const version = (await this.connect()).version;
    const kwargs: Record<string, unknown> = {};
    if (fields) kwargs.fields = options.raw ? fields : toVersionFieldList(model, fields, version);
    const records = await this.call<Record<string, unknown>[]>(model, 'read', [[...ids]], kwargs, options);
    return (fields && !options.raw ? records.map((r) => fromVersionFields(model, r, fields, version)) : records) as T[];
  }

  /** Creates one record (→ its id) or several in one call (→ their ids, in order). */
  create(model: string, values: Record<string, unknown>, options?: CallOptions): Promise<number>;
  create(model: string, values: Record<string, unknown>[], options?: CallOptions): Promise<number[]>;
  async create(
    model: string,
    values: Record<string, unknown> | Record<string, unknown>[],
    options: CallOptions = {},
  ): Promise<number | number[]> {
    const version = (await this.connect()).version;
    const list = Array.isArray(values) ? values : [values];
    if (list.length === 0) return [];
    const translated = options.raw ? list : list.map((v) => toVersionFields(model, v, version));
    const result = await this.call<number | number[]>(model, 'create', [translated], {}, options);
    const ids = Array.isArray(result) ? result : [result];
    return Array.isArray(values) ? ids : ids[0]!;
  }

  async write(
    model: string,
    ids: readonly number[],
    values: Record<string, unknown>,
    options: CallOptions = {},
  ): Promise<boolean> {
    if (ids.length === 0) return true;
    const version = (await this.connect()).version;
    const translated = options.raw ? values : toVersionFields(model, values, version);
    return this.call<boolean>(model, 'write', [[...ids], translated], {}, options);
  }

  async unlink(model: string, ids: readonly number[], options: CallOptions = {}): Promise<boolean> {
    if (ids.length === 0) return true;
    return this.call<boolean>(model, 'unlink', [[...ids]], {}, options);
  }

  /** Called with the model after every call that may have changed data (lookups drop their cache for it). */
  onWrite(listener: (model: string) => void): () => void {
    this.#writeListeners.add(listener);
    return () => this.#writeListeners.delete(listener);
  }

  async close(): Promise<void> {
    await this.#http.close();
  }

  async #withRetries<T>(
    model: string,
    method: string,
    readOnly: boolean,
    run: () => Promise<T>,
    transport: TransportKind,
    trace?: Pick<OdooCallRecord, 'request'>,
  ): Promise<T> {
    const attempts = readOnly ? 1 + this.#options.readRetries : 1;
    for (let attempt = 1; ; attempt++) {
      await this.#options.throttle?.();
      const started = performance.now();
      try {
        const result = await run();
        this.#options.onCall?.({
          model,
          method,
          transport,
          ms: performance.now() - started,
          ok: true,
          attempt,
          ...(trace ? { ...trace, response: redact(result) } : {}),
        });
        return result;
      } catch (error) {
        const kind = isBridgeError(error) ? error.kind : 'unknown';
        this.#options.onCall?.({
          model,
          method,
          transport,
          ms: performance.now() - started,
          ok: false,
          attempt,
          error: { kind, message: (error as Error).message },
          ...trace,
        });
        if (!(error instanceof TransientError) || attempt >= attempts) throw error;
        const backoff = this.#options.retryBaseMs * 2 ** (attempt - 1);
        const wait = Math.max(error.retryAfterMs ?? 0, backoff / 2 + Math.random() * (backoff / 2));
        this.#logger.debug(
          { model, method, attempt, waitMs: Math.round(wait), err: error.message },
          'Odoo read failed; retrying',
        );
        await this.#clock.sleep(wait);
      }
    }
  }
}

/** `YYYY-MM-DD HH:MM:SS` (UTC) plus some seconds, in the same format. */
export function addSeconds(odooStamp: string, seconds: number): string {
  const ms = Date.parse(`${odooStamp.replace(' ', 'T').slice(0, 19)}Z`) + seconds * 1000;
  return toOdooStamp(ms);
}

/** Epoch ms → Odoo's datetime literal `YYYY-MM-DD HH:MM:SS` (UTC). */
export function toOdooStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** A domain in the version's fields; a concept the version lacks is a ValidationError (fix the mapping or flow). */
function versionDomain(model: string, domain: Domain, version: OdooVersion): Domain {
  try {
    return toVersionDomain(model, domain, version);
  } catch (error) {
    if (!(error instanceof UnmappedConceptError)) throw error;
    throw new ValidationError(
      `cannot search ${model} on Odoo ${version}`,
      [{ field: error.concept, reason: error.message }],
      { connector: CONNECTOR },
    );
  }
}

function toSecret(value: Secret | string | undefined): Secret | undefined {
  if (value === undefined) return undefined;
  return value instanceof Secret ? value : new Secret(value, 'option');
}

export function createOdooClient(options: OdooClientOptions): OdooClient {
  return new OdooClient(options);
}
