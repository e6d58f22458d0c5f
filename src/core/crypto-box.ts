// Encryption of secrets the bridge keeps in its store (a webhook signing secret), with BRIDGE_MASTER_KEY.
//
// Format (v1): `cb1.<salt>.<iv>.<tag>.<ciphertext>`, each part base64url. AES-256-GCM; the key is derived from the
// master key with scrypt (N=2^14, r=8, p=1) over a random 16-byte salt per ciphertext, so a weak master key is still
// costly to guess and no two ciphertexts share a key. An optional context (e.g. `main:clarity.webhookSecret`) is bound
// as associated data: a ciphertext copied to another row does not open. The version prefix lets a later scheme coexist.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

const VERSION = 'cb1';
const SCRYPT = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

/** The master key must be at least this long (e.g. `openssl rand -base64 32`). */
export const MIN_MASTER_KEY_LENGTH = 16;

export class CryptoBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CryptoBoxError';
  }
}

function deriveKey(masterKey: string, salt: Buffer): Buffer {
  if (masterKey.length < MIN_MASTER_KEY_LENGTH) {
    throw new CryptoBoxError(
      `BRIDGE_MASTER_KEY must be at least ${MIN_MASTER_KEY_LENGTH} characters (generate one with: openssl rand -base64 32)`,
    );
  }
  return scryptSync(masterKey, salt, 32, SCRYPT);
}

/** Encrypts `plaintext`; the result is a printable versioned string safe to store. */
export function sealSecret(plaintext: string, masterKey: string, context = ''): string {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(masterKey, salt), iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, salt, iv, cipher.getAuthTag(), ciphertext]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** Decrypts what `sealSecret` produced with the same master key and context; throws CryptoBoxError otherwise. */
export function openSecret(sealed: string, masterKey: string, context = ''): string {
  const parts = sealed.split('.');
  if (parts[0] !== VERSION || parts.length !== 5) {
    throw new CryptoBoxError(
      `not a sealed secret of version ${VERSION} (expected ${VERSION}.<salt>.<iv>.<tag>.<ciphertext>)`,
    );
  }
  const [salt, iv, tag, ciphertext] = parts.slice(1).map((p) => Buffer.from(p, 'base64url')) as [
    Buffer,
    Buffer,
    Buffer,
    Buffer,
  ];
  if (salt.length !== 16 || iv.length !== 12 || tag.length !== 16)
    throw new CryptoBoxError('the sealed secret is damaged (a part has the wrong length)');
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(masterKey, salt), iv);
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new CryptoBoxError(
      'the sealed secret does not open: BRIDGE_MASTER_KEY differs from the one that sealed it, or the value was altered',
    );
  }
}

/** True when `value` looks like a sealed secret (of any version this module knows). */
export function isSealedSecret(value: string): boolean {
  return value.startsWith(`${VERSION}.`);
}
