// An Odoo to replay calls against: the sandbox, or a real server. Either way the replay talks HTTP to `url`; the
// `execute` here is for the replay's own bookkeeping (finding records it needs), as the admin user.
import type { OdooSandbox } from '../../src/sandbox/odoo/index.ts';

export type Execute = (
  model: string,
  method: string,
  args?: unknown[],
  kwargs?: Record<string, unknown>,
) => Promise<unknown>;

export interface OdooTarget {
  /** What the reports call it: `sandbox 18`, `real 18 (http://127.0.0.1:8070)`. */
  label: string;
  url: string;
  db: string;
  login: string;
  /** The password, or the API key where only one is set (JSON-RPC takes either). */
  password: string;
  /** Which of the two `password` holds: a web session (/web/session/authenticate) takes the password only. */
  credential: Credential;
  /** For JSON-2 (19+); absent when only a password is known. */
  apiKey?: string;
  uid: number;
  /** The major version the server says it is. */
  version: number;
  execute: Execute;
}

export type Credential = 'password' | 'apiKey';

/**
 * The sandbox as a target that logs in with `credential`: a likeness check gives it the kind of credential the real
 * server gets, so that both answer the same login (an API key opens no web session on either).
 */
export function sandboxTarget(sandbox: OdooSandbox, credential: Credential = 'password'): OdooTarget {
  return {
    label: `sandbox ${sandbox.version}`,
    url: sandbox.url,
    db: sandbox.db,
    login: sandbox.login,
    password: credential === 'apiKey' ? sandbox.apiKey : sandbox.password,
    credential,
    apiKey: sandbox.apiKey,
    uid: 2,
    version: sandbox.version,
    execute: (model, method, args = [], kwargs = {}) => sandbox.execute(model, method, args, kwargs),
  };
}

/** A JSON-RPC call; an Odoo error is thrown with its name and message. */
export async function jsonRpc(url: string, service: string, method: string, args: unknown[]): Promise<unknown> {
  const response = await fetch(`${url}/jsonrpc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service, method, args }, id: 1 }),
  });
  const body = (await response.json()) as { result?: unknown; error?: { data?: { name?: string; message?: string } } };
  if (body.error) throw new Error(`${body.error.data?.name ?? 'Odoo error'}: ${body.error.data?.message ?? ''}`);
  return body.result;
}

/** A real Odoo: its version, and the uid of `login` (refused with what to check when the credentials are wrong). */
export async function remoteTarget(settings: {
  url: string;
  db: string;
  login: string;
  password?: string;
  apiKey?: string;
}): Promise<OdooTarget> {
  const password = settings.password ?? settings.apiKey;
  if (!password) throw new Error(`${settings.url}: set a password or an API key`);
  const info = (await jsonRpc(settings.url, 'common', 'version', [])) as { server_version_info: number[] };
  const uid = await jsonRpc(settings.url, 'common', 'authenticate', [settings.db, settings.login, password, {}]);
  if (typeof uid !== 'number')
    throw new Error(`${settings.url}: database ${settings.db} refused login ${settings.login}; check the credentials`);
  const execute: Execute = (model, method, args = [], kwargs = {}) =>
    jsonRpc(settings.url, 'object', 'execute_kw', [settings.db, uid, password, model, method, args, kwargs]);
  return {
    label: `real ${info.server_version_info[0]} (${settings.url})`,
    url: settings.url,
    db: settings.db,
    login: settings.login,
    password,
    credential: settings.password ? 'password' : 'apiKey',
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
    uid,
    version: info.server_version_info[0]!,
    execute,
  };
}
