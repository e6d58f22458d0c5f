// Webhooks from the Clarity sandbox into the connector, over real HTTP: `subscribeWebhooks` registers a receiver and
// seals the secret; the sandbox's signed deliveries verify; its retries stop once the receiver answers 2xx; a poll of
// the same record states gives the same event identities.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClarityClient } from '../../src/connectors/clarity/client.ts';
import { ClarityPoller } from '../../src/connectors/clarity/poller.ts';
import { subscribeWebhooks, webhookSecretContext } from '../../src/connectors/clarity/subscribe.ts';
import { parseWebhookEvent } from '../../src/connectors/clarity/webhook-event.ts';
import { WebhookVerifier, type VerifyResult } from '../../src/connectors/clarity/webhook.ts';
import { openSecret } from '../../src/core/crypto-box.ts';
import type { BridgeEvent } from '../../src/core/event.ts';
import { eventDedupKey } from '../../src/core/ids.ts';
import { Secret } from '../../src/core/secret.ts';
import { startClaritySandbox } from '../../src/sandbox/clarity/index.ts';

const MASTER_KEY = 'test-master-key-0123456789abcdef';

interface Delivery {
  headers: IncomingHttpHeaders;
  body: Buffer;
  verified: VerifyResult;
  answered: number;
}

/** A receiver that verifies every delivery and fails the first `failFirst` attempts of each webhook-id. */
class Receiver {
  readonly deliveries: Delivery[] = [];
  verifier: WebhookVerifier | undefined;
  failFirst = 0;
  private readonly attempts = new Map<string, number>();
  readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const id = String(req.headers['webhook-id']);
      const seen = (this.attempts.get(id) ?? 0) + 1;
      this.attempts.set(id, seen);
      const verified: VerifyResult = this.verifier
        ? this.verifier.verify(req.headers, body)
        : { ok: false, reason: 'no_matching_signature', detail: 'no verifier yet' };
      const answered = !verified.ok ? 401 : seen <= this.failFirst ? 500 : 204;
      this.deliveries.push({ headers: req.headers, body, verified, answered });
      res.statusCode = answered;
      res.end();
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  attemptsOf(id: string): number {
    return this.attempts.get(id) ?? 0;
  }
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('clarity webhooks from the sandbox', () => {
  let sandbox: Awaited<ReturnType<typeof startClaritySandbox>>;
  let client: ClarityClient;
  const receiver = new Receiver();
  const saved = new Map<string, string>();
  let publicUrl: string;

  beforeAll(async () => {
    sandbox = await startClaritySandbox({ port: 0, webhookTimeScale: 1000 });
    client = new ClarityClient({
      baseUrl: sandbox.url,
      clientId: sandbox.clientId,
      clientSecret: new Secret(sandbox.clientSecret),
    });
    publicUrl = await receiver.listen();
  });
  afterAll(async () => {
    await client.close();
    await sandbox.close();
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  it('subscribes the bridge URL and keeps the returned secret only in sealed form', async () => {
    const result = await subscribeWebhooks(
      client,
      { integrationId: 'main', publicUrl: `${publicUrl}/`, masterKey: MASTER_KEY },
      {
        saveSecret: async (integrationId, name, ciphertext) => void saved.set(`${integrationId}/${name}`, ciphertext),
      },
    );
    expect(result.url).toBe(`${publicUrl}/webhooks/clarity/main`);
    expect(result.events).toContain('order.created');
    const sealed = saved.get(`main/${result.secretName}`)!;
    expect(sealed).toMatch(/^cb1\./);
    const secret = openSecret(sealed, MASTER_KEY, webhookSecretContext('main', result.secretName));
    expect(secret).toMatch(/^whsec_/);
    expect(sealed).not.toContain(secret.slice(6));
    receiver.verifier = new WebhookVerifier({ secrets: [secret] });

    // Subscribing again replaces the older subscription to the same URL instead of piling up deliveries.
    const again = await subscribeWebhooks(
      client,
      { integrationId: 'main', publicUrl, masterKey: MASTER_KEY, rotation: 'second' },
      {
        saveSecret: async (integrationId, name, ciphertext) => void saved.set(`${integrationId}/${name}`, ciphertext),
      },
    );
    expect(again.replaced).toEqual([result.subscriptionId]);
    const secondSecret = openSecret(
      saved.get(`main/${again.secretName}`)!,
      MASTER_KEY,
      webhookSecretContext('main', again.secretName),
    );
    receiver.verifier = new WebhookVerifier({ secrets: [secondSecret, secret] });
    const live = (await client.webhooks.list()).filter((w) => w.Url === again.url);
    expect(live.map((w) => w.ID)).toEqual([again.subscriptionId]);
  });

  it('verifies every signed delivery, and the store stops retrying once the receiver answers 2xx', async () => {
    receiver.failFirst = 2;
    await sandbox.placeOrders(5);
    // Each message: two refusals (500), then 204 on the third attempt.
    await until(() => receiver.deliveries.filter((d) => d.answered === 204).length >= 5);
    const ids = [...new Set(receiver.deliveries.map((d) => String(d.headers['webhook-id'])))];
    await until(() => ids.every((id) => receiver.attemptsOf(id) >= 3));
    // Time for several more compressed retry intervals: nobody is retried after its 2xx.
    await new Promise((resolve) => setTimeout(resolve, 800));
    for (const id of ids) expect(receiver.attemptsOf(id)).toBe(3);
    expect(receiver.deliveries.every((d) => d.verified.ok)).toBe(true);
    const orderIds = receiver.deliveries.filter(
      (d) => d.verified.ok && JSON.parse(d.body.toString()).type === 'order.created',
    );
    expect(new Set(orderIds.map((d) => String(d.headers['webhook-id']))).size).toBe(5);
  });

  it('refuses a delivery whose body was altered on the way', () => {
    const delivery = receiver.deliveries.find((d) => d.verified.ok && d.body.includes('"order.created"'))!;
    const altered = Buffer.from(delivery.body.toString().replace('"Pending"', '"Shipped"'));
    expect(altered.equals(delivery.body)).toBe(false);
    expect(receiver.verifier!.verify(delivery.headers, altered)).toMatchObject({
      ok: false,
      reason: 'no_matching_signature',
    });
    // Even a change that leaves the JSON equal (a trailing space) is refused: the raw bytes are what was signed.
    expect(receiver.verifier!.verify(delivery.headers, Buffer.concat([delivery.body, Buffer.from(' ')])).ok).toBe(
      false,
    );
    expect(receiver.verifier!.verify(delivery.headers, delivery.body).ok).toBe(true);
  });

  it('keeps verifying through a secret rotation in the store, and gives duplicates one identity', async () => {
    const subscription = (await client.webhooks.list()).find((w) => w.Url.startsWith(publicUrl))!;
    const before = receiver.deliveries.length;
    const oldVerifier = receiver.verifier!;
    const rotated = sandbox.rotateWebhookSecret(subscription.ID);
    receiver.failFirst = 0;
    sandbox.setSwitches({ duplicateRate: 1 });
    try {
      await sandbox.placeOrders(1);
      await until(
        () => receiver.deliveries.slice(before).filter((d) => d.body.includes('"order.created"')).length >= 2,
      );
    } finally {
      sandbox.setSwitches({ duplicateRate: 0 });
    }
    const fresh = receiver.deliveries.slice(before).filter((d) => d.body.includes('"order.created"'));
    // During the overlap the store signs with both secrets: the old verifier and a new-secret-only verifier both accept.
    expect(String(fresh[0]!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(fresh.every((d) => d.verified.ok)).toBe(true);
    const newOnly = new WebhookVerifier({ secrets: [rotated] });
    expect(newOnly.verify(fresh[0]!.headers, fresh[0]!.body).ok).toBe(true);
    expect(oldVerifier.verify(fresh[0]!.headers, fresh[0]!.body).ok).toBe(true);
    // The duplicate carries the same webhook-id and maps to the same event identity.
    const events = fresh.map((d) => (d.verified.ok ? parseWebhookEvent(d.verified.message, 'main') : undefined));
    const keys = events.map((e) => (e?.ok ? `${eventDedupKey(e.event)} ${e.event.externalId}` : 'unparsed'));
    expect(new Set(keys).size).toBe(1);
  });

  it('gives a polled record state the identity its webhook got', async () => {
    const fromWebhooks = new Map<string, BridgeEvent>();
    for (const d of receiver.deliveries) {
      if (!d.verified.ok) continue;
      const parsed = parseWebhookEvent(d.verified.message, 'main');
      expect(parsed.ok).toBe(true);
      if (parsed.ok && parsed.event.entity === 'order') fromWebhooks.set(parsed.event.entityId, parsed.event);
    }
    expect(fromWebhooks.size).toBe(6);
    const polled: BridgeEvent[] = [];
    const cursors = new Map<string, string>();
    const poller = new ClarityPoller({
      client,
      integrationId: 'main',
      resources: ['orders'],
      checkpoints: { get: async (k) => cursors.get(k), set: async (k, v) => void cursors.set(k, v) },
      emit: async (events) => void polled.push(...events),
    });
    await poller.pollOnce();
    for (const [entityId, webhookEvent] of fromWebhooks) {
      const poll = polled.find((e) => e.entityId === entityId);
      expect(poll).toBeDefined();
      expect(eventDedupKey(poll!)).toBe(eventDedupKey(webhookEvent));
    }
  });
});
