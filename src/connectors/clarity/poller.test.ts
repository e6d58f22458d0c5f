import { describe, expect, it } from 'vitest';
import type { BridgeEvent } from '../../core/event.ts';
import { eventDedupKey } from '../../core/ids.ts';
import { DEFAULT_PATHS, type BaseRecord, type ListQuery, type PagedResults } from './contract.ts';
import { ClarityPoller, type CheckpointPort } from './poller.ts';
import { parseWebhookEvent } from './webhook-event.ts';

/** A list endpoint that behaves as the contract says: UpdatedDate >= modifiedSince, sorted by UpdatedDate then ID. */
class FakeStore {
  records: (BaseRecord & { Name: string })[] = [];
  calls = 0;
  /** Runs before each list call (to change records while the poller pages). */
  beforeList: ((call: number) => void) | undefined;

  put(id: number, updated: string, name = `p${id}`): void {
    const existing = this.records.find((r) => r.ID === id);
    if (existing) Object.assign(existing, { UpdatedDate: updated, Name: name });
    else
      this.records.push({
        ID: id,
        CustomKey: `SKU-${id}`,
        Active: true,
        CreatedDate: '2026-01-01T00:00:00.000Z',
        UpdatedDate: updated,
        Name: name,
      });
  }

  readonly client = {
    paths: DEFAULT_PATHS,
    listPage: async <T>(_path: string, query: ListQuery = {}): Promise<PagedResults<T>> => {
      this.calls += 1;
      this.beforeList?.(this.calls);
      const since = query.modifiedSince;
      const matching = this.records
        .filter((r) => since === undefined || r.UpdatedDate >= since)
        .sort((a, b) => (a.UpdatedDate < b.UpdatedDate ? -1 : a.UpdatedDate > b.UpdatedDate ? 1 : a.ID - b.ID))
        .map((r) => structuredClone(r));
      const size = query.pageSize ?? 100;
      const page = query.page ?? 1;
      return {
        Results: matching.slice((page - 1) * size, page * size) as T[],
        TotalCount: matching.length,
        TotalPages: Math.max(1, Math.ceil(matching.length / size)),
        CurrentPage: page,
      };
    },
  };
}

function memoryCheckpoints(): CheckpointPort & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return { values, get: async (k) => values.get(k), set: async (k, v) => void values.set(k, v) };
}

function stamp(second: number): string {
  return new Date(Date.UTC(2026, 0, 1, 12, 0, second)).toISOString();
}

function setup(pageSize = 3) {
  const store = new FakeStore();
  const checkpoints = memoryCheckpoints();
  const emitted: BridgeEvent[] = [];
  const poller = new ClarityPoller({
    client: store.client,
    integrationId: 'main',
    checkpoints,
    resources: ['products'],
    pageSize,
    emit: async (events) => void emitted.push(...events),
  });
  return { store, checkpoints, emitted, poller };
}

describe('clarity poller', () => {
  it('emits every record once, keeps the newest UpdatedDate as checkpoint, and re-sees only the boundary next time', async () => {
    const { store, checkpoints, emitted, poller } = setup(3);
    for (let i = 1; i <= 10; i++) store.put(i, stamp(i));
    const [report] = await poller.pollOnce();
    expect(emitted.map((e) => e.entityId)).toEqual(Array.from({ length: 10 }, (_, i) => `SKU-${i + 1}`));
    expect(report).toMatchObject({ resource: 'products', events: 10, cursor: stamp(10) });
    expect(checkpoints.values.get('clarity:main:products')).toBe(stamp(10));

    emitted.length = 0;
    store.put(11, stamp(11));
    await poller.pollOnce();
    // The record at the cursor instant comes again (inclusive modifiedSince) with the same identity, then the new one.
    expect(emitted.map((e) => e.entityId)).toEqual(['SKU-10', 'SKU-11']);
  });

  it('ends when more records than a page share one UpdatedDate, emitting each once', async () => {
    const { store, emitted, poller } = setup(3);
    for (let i = 1; i <= 8; i++) store.put(i, stamp(5));
    store.put(9, stamp(6));
    const [report] = await poller.pollOnce();
    expect(new Set(emitted.map((e) => e.entityId)).size).toBe(9);
    expect(emitted).toHaveLength(9);
    expect(report!.cursor).toBe(stamp(6));
    expect(store.calls).toBeLessThan(10);

    // All at one instant and nothing newer: a second run also ends.
    emitted.length = 0;
    const again = setup(3);
    for (let i = 1; i <= 7; i++) again.store.put(i, stamp(5));
    await again.poller.pollOnce();
    await again.poller.pollOnce();
    expect(again.emitted).toHaveLength(14);
  });

  it('does not miss a record that changes while the poller pages', async () => {
    const { store, emitted, poller } = setup(3);
    for (let i = 1; i <= 9; i++) store.put(i, stamp(i));
    // After the first page, record 2 changes: it moves to the end of the sort and every later record shifts left.
    store.beforeList = (call) => {
      if (call === 2) store.put(2, stamp(30), 'renamed');
    };
    await poller.pollOnce();
    const ids = emitted.map((e) => e.entityId);
    for (let i = 1; i <= 9; i++) expect(ids).toContain(`SKU-${i}`);
    expect(emitted.filter((e) => e.entityId === 'SKU-2').map((e) => (e.payload as { Name: string }).Name)).toEqual([
      'p2',
      'renamed',
    ]);
  });

  it('keeps the checkpoint where it was when emitting fails (nothing is lost)', async () => {
    const store = new FakeStore();
    for (let i = 1; i <= 4; i++) store.put(i, stamp(i));
    const checkpoints = memoryCheckpoints();
    checkpoints.values.set('clarity:main:products', stamp(2));
    const poller = new ClarityPoller({
      client: store.client,
      integrationId: 'main',
      checkpoints,
      resources: ['products'],
      emit: async () => {
        throw new Error('inbox down');
      },
    });
    await expect(poller.pollOnce()).rejects.toThrow('inbox down');
    expect(checkpoints.values.get('clarity:main:products')).toBe(stamp(2));
  });

  it('re-reads an overlap before the checkpoint when asked', async () => {
    const store = new FakeStore();
    for (let i = 1; i <= 5; i++) store.put(i, stamp(i));
    const checkpoints = memoryCheckpoints();
    checkpoints.values.set('clarity:main:products', stamp(5));
    const emitted: BridgeEvent[] = [];
    const poller = new ClarityPoller({
      client: store.client,
      integrationId: 'main',
      checkpoints,
      resources: ['products'],
      overlapMs: 2_000,
      emit: async (e) => void emitted.push(...e),
    });
    await poller.pollOnce();
    expect(emitted.map((e) => e.entityId)).toEqual(['SKU-3', 'SKU-4', 'SKU-5']);
  });

  it('gives a record state the same identity a webhook of that state gets', async () => {
    const { store, emitted, poller } = setup(3);
    store.put(1, '2026-01-01T12:00:01.5Z');
    await poller.pollOnce();
    const record = store.records[0]!;
    const body = Buffer.from(
      JSON.stringify({ id: 'evt_9', type: 'product.updated', occurredAt: '2026-01-01T12:00:02Z', data: record }),
    );
    const parsed = parseWebhookEvent({ id: 'msg_9', timestamp: 0, body, secretIndex: 0 }, 'main');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(eventDedupKey(parsed.event)).toBe(eventDedupKey(emitted[0]!));
    expect(emitted[0]!.externalId).toBeUndefined();
  });
});
