// Change detection without webhooks: each resource is listed with `modifiedSince` = its checkpoint, and every record
// seen becomes a BridgeEvent with the same identity a webhook of that record state would have (event-identity.ts),
// so the inbox's dedup makes webhooks and polls safe together.
//
// Paging walks forward by cursor, not by page number: after each page the query restarts at page 1 from the last
// UpdatedDate seen, so records that change while we page (and so move to the end of the sort) are never skipped.
// `modifiedSince` is inclusive, so records at the cursor instant are seen again: across runs they are emitted again
// (dedup drops them), within one run they are emitted once. When a whole page shares one instant the query stays on
// that instant and moves to the next page number, so the walk always advances and ends.
import type { CheckpointPort } from '../../core/checkpoint.ts';
import type { BridgeEvent } from '../../core/event.ts';
import { eventDedupKey, normalizeStamp } from '../../core/ids.ts';
import type { ClarityClient } from './client.ts';
import type { BaseRecord, ClarityEntity, ClarityPaths, PagedResults } from './contract.ts';
import { clarityRecordEvent, polledEventType } from './event-identity.ts';

/** Where a poller keeps its cursors (the store's checkpoint table, in production). */
export type { CheckpointPort };

export const POLLED_RESOURCES = {
  orders: { entity: 'order', path: 'orders' },
  products: { entity: 'product', path: 'products' },
  customers: { entity: 'customer', path: 'customers' },
  returns: { entity: 'return', path: 'returns' },
  categories: { entity: 'category', path: 'categories' },
} as const satisfies Record<string, { entity: ClarityEntity; path: keyof ClarityPaths }>;
export type PolledResource = keyof typeof POLLED_RESOURCES;

export interface ClarityPollerOptions {
  client: Pick<ClarityClient, 'listPage' | 'paths'>;
  integrationId: string;
  checkpoints: CheckpointPort;
  /** Receives each page's new events; the checkpoint moves only after it resolves (at least once, never lost). */
  emit(events: BridgeEvent[]): Promise<void>;
  resources?: readonly PolledResource[];
  pageSize?: number;
  /** Re-read this much before the checkpoint at the start of a run (late commits); dedup drops what was seen. */
  overlapMs?: number;
  /** Where a resource without a checkpoint starts (ISO-8601); default: from the beginning. */
  since?: string;
  /** A safety bound on pages per resource per run (a store that ignores `modifiedSince` cannot keep us forever). */
  maxPagesPerRun?: number;
}

export interface PollReport {
  resource: PolledResource;
  events: number;
  pages: number;
  /** The checkpoint after the run (undefined: the resource is still empty). */
  cursor: string | undefined;
}

export class ClarityPoller {
  readonly #options: ClarityPollerOptions;

  constructor(options: ClarityPollerOptions) {
    this.#options = options;
  }

  /** The checkpoint key of one resource: `clarity:<integration>:<resource>`. */
  checkpointKey(resource: PolledResource): string {
    return `clarity:${this.#options.integrationId}:${resource}`;
  }

  /** Polls every configured resource once. */
  async pollOnce(): Promise<PollReport[]> {
    const reports: PollReport[] = [];
    for (const resource of this.#options.resources ?? (Object.keys(POLLED_RESOURCES) as PolledResource[])) {
      reports.push(await this.pollResource(resource));
    }
    return reports;
  }

  async pollResource(resource: PolledResource): Promise<PollReport> {
    const { client, checkpoints, integrationId } = this.#options;
    const { entity, path: pathName } = POLLED_RESOURCES[resource];
    const path = client.paths[pathName];
    const pageSize = this.#options.pageSize ?? 100;
    const maxPages = this.#options.maxPagesPerRun ?? 10_000;
    const key = this.checkpointKey(resource);

    let cursor = await checkpoints.get(key);
    let from = cursor !== undefined ? shift(cursor, -(this.#options.overlapMs ?? 0)) : this.#options.since;
    let page = 1;
    const seen = new Set<string>();
    const report: PollReport = { resource, events: 0, pages: 0, cursor };

    while (report.pages < maxPages) {
      const result: PagedResults<BaseRecord> = await client.listPage<BaseRecord>(path, {
        page,
        pageSize,
        ...(from !== undefined ? { modifiedSince: from } : {}),
      });
      report.pages += 1;
      const fresh: BridgeEvent[] = [];
      for (const record of result.Results) {
        const event = clarityRecordEvent({ integrationId, entity, type: polledEventType(entity, record), record });
        const id = eventDedupKey(event);
        if (seen.has(id)) continue;
        seen.add(id);
        fresh.push(event);
      }
      if (fresh.length) await this.#options.emit(fresh);
      report.events += fresh.length;

      const last = result.Results.at(-1);
      if (!last) break;
      const lastStamp = normalizeStamp(last.UpdatedDate);
      if (cursor === undefined || lastStamp > cursor) {
        cursor = lastStamp;
        await checkpoints.set(key, cursor);
        report.cursor = cursor;
      }
      if (result.Results.length < pageSize || (page >= result.TotalPages && from !== undefined && lastStamp <= from))
        break;
      if (from === undefined || lastStamp > from) {
        from = lastStamp;
        page = 1;
      } else {
        page += 1;
      }
    }
    return report;
  }
}

function shift(stamp: string, ms: number): string {
  return ms === 0 ? stamp : new Date(Date.parse(stamp) + ms).toISOString();
}
