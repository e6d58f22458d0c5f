import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from './load.ts';

const integration = {
  id: 'main',
  odoo: { url: 'https://erp.example.com', db: 'prod', login: 'bot', apiKey: { env: 'ODOO_API_KEY' } },
  clarity: { url: 'https://shop.example.com', clientId: 'bridge', clientSecret: { file: 'clarity.secret' } },
};

describe('config', () => {
  it('fills DESIGN.md defaults and resolves secrets from the environment and from files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bridge-config-'));
    writeFileSync(join(dir, 'clarity.secret'), 'from-a-file\n');
    writeFileSync(join(dir, 'bridge.config.yaml'), `integrations:\n  - ${JSON.stringify(integration)}\n`);
    const config = loadConfig({ cwd: dir, env: { ODOO_API_KEY: 'from-env' } });
    expect(config.store.url).toBe('sqlite:./data/bridge.db');
    expect(config.engine).toMatchObject({ attempts: 12, backoffBaseMs: 1000, backoffMaxMs: 900_000, leaseMs: 60_000 });
    expect(config.integrations[0]!.odoo).toMatchObject({
      transport: 'auto',
      pollIntervalMs: 15_000,
      pollOverlapMs: 10_000,
    });
    expect(config.integrations[0]!.odoo.apiKey?.reveal()).toBe('from-env');
    expect(config.integrations[0]!.clarity.clientSecret.reveal()).toBe('from-a-file');
    expect(JSON.stringify(config)).not.toContain('from-env');
  });

  it('lets DATABASE_URL and BRIDGE__ variables override the file, and validates the result', () => {
    const config = parseConfig(
      {},
      {
        env: {
          DATABASE_URL: 'postgres://db/bridge',
          BRIDGE__SERVER__PORT: '9000',
          BRIDGE__ENGINE__LEASE_MS: '30000',
          LOG_LEVEL: 'debug',
        },
      },
    );
    expect(config.store.url).toBe('postgres://db/bridge');
    expect(config.server.port).toBe(9000);
    expect(config.engine.leaseMs).toBe(30_000);
    expect(config.log.level).toBe('debug');
    expect(() => parseConfig({}, { env: { BRIDGE__SERVER__PORT: 'ninety' } })).toThrow(
      /server\.port: expected number, received string/,
    );
  });

  it('warns about a literal secret but accepts it', () => {
    const config = parseConfig({
      integrations: [
        {
          ...integration,
          odoo: { ...integration.odoo, apiKey: 'literal-key' },
          clarity: { ...integration.clarity, clientSecret: 'literal' },
        },
      ],
    });
    expect(config.warnings).toEqual([
      'integrations.0.odoo.apiKey: a literal secret in the config file; prefer { env: NAME } or { file: PATH }',
      'integrations.0.clarity.clientSecret: a literal secret in the config file; prefer { env: NAME } or { file: PATH }',
    ]);
  });

  it('refuses duplicate integration ids and lists every problem at once', () => {
    try {
      parseConfig(
        { integrations: [integration, integration], engine: { attempts: 0 } },
        { env: { ODOO_API_KEY: 'x' } },
      );
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual(
        expect.arrayContaining([
          expect.stringContaining('integrations.1.id: duplicate integration id "main"'),
          expect.stringContaining('engine.attempts:'),
        ]),
      );
    }
  });
});
