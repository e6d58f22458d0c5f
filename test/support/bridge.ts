// A whole bridge in the test process, wired to sandboxes over real HTTP.
import { parseConfig, type Config } from '../../src/config/load.ts';
import { createBridge, type Bridge } from '../../src/bridge.ts';
import { createLogger, silentLogger } from '../../src/core/logger.ts';
import type { FlowDefinition } from '../../src/flows/flow.ts';
import type { Store } from '../../src/store/db.ts';
import { FAST } from './engine.ts';

export interface TestBridgeOptions {
  store: Store;
  odooUrl: string;
  clarityUrl: string;
  flows?: readonly FlowDefinition[];
  /** Extra YAML-shaped settings for the integration (flows, limits, webhookToken...). */
  integration?: Record<string, unknown>;
  engine?: Record<string, unknown>;
}

export function testConfig(options: Omit<TestBridgeOptions, 'store' | 'flows'>): Config {
  const { odoo, clarity, ...rest } = (options.integration ?? {}) as { odoo?: object; clarity?: object };
  return parseConfig(
    {
      store: { url: 'sqlite::memory:' },
      server: { host: '127.0.0.1', port: 0 },
      engine: { ...FAST, ...options.engine },
      integrations: [
        {
          id: 'main',
          odoo: {
            url: options.odooUrl,
            db: 'sandbox',
            login: 'admin',
            apiKey: 'sandbox-api-key',
            company: 'My Company (San Francisco)',
            ...odoo,
          },
          clarity: { url: options.clarityUrl, clientId: 'sandbox-client', clientSecret: 'sandbox-secret', ...clarity },
          ...rest,
        },
      ],
    },
    { source: 'test' },
  );
}

export async function startTestBridge(options: TestBridgeOptions): Promise<Bridge> {
  const config = testConfig(options);
  const logger = process.env.TEST_LOG ? createLogger({ level: process.env.TEST_LOG, pretty: false }) : silentLogger();
  const bridge = await createBridge(config, {
    logger,
    store: options.store,
    ...(options.flows ? { flows: options.flows } : {}),
  });
  await bridge.start();
  return bridge;
}
