// `bridge odoo check`: which Odoo answers, as whom, what the bridge's user may do on each model the flows use, and
// which needed modules are missing.
import { BusinessError, isBridgeError } from '../../core/errors.ts';
import type { OdooClient } from './client.ts';

/** The models the flows read or write, and the operations they need on each. */
export const FLOW_MODELS: Record<string, readonly Operation[]> = {
  'res.partner': ['read', 'write', 'create'],
  'res.country': ['read'],
  'res.country.state': ['read'],
  'res.currency': ['read'],
  'product.product': ['read', 'write', 'create'],
  'product.template': ['read', 'write', 'create'],
  'product.category': ['read'],
  'product.pricelist': ['read'],
  'sale.order': ['read', 'write', 'create'],
  'sale.order.line': ['read', 'write', 'create'],
  'stock.picking': ['read', 'write'],
  'stock.move': ['read', 'write'],
  'stock.quant': ['read', 'write', 'create'],
  'stock.location': ['read'],
  'stock.warehouse': ['read'],
  'account.move': ['read', 'write'],
  'account.payment': ['read', 'create'],
  'account.tax': ['read'],
  'account.journal': ['read'],
  'delivery.carrier': ['read'],
  'ir.model.data': ['read', 'create'],
};

/** Needed only by `bridge odoo setup-webhooks`. */
export const WEBHOOK_MODELS: Record<string, readonly Operation[]> = {
  'ir.actions.server': ['read', 'write', 'create'],
  'base.automation': ['read', 'write', 'create'],
};

export type Operation = 'read' | 'write' | 'create' | 'unlink';

export interface ModelAccess {
  model: string;
  /** Per needed operation: allowed, or why not known. */
  operations: Partial<Record<Operation, boolean | 'unknown'>>;
  ok: boolean;
  optional: boolean;
}

export interface ModuleState {
  name: string;
  installed: boolean;
  required: boolean;
  state: string;
}

export interface OdooCheckReport {
  server: string;
  version: number;
  transport: string;
  uid: number;
  /** The company the integration works in. */
  company: string;
  access: ModelAccess[];
  modules: ModuleState[];
  /** Everything an operator must fix, in words (empty when all is well). */
  problems: string[];
}

/** The modules the flows need on this version (`delivery` was split into `stock_delivery` in 17). */
export function requiredModules(version: number): { required: string[]; optional: string[] } {
  return {
    required: ['sale_management', 'sale_stock', 'account', version >= 17 ? 'stock_delivery' : 'delivery'],
    optional: ['base_automation'],
  };
}

export async function checkOdoo(client: OdooClient): Promise<OdooCheckReport> {
  const connection = await client.connect();
  const problems: string[] = [];

  const entries = [
    ...Object.entries(FLOW_MODELS).map(([model, ops]) => ({ model, ops, optional: false })),
    ...Object.entries(WEBHOOK_MODELS).map(([model, ops]) => ({ model, ops, optional: true })),
  ];
  const access = await Promise.all(
    entries.map(async ({ model, ops, optional }): Promise<ModelAccess> => {
      const operations: ModelAccess['operations'] = {};
      for (const op of ops) operations[op] = await hasAccess(client, model, op, connection.version);
      const ok = Object.values(operations).every((v) => v === true);
      return { model, operations, ok, optional };
    }),
  );
  for (const a of access) {
    const denied = Object.entries(a.operations)
      .filter(([, v]) => v !== true)
      .map(([op, v]) => (v === 'unknown' ? `${op} (unknown)` : op));
    if (denied.length)
      problems.push(
        `${a.optional ? '(webhooks) ' : ''}the bridge's user lacks ${denied.join(', ')} on ${a.model}: grant it in Odoo (Settings > Users > Access Rights)`,
      );
  }

  const { required, optional } = requiredModules(connection.server.major);
  let modules: ModuleState[] = [];
  try {
    const found = await client.searchRead('ir.module.module', {
      domain: [['name', 'in', [...required, ...optional]]],
      fields: ['name', 'state'],
      raw: true,
    });
    const state = new Map(found.map((m) => [String(m.name), String(m.state)]));
    modules = [...required, ...optional].map((name) => ({
      name,
      state: state.get(name) ?? 'absent',
      installed: state.get(name) === 'installed',
      required: required.includes(name),
    }));
    for (const m of modules) {
      if (!m.installed)
        problems.push(
          `${m.required ? 'module' : 'optional module'} ${m.name} is ${m.state === 'absent' ? 'not available' : m.state}: install it in Odoo (Apps)${m.required ? '' : ' to use webhooks; polling works without it'}`,
        );
    }
  } catch (error) {
    if (!(error instanceof BusinessError)) throw error;
    problems.push(`cannot list modules (${error.message}); check them in Odoo (Apps)`);
  }

  return {
    server: connection.server.text,
    version: connection.version,
    transport: connection.transport,
    uid: connection.uid,
    company: connection.company.name,
    access,
    modules,
    problems,
  };
}

/** check_access_rights (16–18) or has_access (18+: check_access_rights was deprecated), without raising. */
async function hasAccess(
  client: OdooClient,
  model: string,
  operation: Operation,
  version: number,
): Promise<boolean | 'unknown'> {
  const attempts: [string, unknown[], Record<string, unknown>][] = [
    ['check_access_rights', [operation], { raise_exception: false }],
    ['has_access', [[], operation], {}],
  ];
  if (version >= 19) attempts.reverse();
  for (const [method, args, kwargs] of attempts) {
    try {
      return Boolean(await client.call(model, method, args, kwargs));
    } catch (error) {
      // the model is absent (module missing) or the method does not exist in this version: try the other one
      if (!isBridgeError(error) || error.kind === 'auth' || error.kind === 'transient') throw error;
      const name = String(error.details.odooError ?? '');
      if (name === 'odoo.exceptions.AccessError') return false;
      if (/Object .* doesn't exist|does not exist/i.test(error.message) && !/method/i.test(error.message))
        return 'unknown';
    }
  }
  return 'unknown';
}
