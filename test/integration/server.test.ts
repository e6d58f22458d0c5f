// The ingest server: signed Clarity webhooks and Odoo automation POSTs stored once and answered before any flow
// work; refusals store nothing; health, readiness and metrics.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.ts';
import { createBridge, type Bridge } from '../../src/bridge.ts';
import { createLogger } from '../../src/core/logger.ts';
import { subscribeWebhooks } from '../../src/connectors/clarity/subscribe.ts';
import { signWebhook } from '../../src/connectors/clarity/webhook.ts';
import { startClaritySandbox, type ClaritySandbox } from '../../src/sandbox/clarity/index.ts';
import { FAST } from '../support/engine.ts';
import { makeTestStore, waitUntil, type TestStore } from '../support/stores.ts';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ODOO_TOKEN = 'odoo-hook-token-31337';
const MASTER_KEY = 'test-master-key-0123456789';

let t: TestStore;
let sandbox: ClaritySandbox;
let bridge: Bridge;
let logs = '';

function signed(
  body: string,
  id = `msg_${Math.random().toString(36).slice(2)}`,
  timestamp = Math.floor(Date.now() / 1000),
) {
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signWebhook(SECRET, id, timestamp, body),
    },
    body,
  };
}

function orderEvent(key: string, updated = '2026-11-25T10:00:00.000Z') {
  return JSON.stringify({
    id: `evt_${key}`,
    type: 'order.created',
    occurredAt: updated,
    data: { ID: 1, CustomKey: key, UpdatedDate: updated, StatusKey: 'Pending' },
  });
}

beforeAll(async () => {
  process.env.BRIDGE_MASTER_KEY = MASTER_KEY;
  t = await makeTestStore('sqlite');
  sandbox = await startClaritySandbox({ port: 0, webhookTimeScale: 1000 });
  const config = parseConfig(
    {
      server: { host: '127.0.0.1', port: 0 },
      engine: FAST,
      integrations: [
        {
          id: 'main',
          odoo: { url: 'http://127.0.0.1:9', db: 'x', login: 'bot', apiKey: 'k-1234', webhookToken: ODOO_TOKEN },
          clarity: {
            url: sandbox.url,
            clientId: sandbox.clientId,
            clientSecret: sandbox.clientSecret,
            webhookSecrets: [SECRET],
          },
        },
      ],
    },
    { source: 'test' },
  );
  const destination = new Writable({ write: (chunk, _e, done) => ((logs += chunk.toString()), done()) });
  bridge = await createBridge(config, {
    logger: createLogger({ level: 'debug', destination, pretty: false }),
    store: t.store,
    flows: [],
  });
  await bridge.start({ worker: false });
});

afterAll(async () => {
  await bridge.stop(500);
  await sandbox.close();
  await t.cleanup();
});

