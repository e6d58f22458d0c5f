// A bare JSON-RPC client for tests that look into the Odoo sandbox from outside, as a person with Odoo access would.

export interface OdooRpcReply<T> {
  result?: T;
  error?: { code: number; message?: string; data: { name: string; message: string } };
}

/** `execute_kw` as Odoo answers it: the result, or the error (never thrown). */
export function odooRawRpc(url: string, db = 'sandbox', password = 'admin', uid = 2) {
  let id = 0;
  return async function raw<T = unknown>(
    model: string,
    method: string,
    args: unknown[] = [],
    kwargs: Record<string, unknown> = {},
  ): Promise<OdooRpcReply<T>> {
    const response = await fetch(`${url}/jsonrpc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: ++id,
        method: 'call',
        params: { service: 'object', method: 'execute_kw', args: [db, uid, password, model, method, args, kwargs] },
      }),
    });
    return (await response.json()) as OdooRpcReply<T>;
  };
}

/** `execute_kw`, its result; an Odoo error is thrown with its name and message. */
export function odooRpc(url: string, db = 'sandbox', password = 'admin', uid = 2) {
  const raw = odooRawRpc(url, db, password, uid);
  return async function execute<T = unknown>(
    model: string,
    method: string,
    args: unknown[] = [],
    kwargs: Record<string, unknown> = {},
  ): Promise<T> {
    const reply = await raw<T>(model, method, args, kwargs);
    if (reply.error)
      throw new Error(
        `Odoo ${model}.${method}: ${reply.error.data?.name}: ${reply.error.data?.message ?? JSON.stringify(reply.error)}`,
      );
    return reply.result as T;
  };
}
