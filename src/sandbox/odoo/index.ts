// An Odoo that answers like the real one (16–19), in memory, for tests, benchmarks and the demo.
// Start it in-process with startOdooSandbox(), or standalone with `bridge sandbox odoo`.
import type { AddressInfo } from 'node:net';
import { silentLogger, type Logger } from '../../core/logger.ts';
import { CallRunner } from './call-runner.ts';
import { resolveCostModel, type CostModel } from './cost-model.ts';
import { Env } from './env.ts';
import { FaultInjector, type OdooFaults } from './faults.ts';
import type { Kwargs } from './model-spec.ts';
import { ALL_MODELS } from './models/registry.ts';
import { fromExecuteKw } from './rpc-dispatch.ts';
import { MAIN_COMPANY, seedDatabase } from './seed/seed-database.ts';
import { createOdooHttpServer } from './server.ts';
import { SUPPORTED_VERSIONS, type OdooVersion } from './version.ts';
import { WebhookAutomation } from './webhook-automation.ts';

export type { CostModel, MethodCost } from './cost-model.ts';
export { ODOO17_COST_MODEL } from './cost-model.ts';
export type { OdooFaults } from './faults.ts';
export type { OdooVersion } from './version.ts';

export interface OdooSandboxOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0 (any free port); the CLI defaults to 8069. */
  port?: number;
  /** Default 17. */
  version?: OdooVersion;
  /** Defaults: sandbox / admin / admin / sandbox-api-key. */
  db?: string;
  login?: string;
  password?: string;
  apiKey?: string;
  /** Seeded catalog products (default 300; 100,000 takes a few seconds). */
  products?: number;
  /** Off by default; `true` = the Odoo 17 measured in issue 3. */
  costModel?: boolean | Partial<CostModel>;
  /** Divides every cost (default 1). */
  timeScale?: number;
  faults?: Partial<OdooFaults>;
  /**
   * On 17 and 18, how long a call whose changes fire a webhook goes on after the POST is answered before it
   * commits; until then other callers see the records as before (default 50 ms; real Odoo: 20–130, fixture 25).
   */
  webhookCommitLagMs?: number;
  logger?: Logger;
}

export interface OdooSandbox {
  url: string;
  port: number;
  version: OdooVersion;
  db: string;
  login: string;
  password: string;
  apiKey: string;
  /** The admin's company (the demo database has two): what `odoo.company` names to work in it. */
  company: string;
  setFaults(f: Partial<OdooFaults>): void;
  faultCounters(): Record<string, number>;
  /** Direct, in-process access for tests and the demo: run any model method as admin without HTTP. */
  execute(model: string, method: string, args?: unknown[], kwargs?: Record<string, unknown>): Promise<unknown>;
  close(): Promise<void>;
}

export async function startOdooSandbox(options: OdooSandboxOptions = {}): Promise<OdooSandbox> {
  const version = options.version ?? 17;
  if (!SUPPORTED_VERSIONS.includes(version)) {
    throw new Error(
      `Odoo sandbox: version ${String(version)} is not supported; use one of ${SUPPORTED_VERSIONS.join(', ')}`,
    );
  }
  const timeScale = options.timeScale ?? 1;
  if (!(timeScale > 0))
    throw new Error(`Odoo sandbox: timeScale must be a number above 0 (got ${String(options.timeScale)})`);
  const credentials = {
    db: options.db ?? 'sandbox',
    login: options.login ?? 'admin',
    password: options.password ?? 'admin',
    apiKey: options.apiKey ?? 'sandbox-api-key',
  };
  const logger = options.logger ?? silentLogger();

  const env = new Env(version);
  env.register(ALL_MODELS);
  seedDatabase(env, { products: options.products ?? 300 });

  const faults = new FaultInjector(options.faults ?? {});
  const automation = new WebhookAutomation(env, logger, faults);
  const runner = new CallRunner(
    env,
    faults,
    resolveCostModel(options.costModel),
    timeScale,
    automation,
    logger,
    options.webhookCommitLagMs ?? 50,
  );
  const server = createOdooHttpServer({ env, runner, faults, credentials, logger });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    version,
    ...credentials,
    company: MAIN_COMPANY,
    setFaults: (f) => faults.set(f),
    faultCounters: () => faults.snapshot(),
    execute: async (model, method, args = [], kwargs = {}) =>
      runner.execute(fromExecuteKw(env, model, method, args, kwargs as Kwargs)),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
