// What the target holds now, for `bridge mappings preview --diff odoo:<id>|clarity:<ID>`: the Odoo record's fields
// the mapping writes (named as the server's version names them), or the Clarity resource by id.
import type { ClarityClient } from '../connectors/clarity/client.ts';
import { DEFAULT_PATHS, expandPath, type ClarityPaths } from '../connectors/clarity/contract.ts';
import type { OdooClient } from '../connectors/odoo/client.ts';

/** Clarity shapes that are one resource readable by id, and the path that reads it. */
const RECORD_PATHS: Record<string, keyof ClarityPaths> = {
  SalesOrder: 'order',
  SalesOrderUpdate: 'order',
  Product: 'product',
  Customer: 'customer',
  Category: 'category',
  SalesReturn: 'return',
  SalesReturnUpdate: 'return',
};

export function clarityRecordPath(shape: string): keyof ClarityPaths | undefined {
  return RECORD_PATHS[shape];
}

/** The Odoo record's `fields` (version field names), or undefined when there is no record with that id. */
export async function storedOdooRecord(
  client: OdooClient,
  model: string,
  id: number,
  fields: readonly string[],
): Promise<Record<string, unknown> | undefined> {
  const [record] = await client.read(model, [id], [...fields], { raw: true });
  return record;
}

/** The Clarity resource of `shape` with this id (a 404 is the client's BusinessError). */
export async function storedClarityRecord(
  client: ClarityClient,
  shape: string,
  id: number,
): Promise<Record<string, unknown>> {
  const path = clarityRecordPath(shape);
  if (!path) throw new TypeError(`a Clarity ${shape} is not a resource that can be read by id`);
  return client.call<Record<string, unknown>>({
    method: 'GET',
    path: expandPath(DEFAULT_PATHS[path], { ID: id }),
    lookup: true,
  });
}
