// `bridge sandbox odoo`: an Odoo (16–19) that answers like the real one, on its own port, for development,
// chaos tests (faults at run time through POST /sandbox/faults) and demos.
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import { createLogger } from '../../core/logger.ts';
import { startOdooSandbox, type OdooFaults, type OdooVersion } from '../../sandbox/odoo/index.ts';
import { group } from '../group.ts';
import { closeOnSignals, listenOrExplain, parseNumber } from '../options.ts';

interface Options {
  host: string;
  port: string;
  version: string;
  products: string;
  db: string;
  login: string;
  password: string;
  apiKey: string;
  costModel?: boolean;
  timeScale: string;
  latencyMs?: string;
  errorRate?: string;
  dropRate?: string;
  serializationFailureRate?: string;
  accessDeniedAfter?: string;
  json?: boolean;
}

export function register(program: Command): void {
  group(program, 'sandbox', 'Sandboxes of the two systems, to develop, test and demo against')
    .command('odoo')
    .description(
      'Start an Odoo sandbox (JSON-RPC, and JSON-2 on version 19) with seeded company, stock, products and customers',
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0: any free port)', '8069')
    .option('--version <version>', 'Odoo version to answer as: 16, 17, 18 or 19', '17')
    .option('--products <n>', 'size of the seeded catalog (same SKUs as the Clarity sandbox)', '300')
    .option('--db <name>', 'database name', 'sandbox')
    .option('--login <login>', 'user login', 'admin')
    .option('--password <password>', 'user password', 'admin')
    .option('--api-key <key>', 'API key of that user (JSON-2 bearer, or as a JSON-RPC password)', 'sandbox-api-key')
    .option('--cost-model', 'make calls cost what they cost a real Odoo 17 with 2 workers')
    .option('--time-scale <x>', 'divide every cost of the cost model by this', '1')
    .option('--latency-ms <ms>', 'fault: delay added to every request')
    .option('--error-rate <share>', 'fault: share (0..1) of requests answered 503')
    .option('--drop-rate <share>', 'fault: share (0..1) of connections dropped without an answer')
    .option('--serialization-failure-rate <share>', 'fault: share (0..1) of calls failing with a serialization failure')
    .option('--access-denied-after <n>', 'fault: refuse every credential after this many calls')
    .option('--json', 'print the start information as one JSON line')
    .action(async (options: Options) => {
      const port = parseNumber(options.port, '--port', { max: 65535, integer: true });
      const version = parseNumber(options.version, '--version', { min: 16, max: 19, integer: true }) as OdooVersion;
      const products = parseNumber(options.products, '--products', { integer: true, max: 1_000_000 });
      const timeScale = parseNumber(options.timeScale, '--time-scale', { min: 0.001 });
      for (const [flag, value] of [
        ['--db', options.db],
        ['--login', options.login],
        ['--password', options.password],
        ['--api-key', options.apiKey],
      ] as const) {
        if (!value) throw new UsageError(`${flag} must not be empty`);
      }
      const faults: Partial<OdooFaults> = {};
      if (options.latencyMs !== undefined) faults.latencyMs = parseNumber(options.latencyMs, '--latency-ms');
      if (options.errorRate !== undefined)
        faults.errorRate = parseNumber(options.errorRate, '--error-rate', { max: 1 });
      if (options.dropRate !== undefined) faults.dropRate = parseNumber(options.dropRate, '--drop-rate', { max: 1 });
      if (options.serializationFailureRate !== undefined)
        faults.serializationFailureRate = parseNumber(
          options.serializationFailureRate,
          '--serialization-failure-rate',
          { max: 1 },
        );
      if (options.accessDeniedAfter !== undefined)
        faults.accessDeniedAfterCalls = parseNumber(options.accessDeniedAfter, '--access-denied-after', {
          integer: true,
        });

      const logger = createLogger({ destination: process.stderr });
      const sandbox = await listenOrExplain(options.host, port, () =>
        startOdooSandbox({
          host: options.host,
          port,
          version,
          products,
          db: options.db,
          login: options.login,
          password: options.password,
          apiKey: options.apiKey,
          costModel: Boolean(options.costModel),
          timeScale,
          faults,
          logger,
        }),
      );
      const info = {
        url: sandbox.url,
        version: sandbox.version,
        db: sandbox.db,
        login: sandbox.login,
        password: sandbox.password,
        apiKey: sandbox.apiKey,
        company: sandbox.company,
        costModel: Boolean(options.costModel),
        faults: `${sandbox.url}/sandbox/faults`,
        counters: `${sandbox.url}/sandbox/counters`,
      };
      if (options.json) console.log(JSON.stringify(info));
      else {
        console.log(`Odoo ${info.version} sandbox listening on ${info.url}`);
        console.log(`  database   ${info.db}`);
        console.log(`  login      ${info.login}`);
        console.log(`  password   ${info.password}`);
        console.log(`  api key    ${info.apiKey}`);
        console.log(`  company    ${info.company} (the admin's; the demo database has two)`);
        console.log(`  cost model ${info.costModel ? `on (time scale ${timeScale})` : 'off'}`);
        console.log(`  faults     GET/POST ${info.faults}   counters GET ${info.counters}`);
        console.log('Press Ctrl+C to stop.');
      }
      closeOnSignals(() => sandbox.close());
    });
}
