// Turns a JSON-RPC `execute_kw` (positional args + kwargs) or a JSON-2 body (named args) into one method call
// on one model, checks it the way Odoo does (private methods, unknown methods, ids on @api.model methods),
// and runs it synchronously: one call = one transaction, with its own time stamp and change log.
import type { Env } from './env.ts';
import type { Kwargs } from './model-spec.ts';
import { GENERIC_METHODS, signatureOf } from './orm-methods.ts';
import { httpError, privateMethodError, unknownMethodError } from './odoo-errors.ts';

export interface MethodCall {
  model: string;
  method: string;
  ids: number[];
  kwargs: Kwargs;
  context: Kwargs;
}

function toIds(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.filter((v): v is number => typeof v === 'number');
  return [];
}

/** `execute_kw(db, uid, password, model, method, args, kwargs)` → a method call. */
export function fromExecuteKw(env: Env, model: string, method: string, args: unknown[], kwargs: Kwargs): MethodCall {
  if (method.startsWith('_')) throw privateMethodError(model, method, env.version);
  const target = env.model(model);
  const signature = signatureOf(target, method);
  const positional = [...args];
  const ids = signature.model ? [] : toIds(positional.shift());
  const named: Kwargs = {};
  signature.params.forEach((param, i) => {
    if (i < positional.length) named[param] = positional[i];
  });
  if (positional.length > signature.params.length) named.args = positional.slice(signature.params.length);
  const { context, ...rest } = kwargs;
  return { model, method, ids, kwargs: { ...named, ...rest }, context: (context as Kwargs | undefined) ?? {} };
}

/** `POST /json/2/<model>/<method>` body → a method call, refused with JSON-2's 422s where Odoo 19 refuses. */
export function fromJson2(env: Env, model: string, method: string, body: Kwargs): MethodCall {
  if (method.startsWith('_')) throw privateMethodError(model, method, env.version);
  const target = env.model(model);
  const signature = signatureOf(target, method);
  const { ids, context, ...named } = body;
  if (signature.model && ids !== undefined) throw httpError(422, `cannot call ${model}.${method} with ids`);
  for (const param of signature.required ?? []) {
    if (!(param in named)) throw httpError(422, `missing a required argument: '${param}'`);
  }
  return { model, method, ids: toIds(ids), kwargs: named, context: (context as Kwargs | undefined) ?? {} };
}

/** Run one call. `undefined` stands for Python's None (JSON-RPC then answers without `result`). */
export function invoke(env: Env, call: MethodCall): unknown {
  const model = env.model(call.model);
  const impl = model.spec.methods?.[call.method] ?? genericFor(env, call.method, model.fields);
  if (!impl) throw unknownMethodError(call.model, call.method, env.version);
  env.beginCall(call.context);
  try {
    return impl(env, model, call.ids, call.kwargs);
  } catch (error) {
    env.rollback();
    throw error;
  }
}

function genericFor(env: Env, method: string, fields: Record<string, unknown>) {
  if (method === 'message_post' && !('message_ids' in fields)) return undefined;
  if (method === 'name_get' && env.version >= 18) return undefined; // deprecated in 17, removed in 18
  return GENERIC_METHODS[method];
}
