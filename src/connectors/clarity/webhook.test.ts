import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Webhook as ReferenceWebhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../core/secret.ts';
import { parseWebhookEvent } from './webhook-event.ts';
import { signWebhook, WebhookVerifier, type VerifyResult } from './webhook.ts';

// The specification's test vector (CLARITY-API.md).
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const AT_VECTOR = () => VECTOR.timestamp * 1000;

function headers(id: string, timestamp: number | string, signature: string): Record<string, string> {
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signature };
}

function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

function expectRefused(result: VerifyResult, reason: string): void {
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.reason).toBe(reason);
}

describe('webhook signature verification', () => {
  it('signs and verifies the specification test vector', () => {
    expect(signWebhook(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
    const verifier = new WebhookVerifier({ secrets: [VECTOR.secret], now: AT_VECTOR });
    const result = verifier.verify(headers(VECTOR.id, VECTOR.timestamp, VECTOR.signature), Buffer.from(VECTOR.body));
    expect(result).toEqual({
      ok: true,
      message: { id: VECTOR.id, timestamp: VECTOR.timestamp, body: Buffer.from(VECTOR.body), secretIndex: 0 },
    });
  });

  it('accepts a secret given as a Secret and headers given as a fetch Headers object', () => {
    const verifier = new WebhookVerifier({ secrets: [new Secret(VECTOR.secret)], now: AT_VECTOR });
    const fetchHeaders = new Headers(headers(VECTOR.id, VECTOR.timestamp, VECTOR.signature));
    expect(verifier.verify(fetchHeaders, Buffer.from(VECTOR.body)).ok).toBe(true);
  });

  it('refuses a tampered body (one byte changed, or re-serialised JSON)', () => {
    const verifier = new WebhookVerifier({ secrets: [VECTOR.secret], now: AT_VECTOR });
    const h = headers(VECTOR.id, VECTOR.timestamp, VECTOR.signature);
    expectRefused(verifier.verify(h, Buffer.from('{"test": 2432232315}')), 'no_matching_signature');
    expectRefused(verifier.verify(h, Buffer.from(JSON.stringify(JSON.parse(VECTOR.body)))), 'no_matching_signature');
  });

  it('refuses a message signed with another secret', () => {
    const verifier = new WebhookVerifier({ secrets: [newSecret()], now: AT_VECTOR });
    expectRefused(
      verifier.verify(headers(VECTOR.id, VECTOR.timestamp, VECTOR.signature), Buffer.from(VECTOR.body)),
      'no_matching_signature',
    );
  });

  it('refuses timestamps more than 5 minutes old or ahead, accepts them at the edge', () => {
    const now = 1_700_000_000;
    const verifier = new WebhookVerifier({ secrets: [VECTOR.secret], now: () => now * 1000 });
    const at = (t: number) =>
      verifier.verify(headers('msg_1', t, signWebhook(VECTOR.secret, 'msg_1', t, 'x')), Buffer.from('x'));
    expect(at(now - 300).ok).toBe(true);
    expect(at(now + 300).ok).toBe(true);
    expectRefused(at(now - 301), 'timestamp_too_old');
    expectRefused(at(now + 301), 'timestamp_too_new');
    expectRefused(at(now - 86_400), 'timestamp_too_old');
  });

  it('refuses missing or malformed headers without throwing', () => {
    const verifier = new WebhookVerifier({ secrets: [VECTOR.secret], now: AT_VECTOR });
    const body = Buffer.from(VECTOR.body);
    const full = headers(VECTOR.id, VECTOR.timestamp, VECTOR.signature);
    for (const name of Object.keys(full)) {
      const partial: Record<string, string> = { ...full };
      delete partial[name];
      const result = verifier.verify(partial, body);
      expectRefused(result, 'missing_headers');
      if (!result.ok) expect(result.detail).toContain(name);
    }
    expectRefused(verifier.verify({}, body), 'missing_headers');
    expectRefused(verifier.verify({ ...full, 'webhook-timestamp': '1614265330.5' }, body), 'malformed_timestamp');
    expectRefused(verifier.verify({ ...full, 'webhook-timestamp': ' 1614265330' }, body), 'malformed_timestamp');
    expectRefused(verifier.verify({ ...full, 'webhook-signature': 'v2,abc' }, body), 'no_matching_signature');
    expectRefused(verifier.verify({ ...full, 'webhook-id': 'msg é' }, body), 'malformed_id');
    expectRefused(verifier.verify({ ...full, 'webhook-id': ['a', 'b'] }, body), 'missing_headers');
    expectRefused(verifier.verify(null as unknown as Record<string, string>, body), 'missing_headers');
    expectRefused(verifier.verify(full, 42 as unknown as Buffer), 'malformed_body');
  });

  it('finds headers whatever their case', () => {
    const verifier = new WebhookVerifier({ secrets: [VECTOR.secret], now: AT_VECTOR });
    const upper = {
      'Webhook-Id': VECTOR.id,
      'WEBHOOK-TIMESTAMP': String(VECTOR.timestamp),
      'Webhook-Signature': VECTOR.signature,
    };
    expect(verifier.verify(upper, Buffer.from(VECTOR.body)).ok).toBe(true);
  });

  it('handles rotation: several signatures in the header, several configured secrets', () => {
    const [old, fresh] = [newSecret(), newSecret()];
    const now = 1_700_000_000;
    const body = Buffer.from('{"type":"order.created"}');
    const both = `${signWebhook(old, 'msg_r', now, body)} ${signWebhook(fresh, 'msg_r', now, body)}`;
    // The store signs with both during its rotation; the bridge knows only the new one.
    expect(
      new WebhookVerifier({ secrets: [fresh], now: () => now * 1000 }).verify(headers('msg_r', now, both), body),
    ).toMatchObject({ ok: true });
    // The bridge holds both while the store still signs with the old one only.
    const result = new WebhookVerifier({ secrets: [fresh, old], now: () => now * 1000 }).verify(
      headers('msg_r', now, signWebhook(old, 'msg_r', now, body)),
      body,
    );
    expect(result).toMatchObject({ ok: true, message: { secretIndex: 1 } });
    // Unknown versions and garbage entries in the header are skipped, not fatal.
    const noisy = `v0,zzz garbage v1, ${signWebhook(fresh, 'msg_r', now, body)}`;
    expect(
      new WebhookVerifier({ secrets: [fresh], now: () => now * 1000 }).verify(headers('msg_r', now, noisy), body).ok,
    ).toBe(true);
  });

  it('refuses a malformed configured secret at construction, without echoing it', () => {
    expect(() => new WebhookVerifier({ secrets: ['whsec_not*base64!'] })).toThrow(/whsec_/);
    expect(() => new WebhookVerifier({ secrets: ['whsec_not*base64!'] })).not.toThrow(/not\*base64/);
    expect(() => new WebhookVerifier({ secrets: [] })).toThrow(/at least one/);
  });

  it('agrees with the reference standardwebhooks library on random messages', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.integer({ min: -400, max: 400 }),
        fc.constantFrom('none', 'body', 'signature', 'id'),
        (keyBytes, id, bodyText, skew, tamper) => {
          const secret = `whsec_${Buffer.from(keyBytes).toString('base64')}`;
          const reference = new ReferenceWebhook(secret);
          const nowMs = Date.now();
          const timestamp = Math.floor(nowMs / 1000) + skew;
          let signature = reference.sign(id, new Date(timestamp * 1000), bodyText);
          let body = bodyText;
          let sentId = id;
          if (tamper === 'body') body = `${bodyText}!`;
          if (tamper === 'signature') signature = `v1,${signature.slice(3, -2)}A=`;
          if (tamper === 'id') sentId = `${id}x`;
          const h = headers(sentId, timestamp, signature);
          let referenceOk = true;
          try {
            reference.verify(body, h, { jsonParse: false });
          } catch {
            referenceOk = false;
          }
          const ours = new WebhookVerifier({ secrets: [secret], now: () => nowMs }).verify(
            h,
            Buffer.from(body, 'utf8'),
          );
          expect(ours.ok).toBe(referenceOk);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('accepts a message exactly when nothing in it was mutated, and never throws (property, 10,000 cases)', () => {
    const now = 1_750_000_000;
    const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const message = fc.record({
      key: fc.uint8Array({ minLength: 16, maxLength: 48 }),
      id: fc.stringMatching(/^msg_[A-Za-z0-9]{4,30}$/),
      timestamp: fc.integer({ min: now - 299, max: now + 299 }),
      body: fc.uint8Array({ maxLength: 512 }),
    });
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
    const mutations = fc.record({
      id: maybe(fc.oneof(fc.string({ minLength: 1, maxLength: 3 }), fc.constant(''))),
      timestamp: maybe(
        fc.oneof(
          fc.integer({ min: -200, max: 200 }).filter((d) => d !== 0),
          fc.constant('x' as const),
        ),
      ),
      bodyByte: maybe(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 }))),
      signature: maybe(
        fc.tuple(fc.nat(), fc.integer({ min: 1, max: 63 }), fc.constantFrom('flip', 'drop', 'version', 'append')),
      ),
      secret: maybe(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 }))),
    });
    // About a third of the cases mutate nothing, so acceptance is exercised as much as refusal.
    const mutation = fc.oneof(
      { arbitrary: fc.constant({} as Partial<typeof mutations extends fc.Arbitrary<infer M> ? M : never>), weight: 1 },
      { arbitrary: mutations, weight: 2 },
    );
    let accepted = 0;
    fc.assert(
      fc.property(message, mutation, (m, mut) => {
        const secret = `whsec_${Buffer.from(m.key).toString('base64')}`;
        const body = Buffer.from(m.body);
        let signature = signWebhook(secret, m.id, m.timestamp, body);
        let { id } = m;
        let timestamp: string | number = m.timestamp;
        let verifierSecret = secret;
        if (mut.id !== undefined) id = mut.id === '' ? `${id}_` : `${id}${mut.id}`;
        if (mut.timestamp !== undefined)
          timestamp = mut.timestamp === 'x' ? `${m.timestamp}x` : m.timestamp + mut.timestamp;
        const sentBody = mutateBody(body, mut.bodyByte);
        if (mut.signature !== undefined) {
          const [at, shift, how] = mut.signature;
          const chars = signature.slice(3);
          const i = at % chars.length;
          if (how === 'flip') {
            const c = chars[i]!;
            const replaced = c === '=' ? 'A' : b64[(b64.indexOf(c) + shift) % 64]!;
            signature = `v1,${chars.slice(0, i)}${replaced}${chars.slice(i + 1)}`;
          } else if (how === 'drop') signature = `v1,${chars.slice(0, i)}${chars.slice(i + 1)}`;
          else if (how === 'version') signature = `v2,${chars}`;
          else signature = `v1,${chars}A`;
        }
        if (mut.secret !== undefined) {
          const key = Buffer.from(m.key);
          const [at, xor] = mut.secret;
          key[at % key.length] = key[at % key.length]! ^ xor;
          verifierSecret = `whsec_${key.toString('base64')}`;
        }
        const mutated = Object.values(mut).some((v) => v !== undefined);
        const verifier = new WebhookVerifier({ secrets: [verifierSecret], now: () => now * 1000 });
        let result: VerifyResult;
        expect(() => {
          result = verifier.verify(headers(id, timestamp, signature), sentBody);
        }).not.toThrow();
        expect(result!.ok).toBe(!mutated);
        if (result!.ok) accepted += 1;
      }),
      { numRuns: 10_000 },
    );
    expect(accepted).toBeGreaterThan(1_000);
  });
});

