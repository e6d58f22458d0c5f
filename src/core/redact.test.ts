import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { redact } from './redact.ts';
import { Secret, registerSecretValue } from './secret.ts';

describe('redact', () => {
  it('masks secret-named keys at any depth and known secret values anywhere', () => {
    registerSecretValue('tok_live_abcdef');
    const out = redact({
      odoo: { apiKey: 'k-123', db: 'prod' },
      headers: { Authorization: 'Bearer x' },
      note: 'sent tok_live_abcdef to the store',
      list: [{ password: 'p' }],
    });
    expect(out).toEqual({
      odoo: { apiKey: '********', db: 'prod' },
      headers: { Authorization: '********' },
      note: 'sent ******** to the store',
      list: [{ password: '********' }],
    });
  });

  it('keeps harmless look-alikes (token_type, expires_in) readable', () => {
    expect(redact({ token_type: 'Bearer', expires_in: 3600 })).toEqual({ token_type: 'Bearer', expires_in: 3600 });
  });
});

describe('Secret', () => {
  it('shows a mask when printed, logged or JSON-encoded, and the value only when revealed', () => {
    const secret = new Secret('s3cr3t-value');
    expect(String(secret)).toBe('********');
    expect(JSON.stringify({ secret })).toBe('{"secret":"********"}');
    expect(secret.reveal()).toBe('s3cr3t-value');
  });
});

describe('logger', () => {
  it('writes JSON lines with secrets redacted by key name and by value', () => {
    let text = '';
    const destination = new Writable({ write: (chunk, _e, done) => ((text += chunk.toString()), done()) });
    const secret = new Secret('odoo-api-key-987');
    secret.reveal();
    const logger = createLogger({ destination, pretty: false });
    logger.info({ clientSecret: 'abc', url: 'https://erp/?key=odoo-api-key-987' }, 'calling with odoo-api-key-987');
    const line = JSON.parse(text.trim()) as Record<string, unknown>;
    expect(line.clientSecret).toBe('********');
    expect(line.url).toBe('https://erp/?key=********');
    expect(line.msg).toBe('calling with ********');
  });
});
