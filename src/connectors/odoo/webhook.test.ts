import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { BridgeEvent } from '../../core/event.ts';
import { createLogger } from '../../core/logger.ts';
import { Secret } from '../../core/secret.ts';
import { isOlderVersion, normalizeStamp, recordVersion, versionStamp } from '../../core/ids.ts';
import { createOdooWebhookReceiver, hintVersion, isOdooHint, odooWebhookPath, redactWebhookPath } from './webhook.ts';

const fixture = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/odoo17/23-webhook-base-automation.json', import.meta.url), 'utf8'),
) as {
  captured_webhook_requests: { body_raw: string }[];
};
const bodyRaw = fixture.captured_webhook_requests[0]!.body_raw;

/** Fixture 25: what a real Odoo 17 posted when a delivery was validated, and the picking read once committed. */
const validated = (
  JSON.parse(
    readFileSync(new URL('../../../test/fixtures/odoo17/25-webhook-previous-write-date.json', import.meta.url), 'utf8'),
  ) as {
    picking_runs: {
      captured_webhook_request: { received_at: string; body_raw: string };
      commit_visible: { record: Record<string, unknown> & { write_date: string } };
    }[];
  }
).picking_runs;
const TOKEN = 'odoo-hook-token-4f9a1c2b7e';

function setup() {
  const lines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    pretty: false,
    destination: new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }),
  });
  const events: BridgeEvent[] = [];
  const receiver = createOdooWebhookReceiver({
    integrationId: 'main',
    token: new Secret(TOKEN),
    onEvent: (e) => void events.push(e),
    logger,
    clock: { now: () => Date.parse('2026-11-25T08:33:27Z'), sleep: async () => {} },
  });
  return { receiver, events, lines };
}

describe('Odoo webhook receiver', () => {
  it('turns the POST Odoo sent (fixture 23) into a hint event', async () => {
    const { receiver, events } = setup();
    const answer = await receiver.receive(TOKEN, bodyRaw);
    expect(answer.status).toBe(202);
    expect(events).toHaveLength(1);
    const event = events[0]!;
    expect(event).toMatchObject({
      integrationId: 'main',
      source: 'odoo',
      type: 'stock.picking.changed',
      entity: 'stock.picking',
      entityId: '452',
    });
    expect(isOdooHint(event.payload)).toBe(true);
    expect(event.payload).toMatchObject({
      model: 'stock.picking',
      id: 452,
      action: 'Bridge webhook: picking done(#430)',
      values: { state: 'done', carrier_tracking_ref: '1Z888' },
    });
  });

  it('refuses a wrong token and never logs the token', async () => {
    const { receiver, events, lines } = setup();
    expect((await receiver.receive('wrong', bodyRaw)).status).toBe(401);
    expect((await receiver.receive(`${TOKEN}x`, bodyRaw)).status).toBe(401);
    expect(events).toHaveLength(0);
    await receiver.receive(TOKEN, bodyRaw);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('')).not.toContain(TOKEN);
  });

  it('refuses a body that is not an Odoo webhook', async () => {
    const { receiver } = setup();
    expect((await receiver.receive(TOKEN, 'not json')).status).toBe(400);
    expect((await receiver.receive(TOKEN, { hello: 1 })).status).toBe(400);
  });

  it('puts the token in the path and masks it for logs', () => {
    const path = odooWebhookPath('main', TOKEN);
    expect(path).toBe(`/webhooks/odoo/main/${TOKEN}`);
    expect(redactWebhookPath(`https://b.example.com${path}?x=1`)).toBe(
      'https://b.example.com/webhooks/odoo/main/********?x=1',
    );
  });
});

describe('a hint event, where the POST carries the previous write_date (fixture 25)', () => {
  it("takes its place in the lane when it arrives, and never makes the poller's event of the same change stale", async () => {
    for (const run of validated) {
      const events: BridgeEvent[] = [];
      const receivedAt = Date.parse(run.captured_webhook_request.received_at);
      const receiver = createOdooWebhookReceiver({
        integrationId: 'main',
        token: new Secret(TOKEN),
        onEvent: (e) => void events.push(e),
        clock: { now: () => receivedAt, sleep: async () => {} },
      });
      await receiver.receive(TOKEN, run.captured_webhook_request.body_raw);
      const [hint] = events;
      // the change happened by the time Odoo posted, not at the picking's previous write
      expect(hint!.occurredAt).toBe(run.captured_webhook_request.received_at);
      const committed = run.commit_visible.record;
      const polled = recordVersion(committed.write_date, committed);
      // the poller's version of the validation is never older than the hint's (a job that applied the hint would
      // otherwise make the poller's job done/stale), even when both fall within one second (µs in the POST)
      expect(isOlderVersion(polled, hint!.version)).toBe(false);
      const posted = JSON.parse(run.captured_webhook_request.body_raw) as { write_date: string };
      expect(versionStamp(hint!.version)).toBe(normalizeStamp(posted.write_date.slice(0, 19)));
    }
  });

  it('claims no version without write_date, and keeps two such hints apart', () => {
    const hint = { hint: true as const, model: 'stock.picking', id: 7, action: 'a', values: { state: 'done' } };
    const first = hintVersion({ ...hint, receivedAt: '2026-12-07T07:56:02.000Z' });
    const second = hintVersion({ ...hint, receivedAt: '2026-12-07T07:59:02.000Z' });
    expect(first).not.toBe(second);
    expect(isOlderVersion(recordVersion('2000-01-01 00:00:00', {}), first)).toBe(false);
  });
});