/** The body with one byte xor-ed (or, when empty, one byte appended): always different from the original. */
function mutateBody(body: Buffer, change: [number, number] | undefined): Buffer {
  if (change === undefined) return body;
  if (body.length === 0) return Buffer.from([change[1]]);
  const copy = Buffer.from(body);
  const i = change[0] % copy.length;
  copy[i] = copy[i]! ^ change[1];
  return copy;
}

describe('webhook body → bridge event', () => {
  const order = {
    ID: 7,
    CustomKey: 'SO-1001',
    Active: true,
    CreatedDate: '2026-01-01T10:00:00Z',
    UpdatedDate: '2026-01-01T10:05:00.123Z',
    StatusKey: 'Pending',
  };

  it('takes the entity from the type, the order number as id, UpdatedDate+hash as version and the webhook-id as external id', () => {
    const body = Buffer.from(
      JSON.stringify({ id: 'evt_1', type: 'order.created', occurredAt: '2026-01-01T10:05:01Z', data: order }),
    );
    const result = parseWebhookEvent({ id: 'msg_1', timestamp: 1, body, secretIndex: 0 }, 'main');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.event).toMatchObject({
      integrationId: 'main',
      source: 'clarity',
      type: 'order.created',
      entity: 'order',
      entityId: 'SO-1001',
      externalId: 'msg_1',
      occurredAt: '2026-01-01T10:05:01.000Z',
    });
    expect(result.event.version).toMatch(/^2026-01-01T10:05:00\.123Z#[0-9a-f]{12}$/);
  });

  it('uses the record ID for customers and returns', () => {
    const body = Buffer.from(
      JSON.stringify({
        id: 'evt_2',
        type: 'customer.updated',
        occurredAt: '2026-01-01T10:05:01Z',
        data: { ...order, ID: 42, CustomKey: 'C-1' },
      }),
    );
    const result = parseWebhookEvent({ id: 'msg_2', timestamp: 1, body, secretIndex: 0 }, 'main');
    expect(result.ok && result.event.entityId).toBe('42');
  });

  it('refuses bodies it cannot read, with a reason, without throwing', () => {
    const parse = (text: string) =>
      parseWebhookEvent({ id: 'm', timestamp: 1, body: Buffer.from(text), secretIndex: 0 }, 'main');
    expect(parse('not json')).toMatchObject({ ok: false, reason: 'not_json' });
    expect(parse('[]')).toMatchObject({ ok: false, reason: 'bad_envelope' });
    expect(parse(JSON.stringify({ type: 'invoice.paid', data: order }))).toMatchObject({
      ok: false,
      reason: 'unknown_entity',
    });
    expect(parse(JSON.stringify({ type: 'order.updated', data: { ID: 1 } }))).toMatchObject({
      ok: false,
      reason: 'bad_record',
    });
  });
});