describe('POST /webhooks/clarity/:integration', () => {
  it('stores a signed event once and answers a redelivery 2xx as a duplicate', async () => {
    const request = signed(orderEvent('1001'), 'msg_one');
    const first = await fetch(`${bridge.url}/webhooks/clarity/main`, request);
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({ status: 'recorded' });
    const again = await fetch(`${bridge.url}/webhooks/clarity/main`, request);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'duplicate' });
    const events = await bridge.engine.repos.events.list({ entityId: '1001' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      source: 'clarity',
      type: 'order.created',
      entity: 'order',
      externalId: 'msg_one',
      duplicates: 1,
    });
  });

  it('refuses a tampered body, a wrong secret and a stale timestamp with 401, storing nothing', async () => {
    const good = signed(orderEvent('2002'));
    const tampered = { ...good, body: good.body.replace('Pending', 'Shipped') };
    const stale = signed(orderEvent('2002'), 'msg_stale', Math.floor(Date.now() / 1000) - 3600);
    const wrongSecret = {
      ...good,
      headers: {
        ...good.headers,
        'webhook-signature': signWebhook(
          'whsec_' + Buffer.from('another key entirely').toString('base64'),
          good.headers['webhook-id'],
          good.headers['webhook-timestamp'],
          good.body,
        ),
      },
    };
    for (const request of [tampered, stale, wrongSecret]) {
      const answer = await fetch(`${bridge.url}/webhooks/clarity/main`, request);
      expect(answer.status).toBe(401);
    }
    expect(await bridge.engine.repos.events.list({ entityId: '2002' })).toEqual([]);
  });

  it('takes a signed but unreadable body (no retries that could disable the subscription) and raises an alert', async () => {
    const answer = await fetch(
      `${bridge.url}/webhooks/clarity/main`,
      signed('{"id":"evt_x","type":"order.created"}', 'msg_unreadable'),
    );
    expect(answer.status).toBe(202);
    expect(await answer.json()).toMatchObject({ status: 'refused', reason: 'bad_envelope' });
    const alerts = await bridge.engine.repos.alerts.list({ open: true });
    expect(alerts.find((a) => a.kind === 'ingest')).toMatchObject({
      connector: 'clarity',
      details: { webhookId: 'msg_unreadable' },
    });
  });

  it('refuses an unknown integration (404) and a body over 1 MiB (413)', async () => {
    expect((await fetch(`${bridge.url}/webhooks/clarity/nope`, signed(orderEvent('3003')))).status).toBe(404);
    const huge = JSON.stringify({
      id: 'evt_big',
      type: 'order.created',
      occurredAt: '2026-11-25T10:00:00Z',
      data: { CustomKey: 'big', UpdatedDate: '2026-11-25T10:00:00Z', Notes: 'x'.repeat(1024 * 1024) },
    });
    expect((await fetch(`${bridge.url}/webhooks/clarity/main`, signed(huge))).status).toBe(413);
  });

  it("takes in the sandbox store's own deliveries once the bridge is subscribed", async () => {
    const client = bridge.integrations.get('main')!.clarity;
    await subscribeWebhooks(
      client,
      { integrationId: 'main', publicUrl: bridge.url!, masterKey: MASTER_KEY, events: ['order.created'] },
      { saveSecret: (i, n, c) => bridge.engine.repos.secrets.save(i, n, c) },
    );
    const orders = await sandbox.placeOrders(3);
    for (const order of orders)
      await waitUntil(
        async () => (await bridge.engine.repos.events.list({ entityId: order.CustomKey })).length === 1,
        10_000,
        `order ${order.CustomKey} received`,
      );
  });
});

describe('POST /webhooks/odoo/:integration/:token', () => {
  const body = JSON.stringify({
    _action: 'Send Webhook Notification(#12)',
    _id: 452,
    _model: 'stock.picking',
    carrier_tracking_ref: '1Z888',
    id: 452,
    name: 'WH/OUT/00434',
    origin: 'S00464',
    state: 'done',
  });

  it('stores the hint with the right token, refuses a wrong one, and never logs the token', async () => {
    const wrong = await fetch(`${bridge.url}/webhooks/odoo/main/not-the-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${bridge.url}/webhooks/odoo/main/${ODOO_TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(right.status).toBe(202);
    const [event] = await bridge.engine.repos.events.list({ entity: 'stock.picking', entityId: '452' });
    expect(event).toMatchObject({ source: 'odoo', type: 'stock.picking.changed' });
    expect(logs).not.toContain(ODOO_TOKEN);
  });
});

describe('health, readiness, metrics', () => {
  it('answers /healthz with each connector state and /readyz when the store answers', async () => {
    await bridge.engine.queue.pauseConnector('main', 'odoo', 'Access Denied', false);
    const health = (await (await fetch(`${bridge.url}/healthz`)).json()) as {
      integrations: { connectors: Record<string, { state: string }> }[];
    };
    expect(health.integrations[0]!.connectors).toMatchObject({
      odoo: { state: 'paused' },
      clarity: { state: 'active' },
    });
    // A paused connector must not stop the bridge from taking events in.
    expect((await fetch(`${bridge.url}/readyz`)).status).toBe(200);
    await bridge.engine.queue.resumeConnector('main', 'odoo');
  });

  it('exposes events in, jobs and queue depth in the Prometheus format', async () => {
    const text = await (await fetch(`${bridge.url}/metrics`)).text();
    expect(text).toMatch(/bridge_events_in_total\{source="clarity",type="order.created",outcome="recorded"\} \d+/);
    expect(text).toMatch(/bridge_events_in_total\{source="clarity",type="order.created",outcome="duplicate"\} 1/);
    expect(text).toContain('# TYPE bridge_queue_depth gauge');
    expect(text).toContain('bridge_oldest_pending_job_age_seconds');
    expect(text).toMatch(
      /bridge_connector_call_seconds_count\{connector="clarity",operation="POST \/api\/v1\/webhooks"\} \d+/,
    );
  });
});
