import { describe, expect, it } from 'vitest';
import { CryptoBoxError, isSealedSecret, openSecret, sealSecret } from './crypto-box.ts';

const MASTER = 'a-master-key-of-enough-length-1234';
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('crypto box', () => {
  it('opens what it sealed, and the sealed text does not contain the secret', () => {
    const sealed = sealSecret(SECRET, MASTER, 'main:clarity.webhookSecret');
    expect(isSealedSecret(sealed)).toBe(true);
    expect(sealed.startsWith('cb1.')).toBe(true);
    expect(sealed).not.toContain('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    expect(openSecret(sealed, MASTER, 'main:clarity.webhookSecret')).toBe(SECRET);
  });

  it('gives a different ciphertext each time (fresh salt and iv)', () => {
    expect(sealSecret(SECRET, MASTER)).not.toBe(sealSecret(SECRET, MASTER));
  });

  it('refuses another master key, another context, and an altered ciphertext', () => {
    const sealed = sealSecret(SECRET, MASTER, 'main');
    expect(() => openSecret(sealed, `${MASTER}x`, 'main')).toThrow(/BRIDGE_MASTER_KEY differs/);
    expect(() => openSecret(sealed, MASTER, 'other')).toThrow(CryptoBoxError);
    const parts = sealed.split('.');
    const body = Buffer.from(parts[4]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[4] = body.toString('base64url');
    expect(() => openSecret(parts.join('.'), MASTER, 'main')).toThrow(CryptoBoxError);
  });

  it('refuses an unknown version and a short master key with a message that says how to fix it', () => {
    expect(() => openSecret('cb9.a.b.c.d', MASTER)).toThrow(/not a sealed secret of version cb1/);
    expect(() => sealSecret(SECRET, 'short')).toThrow(/openssl rand -base64 32/);
  });

  it('round-trips unicode and empty plaintexts', () => {
    for (const text of ['', 'é✓𝄞', 'x'.repeat(5000)]) expect(openSecret(sealSecret(text, MASTER), MASTER)).toBe(text);
  });
});
