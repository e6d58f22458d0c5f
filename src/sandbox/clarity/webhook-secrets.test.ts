import { describe, expect, it } from 'vitest';
import { WebhookSecrets } from './webhook-secrets.ts';

describe('webhook secrets', () => {
  it('keeps the rotated-out secret live for the overlap, newest first, then drops it', () => {
    let now = 1_000_000;
    const secrets = new WebhookSecrets(60_000, () => now);
    const first = secrets.create(1);
    expect(secrets.live(1)).toEqual([first]);
    const second = secrets.rotate(1);
    expect(second).toMatch(/^whsec_/);
    expect(secrets.live(1)).toEqual([second, first]);
    now += 60_001;
    expect(secrets.live(1)).toEqual([second]);
    secrets.delete(1);
    expect(secrets.live(1)).toEqual([]);
  });
});
