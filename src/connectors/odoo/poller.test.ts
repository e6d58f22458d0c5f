import { describe, expect, it } from 'vitest';
import type { BridgeEvent } from '../../core/event.ts';
import type { IterateQuery, OdooClient, OdooRecord } from './client.ts';
import { createOdooPoller, memoryCheckpoint } from './poller.ts';

/** A client double whose table the test edits; iterate() honours the poller's `write_date >= since` leaf. */
function table() {
  const rows: (OdooRecord & { write_date: string; name: string })[] = [];
  const client = {
    async *iterate(_model: string, query: IterateQuery) {
      const leaf = query.domain?.[0] as [string, string, string];
      const since = leaf[2];
      const page = rows
        .filter((r) => r.write_date >= since)
        .sort((a, b) => (a.write_date === b.write_date ? a.id - b.id : a.write_date < b.write_date ? -1 : 1));
      for (const r of page) yield { ...r };
    },
  };
  return { rows, client: client as unknown as OdooClient };
}

describe('OdooPoller', () => {
  function setup() {
    const t = table();
    const checkpoint = memoryCheckpoint();
    const events: BridgeEvent[] = [];
    let fail = false;
    const poller = createOdooPoller({
      client: t.client,
      integrationId: 'main',
      model: 'sale.order',
      fields: ['name'],
      checkpoint,
      overlapMs: 10_000,
      startAt: '2026-11-25 10:00:00',
      onEvent: (e) => {
        if (fail) throw new Error('inbox down');
        events.push(e);
      },
    });
    return { ...t, checkpoint, events, poller, failNext: (v: boolean) => (fail = v) };
  }

  it('emits each change once and catches a transaction that committed late inside the overlap window', async () => {
    const s = setup();
    s.rows.push(
      { id: 1, name: 'A', write_date: '2026-11-25 10:00:05' },
      { id: 2, name: 'B', write_date: '2026-11-25 10:00:06' },
    );
    expect(await s.poller.pollOnce()).toMatchObject({ emitted: 2, cursor: '2026-11-25 10:00:06' });
    // stamped at 10:00:01 (its transaction started then) but visible only now: within the 10 s overlap
    s.rows.push({ id: 3, name: 'C', write_date: '2026-11-25 10:00:01' });
    const second = await s.poller.pollOnce();
    expect(second).toMatchObject({ emitted: 1, duplicates: 2 });
    expect(s.events.map((e) => e.entityId)).toEqual(['1', '2', '3']);
    expect(s.events[2]).toMatchObject({ type: 'sale.order.changed', occurredAt: '2026-11-25T10:00:01.000Z' });
  });

  it('keeps two changes within one second of write_date apart (the version holds a content hash)', async () => {
    const s = setup();
    s.rows.push({ id: 1, name: 'A', write_date: '2026-11-25 10:00:05' });
    await s.poller.pollOnce();
    s.rows[0]!.name = 'A2';
    expect((await s.poller.pollOnce()).emitted).toBe(1);
    expect(s.events[0]!.version).not.toBe(s.events[1]!.version);
  });

  it('does not move its cursor past a change it could not hand over', async () => {
    const s = setup();
    s.rows.push({ id: 1, name: 'A', write_date: '2026-11-25 10:00:05' });
    s.failNext(true);
    await expect(s.poller.pollOnce()).rejects.toThrow('inbox down');
    s.failNext(false);
    expect((await s.poller.pollOnce()).emitted).toBe(1);
    expect(JSON.parse(s.checkpoint.values.get('odoo:main:sale.order')!)).toMatchObject({
      writeDate: '2026-11-25 10:00:05',
    });
  });

  it('polls on its own every interval until stopped', async () => {
    const s = setup();
    s.poller.start(5);
    s.rows.push({ id: 9, name: 'Z', write_date: '2026-11-25 10:00:09' });
    for (let i = 0; i < 200 && s.events.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    await s.poller.stop();
    expect(s.events.map((e) => e.entityId)).toEqual(['9']);
  });
});
