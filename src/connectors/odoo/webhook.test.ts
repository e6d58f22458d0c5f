import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { TransientError } from '../../core/errors.ts';
import type { BridgeEvent } from '../../core/event.ts';
import { createLogger } from '../../core/logger.ts';
import { Secret } from '../../core/secret.ts';
import {
  assertNotOlderThanHint,
  createOdooWebhookReceiver,
  isOdooHint,
  odooWebhookPath,
  redactWebhookPath,
  type OdooHint,
} from './webhook.ts';

const fixture = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/odoo17/23-webhook-base-automation.json', import.meta.url), 'utf8'),
) as {
  captured_webhook_requests: { body_raw: string }[];
};
const bodyRaw = fixture.captured_webhook_requests[0]!.body_raw;
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

describe('assertNotOlderThanHint', () => {
  const hint: OdooHint = {
    hint: true,
    model: 'stock.picking',
    id: 452,
    action: 'a',
    values: { state: 'done', sale_id: 7, name: 'WH/OUT/1' },
    receivedAt: '2026-11-25T08:33:27.000Z',
  };
  it('accepts a record that shows the hinted values', () => {
    expect(() =>
      assertNotOlderThanHint(hint, {
        id: 452,
        state: 'done',
        sale_id: [7, 'S1'],
        name: 'WH/OUT/1',
        write_date: '2026-11-25 08:33:26',
      }),
    ).not.toThrow();
  });
  it('asks for a retry when the read predates the hinted change (Odoo had not committed)', () => {
    expect(() =>
      assertNotOlderThanHint(hint, {
        id: 452,
        state: 'assigned',
        sale_id: [7, 'S1'],
        name: 'WH/OUT/1',
        write_date: '2026-11-25 08:30:00',
      }),
    ).toThrow(TransientError);
  });
  it('accepts a record changed again after the hint', () => {
    expect(() =>
      assertNotOlderThanHint(hint, { id: 452, state: 'cancel', write_date: '2026-11-25 08:34:00' }),
    ).not.toThrow();
  });
});
