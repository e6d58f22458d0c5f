// A bare JSON-RPC client for tests that look into the Odoo sandbox from outside, as a person with Odoo access would.
export function odooRpc(url: string, db = 'sandbox', password = 'admin', uid = 2) {
  let id = 0;
  return async function execute<T = unknown>(
    model: string,
    method: string,
    args: unknown[] = [],
    kwargs: Record<string, unknown> = {},
  ): Promise<T> {
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
    const body = (await response.json()) as { result?: T; error?: { data?: { message?: string } } };
    if (body.error)
      throw new Error(`Odoo ${model}.${method}: ${body.error.data?.message ?? JSON.stringify(body.error)}`);
    return body.result as T;
  };
}
