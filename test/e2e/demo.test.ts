// The guided demo as a newcomer runs it (`npm run demo`), without a terminal: within 75 seconds at least ten orders
// are placed and at least five shipped back, each in Odoo exactly once, and the output says what happened.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBridge } from '../support/cli.ts';

describe('bridge demo', () => {
  it('shows orders placed, put in Odoo and shipped back, with the sandboxes’ addresses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bridge-demo-'));
    const result = await runBridge(['demo', '--seconds', '60', '--data-dir', dir, '--json'], {
      cwd: dir,
      timeoutMs: 120_000,
    });
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout.slice(result.stdout.lastIndexOf('{'))) as {
      placed: number;
      inOdoo: number;
      shipped: number;
      duplicatesInOdoo: number;
    };
    expect(summary.placed).toBeGreaterThanOrEqual(10);
    expect(summary.shipped).toBeGreaterThanOrEqual(5);
    expect(summary.duplicatesInOdoo).toBe(0);
    expect(result.stdout).toMatch(/Clarity store {2}http:\/\/127\.0\.0\.1:\d+/);
    expect(result.stdout).toMatch(/Odoo {11}http:\/\/127\.0\.0\.1:\d+/);
    expect(result.stdout).toMatch(/in Odoo {4}CL-\d+ {2}as S\d+/);
    expect(result.stdout).toMatch(/shipped {4}CL-\d+ {2}tracking 1Z\d+/);
  }, 150_000);
});
