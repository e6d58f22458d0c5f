// The HTTP face of the sandbox: /jsonrpc (common + object services), /web/session/authenticate, /web/version,
// /json/2/<model>/<method> (version 19), and the sandbox's own controls under /sandbox/.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../core/logger.ts';
import type { CallRunner } from './call-runner.ts';
import type { Env } from './env.ts';
import { faultProblems, type FaultInjector, type OdooFaults } from './faults.ts';
import type { Kwargs } from './model-spec.ts';
import { accessDenied, errorPayload, httpError, missingError, OdooError, unknownDatabaseError } from './odoo-errors.ts';
import { fromExecuteKw, fromJson2 } from './rpc-dispatch.ts';
import { sessionInfo } from './session-info.ts';
import { jsonRpcErrorCode, serverVersion, serverVersionInfo } from './version.ts';

export interface Credentials {
  db: string;
  login: string;
  password: string;
  apiKey: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const sleep = (ms: number): Promise<void> =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

export function createOdooHttpServer(deps: {
  env: Env;
  runner: CallRunner;
  faults: FaultInjector;
  credentials: Credentials;
  logger: Logger;
}): Server {
  const { env, runner, faults, credentials, logger } = deps;
  const version = env.version;

  /** Sessions opened by /web/session/authenticate, for the web client's /web/dataset/call_kw. */
  const sessions = new Set<string>();

  const passwordOk = (password: unknown): boolean =>
    password === credentials.password || password === credentials.apiKey;

  /**
   * uid for good credentials, false otherwise (the AccessDenied fault makes every credential bad). An interactive
   * login (a web session) takes the password only: Odoo keeps API keys for RPC.
   */
  const authenticate = (db: unknown, login: unknown, password: unknown, interactive = false): number | false => {
    if (faults.accessRevoked()) return false;
    const ok = interactive ? password === credentials.password : passwordOk(password);
    return db === credentials.db && login === credentials.login && ok ? env.uid : false;
  };

  const checkExecuteAuth = (uid: unknown, password: unknown): void => {
    if (faults.accessRevoked()) throw accessDenied();
    if (uid !== env.uid) throw missingError('res.users', [Number(uid)], Number(uid));
    if (!passwordOk(password)) throw accessDenied();
  };

  async function jsonRpc(params: Kwargs): Promise<unknown> {
    const service = params.service;
    const method = params.method;
    const args = Array.isArray(params.args) ? (params.args as unknown[]) : [];
    if (service === 'common') {
      if (method === 'version') return versionInfo();
      if (method === 'login') return authenticate(args[0], args[1], args[2]);
      if (method === 'authenticate') return authenticate(args[0], args[1], args[2]);
      if (method === 'about') return 'See http://openerp.com';
    }
    if (service === 'db') {
      if (method === 'list') return [credentials.db];
      if (method === 'server_version') return serverVersion(version);
    }
    if (service === 'object' && (method === 'execute_kw' || method === 'execute')) {
      const [db, uid, password, model, methodName, ...rest] = args;
      if (db !== credentials.db) throw unknownDatabaseError(String(db));
      checkExecuteAuth(uid, password);
      const callArgs = method === 'execute_kw' ? ((rest[0] as unknown[] | undefined) ?? []) : rest;
      const kwargs = method === 'execute_kw' ? ((rest[1] as Kwargs | undefined) ?? {}) : {};
      const call = fromExecuteKw(env, String(model), String(methodName), callArgs, kwargs);
      return runner.runRemote(call);
    }
    throw new OdooError(
      'builtins.NameError',
      `service "${String(service)}" or method "${String(method)}" not found`,
      404,
    );
  }

  const versionInfo = (): Record<string, unknown> => ({
    server_version: serverVersion(version),
    server_version_info: serverVersionInfo(version),
    server_serie: `${version}.0`,
    protocol_version: 1,
  });

  const rpcError = (id: unknown, error: unknown): Record<string, unknown> => {
    const odooError = asOdooError(error, logger);
    return {
      jsonrpc: '2.0',
      id,
      error: { code: jsonRpcErrorCode(version), message: 'Odoo Server Error', data: errorPayload(odooError, version) },
    };
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const path = url.pathname;

    // The sandbox's own controls never suffer injected faults.
    if (path === '/sandbox/faults') {
      if (req.method === 'POST') {
        const update = (await readJson(req)) as Record<string, unknown>;
        const problems = faultProblems(update ?? {});
        if (problems.length) return send(res, 400, { error: problems.join('; ') });
        faults.set(update as Partial<OdooFaults>);
      }
      return send(res, 200, faults.current());
    }
    if (path === '/sandbox/counters') return send(res, 200, faults.snapshot());
    if (path === '/sandbox/health') return send(res, 200, { ok: true, version, db: credentials.db });

    await sleep(faults.latencyMs());
    const transportFault = faults.transportFault();
    if (transportFault === 'drop') {
      req.socket.destroy();
      return;
    }
    if (transportFault === 'error') {
      res.writeHead(503, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        '<html><body><h1>503 Service Unavailable</h1>No server is available to handle this request.</body></html>',
      );
      return;
    }

    if (path === '/web/version' || path === '/web/webclient/version_info') {
      const info = { version_info: serverVersionInfo(version), version: serverVersion(version) };
      if (req.method === 'GET') return send(res, 200, info);
      const body = (await readJson(req)) as Kwargs | null;
      return send(res, 200, {
        jsonrpc: '2.0',
        id: body?.id ?? null,
        result: path === '/web/version' ? info : versionInfo(),
      });
    }

    if (path === '/jsonrpc' && req.method === 'POST') {
      let body: Kwargs | null = null;
      try {
        body = (await readJson(req)) as Kwargs | null;
        const result = await jsonRpc((body?.params as Kwargs | undefined) ?? {});
        const reply: Record<string, unknown> = { jsonrpc: '2.0', id: body?.id ?? null };
        if (result !== undefined) reply.result = result; // Python None: no `result` key (fixture 16)
        return send(res, 200, reply);
      } catch (error) {
        return send(res, 200, rpcError(body?.id ?? null, error));
      }
    }

    if (path === '/web/session/authenticate' && req.method === 'POST') {
      const body = (await readJson(req)) as Kwargs | null;
      const params = (body?.params as Kwargs | undefined) ?? {};
      const uid = authenticate(params.db, params.login, params.password, true);
      if (uid === false) return send(res, 200, rpcError(body?.id ?? null, accessDenied()));
      const expires = new Date(Date.now() + 604800_000).toUTCString();
      const sessionId = randomBytes(20).toString('hex');
      sessions.add(sessionId);
      res.setHeader('set-cookie', `session_id=${sessionId}; Expires=${expires}; Max-Age=604800; HttpOnly; Path=/`);
      return send(res, 200, { jsonrpc: '2.0', id: body?.id ?? null, result: sessionInfo(env, credentials.db) });
    }

    if (/^\/web\/dataset\/call_kw(\/.*)?$/.test(path) && req.method === 'POST') {
      let body: Kwargs | null = null;
      try {
        body = (await readJson(req)) as Kwargs | null;
        const sessionId = /(?:^|;\s*)session_id=([^;]+)/.exec(String(req.headers.cookie ?? ''))?.[1];
        if (!sessionId || !sessions.has(sessionId) || faults.accessRevoked()) {
          throw new OdooError('odoo.http.SessionExpiredException', 'Session expired', 401);
        }
        const params = (body?.params as Kwargs | undefined) ?? {};
        const call = fromExecuteKw(
          env,
          String(params.model),
          String(params.method),
          (params.args as unknown[] | undefined) ?? [],
          (params.kwargs as Kwargs | undefined) ?? {},
        );
        const result = await runner.runRemote(call);
        const reply: Record<string, unknown> = { jsonrpc: '2.0', id: body?.id ?? null };
        if (result !== undefined) reply.result = result;
        return send(res, 200, reply);
      } catch (error) {
        const reply = rpcError(body?.id ?? null, error);
        if (error instanceof OdooError && error.pythonName === 'odoo.http.SessionExpiredException')
          (reply.error as Kwargs).code = 100;
        return send(res, 200, reply);
      }
    }

    const json2 = /^\/json\/2\/([^/]+)\/([^/]+)$/.exec(path);
    if (json2 && version >= 19 && req.method === 'POST') {
      const [, model, method] = json2 as unknown as [string, string, string];
      try {
        const auth = String(req.headers.authorization ?? '');
        const key = /^bearer\s+(.+)$/i.exec(auth)?.[1]?.trim();
        if (faults.accessRevoked() || key !== credentials.apiKey) throw httpError(401, 'Invalid apikey');
        const database = req.headers['x-odoo-database'];
        if (database !== undefined && database !== credentials.db)
          throw httpError(404, `database '${String(database)}' not found`);
        if (!env.models.has(model)) throw httpError(404, `the model '${model}' does not exist`);
        const body = ((await readJson(req)) as Kwargs | null) ?? {};
        const result = await runner.runRemote(fromJson2(env, model, method, body));
        return send(res, 200, result === undefined ? null : result);
      } catch (error) {
        const odooError = asOdooError(error, logger);
        const payload = errorPayload(odooError, version);
        return send(res, odooError.httpStatus, {
          name: payload.name,
          message: payload.message,
          arguments: payload.arguments,
          context: payload.context,
          debug: payload.debug,
        });
      }
    }

    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<h1>Not Found</h1><p>The requested URL was not found on the server.</p>');
  }

  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error }, 'odoo sandbox request failed');
      if (!res.headersSent) send(res, 500, { error: 'internal sandbox error' });
    });
  });
}

function asOdooError(error: unknown, logger: Logger): OdooError {
  if (error instanceof OdooError) return error;
  if (error instanceof SyntaxError)
    return new OdooError('werkzeug.exceptions.BadRequest', `Invalid JSON data: ${error.message}`, 400, [400]);
  logger.error({ err: error }, 'odoo sandbox: unexpected error in a call');
  return new OdooError('builtins.Exception', error instanceof Error ? error.message : String(error), 500);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text.trim() ? JSON.parse(text) : null;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
