import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signatureHeader, signWebhook, webhookHeaders } from './webhook-signer.ts';

describe('webhook signer', () => {
  it('matches the Standard Webhooks specification test vector', () => {
    const signature = signWebhook(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      1614265330,
      '{"test": 2432232314}',
    );
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('lists one signature per live secret, separated by spaces', () => {
    const header = signatureHeader([newWebhookSecret(), newWebhookSecret()], 'msg_1', 1700000000, '{}');
    const parts = header.split(' ');
    expect(parts).toHaveLength(2);
    for (const part of parts) expect(part).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(parts[0]).not.toBe(parts[1]);
  });

  it('is accepted by the reference library with either live secret', () => {
    const [oldSecret, newSecret] = [newWebhookSecret(), newWebhookSecret()];
    const body = JSON.stringify({ id: 'evt_1', type: 'order.created', data: { CustomKey: 'Zoë–1' } });
    const headers = webhookHeaders([newSecret, oldSecret], 'msg_abc', Math.floor(Date.now() / 1000), body);
    expect(new Webhook(newSecret).verify(body, headers)).toMatchObject({ id: 'evt_1' });
    expect(new Webhook(oldSecret).verify(body, headers)).toMatchObject({ id: 'evt_1' });
    expect(() => new Webhook(newWebhookSecret()).verify(body, headers)).toThrow();
  });
});
