// An Odoo model read page by page in id order, each page handed over with the cursor that resumes right after it.
// Id order (not write_date) because a catalog imported at once shares one write_date: a cursor by id stays one number
// however many records share a second. A record changed while the sync runs is caught by the next incremental run,
// which starts from the instant this one started. Memory holds one page at a time, whatever the size of the catalog.
import type { Domain, OdooClient, OdooRecord } from '../../connectors/odoo/index.ts';

/** Resume after the record with this id. */
export interface IdCursor {
  afterId: number;
}

export interface OdooPage {
  records: (OdooRecord & { write_date: string })[];
  cursor: IdCursor;
}

export interface OdooPagesQuery {
  domain?: Domain;
  fields: string[];
  pageSize?: number;
  after?: IdCursor | undefined;
  context?: Record<string, unknown>;
}

export async function* odooPages(client: OdooClient, model: string, query: OdooPagesQuery): AsyncGenerator<OdooPage> {
  const pageSize = query.pageSize ?? 500;
  const fields = [...new Set([...query.fields, 'write_date'])];
  let afterId = query.after?.afterId ?? 0;
  for (;;) {
    const records = await client.searchRead<OdooRecord & { write_date: string }>(model, {
      domain: [['id', '>', afterId], ...(query.domain ?? [])],
      fields,
      order: 'id asc',
      limit: pageSize,
      ...(query.context ? { context: query.context } : {}),
    });
    const last = records[records.length - 1];
    if (!last) return;
    afterId = last.id;
    yield { records, cursor: { afterId } };
    if (records.length < pageSize) return;
  }
}
