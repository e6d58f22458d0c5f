// External ids in ir.model.data under the module `__bridge__`: an Odoo-side idempotency anchor, so a create that
// succeeded but whose answer was lost is found again instead of repeated.
import { contentHash } from '../../core/ids.ts';
import { BusinessError, ValidationError } from '../../core/errors.ts';
import type { OdooClient } from './client.ts';
import { CONNECTOR } from './errors.ts';

export const BRIDGE_MODULE = '__bridge__';

export interface ExternalId {
  /** The ir.model.data record. */
  id: number;
  /** `__bridge__.<name>` */
  completeName: string;
  name: string;
  model: string;
  resId: number;
}

/**
 * `<integration>_<entity>_<key>` made safe for an xml id (letters, digits, `_`). When sanitizing changed the key, a
 * short hash of the original is appended, so `A-1` and `A_1` stay two names.
 */
export function externalIdName(integrationId: string, entity: string, key: string): string {
  const raw = `${integrationId}_${entity}_${key}`;
  const safe = raw.replace(/[^A-Za-z0-9_]/g, '_');
  return safe === raw ? safe : `${safe}_${contentHash(raw).slice(0, 8)}`;
}

function toExternalId(r: Record<string, unknown>): ExternalId {
  return {
    id: Number(r.id),
    completeName: `${String(r.module)}.${String(r.name)}`,
    name: String(r.name),
    model: String(r.model),
    resId: Number(r.res_id),
  };
}

const FIELDS = ['module', 'name', 'model', 'res_id'];

/** The external id `__bridge__.<name>`, if it exists. */
export async function findExternalId(client: OdooClient, name: string): Promise<ExternalId | undefined> {
  const [found] = await client.searchRead('ir.model.data', {
    domain: [
      ['module', '=', BRIDGE_MODULE],
      ['name', '=', name],
    ],
    fields: FIELDS,
    limit: 1,
  });
  return found ? toExternalId(found) : undefined;
}

/** Many names at once (one call): name → external id, for the names that exist. */
export async function findExternalIds(client: OdooClient, names: readonly string[]): Promise<Map<string, ExternalId>> {
  if (names.length === 0) return new Map();
  const found = await client.searchRead('ir.model.data', {
    domain: [
      ['module', '=', BRIDGE_MODULE],
      ['name', 'in', [...names]],
    ],
    fields: FIELDS,
  });
  return new Map(found.map((r) => [String(r.name), toExternalId(r)]));
}

/** The bridge's external ids pointing at a record. */
export async function externalIdsOf(client: OdooClient, model: string, resId: number): Promise<ExternalId[]> {
  const found = await client.searchRead('ir.model.data', {
    domain: [
      ['module', '=', BRIDGE_MODULE],
      ['model', '=', model],
      ['res_id', '=', resId],
    ],
    fields: FIELDS,
  });
  return found.map(toExternalId);
}

/**
 * Records `__bridge__.<name>` → (model, resId). Idempotent: when the name exists for the same record it is kept;
 * when it points elsewhere, that is a BusinessError (two records claim one key).
 */
export async function bindExternalId(
  client: OdooClient,
  name: string,
  model: string,
  resId: number,
): Promise<ExternalId> {
  try {
    const id = await client.create('ir.model.data', {
      module: BRIDGE_MODULE,
      name,
      model,
      res_id: resId,
      noupdate: true,
    });
    return { id, completeName: `${BRIDGE_MODULE}.${name}`, name, model, resId };
  } catch (error) {
    // a duplicate (module, name) is a ValidationError from the unique index: look at what is there
    if (!(error instanceof ValidationError)) throw error;
    const existing = await findExternalId(client, name);
    if (!existing) throw error;
    if (existing.model === model && existing.resId === resId) return existing;
    throw new BusinessError(
      `${BRIDGE_MODULE}.${name} already points at ${existing.model}(${existing.resId}), not ${model}(${resId})`,
      {
        connector: CONNECTOR,
        details: {
          externalId: existing.completeName,
          existing: { model: existing.model, resId: existing.resId },
          wanted: { model, resId },
        },
      },
    );
  }
}

/** The record an external id points at, when it still exists (ids of deleted records are ignored). */
export async function resolveExternalId(client: OdooClient, name: string, model: string): Promise<number | undefined> {
  const found = await findExternalId(client, name);
  if (!found || found.model !== model) return undefined;
  const exists = await client.search(model, [['id', '=', found.resId]], { limit: 1 });
  return exists.length ? found.resId : undefined;
}

/** The record an Odoo xml id (`module.name`, e.g. Odoo's own `delivery.product_product_delivery`) points at, if any. */
export async function externalIdTarget(client: OdooClient, xmlId: string, model: string): Promise<number | undefined> {
  const [module, ...rest] = xmlId.split('.');
  const [found] = await client.searchRead('ir.model.data', {
    domain: [
      ['module', '=', module ?? ''],
      ['name', '=', rest.join('.')],
      ['model', '=', model],
    ],
    fields: ['res_id'],
    limit: 1,
  });
  if (!found) return undefined;
  // the xml id may outlive its record: only an existing one counts
  const [exists] = await client.search(model, [['id', '=', Number(found.res_id)]], { context: { active_test: false } });
  return exists;
}

/** Records several `__bridge__.<name>` → (model, resId) in one call; fails whole when one name exists already. */
export async function recordExternalIds(
  client: OdooClient,
  entries: readonly { name: string; model: string; resId: number }[],
): Promise<void> {
  if (!entries.length) return;
  await client.create(
    'ir.model.data',
    entries.map((e) => ({ module: BRIDGE_MODULE, name: e.name, model: e.model, res_id: e.resId, noupdate: true })),
  );
}
