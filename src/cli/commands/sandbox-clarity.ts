// `bridge sandbox clarity`: a Clarity store serving the v1 contract on its own port, for development and demos.
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import { createLogger } from '../../core/logger.ts';
import { startClaritySandbox, ALL_SCOPES, type ClaritySwitches } from '../../sandbox/clarity/index.ts';
import { group } from '../group.ts';
import { closeOnSignals, listenOrExplain, parseNumber } from '../options.ts';

interface Options {
  host: string;
  port: string;
  products: string;
  clientId: string;
  clientSecret: string;
  tokenLifetime: string;
  webhookTimeScale: string;
  orders: string;
  orderRate?: string;
  duplicateRate?: string;
  reorder?: boolean;
  rateLimitRate?: string;
  unavailableRate?: string;
  retryAfter?: string;
  slowMs?: string;
  json?: boolean;
}

export function register(program: Command): void {
  group(program, 'sandbox', 'Sandboxes of the two systems, to develop, test and demo against')
    .command('clarity')
    .description('Start a Clarity eCommerce store sandbox serving the v1 API contract (OAuth, resources, webhooks)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0: any free port)', '8080')
    .option('--products <n>', 'size of the seeded catalog (same SKUs as the Odoo sandbox)', '300')
    .option('--client-id <id>', 'OAuth client id', 'sandbox-client')
    .option('--client-secret <secret>', 'OAuth client secret', 'sandbox-secret')
    .option('--token-lifetime <seconds>', 'lifetime of issued access tokens', '3600')
    .option('--webhook-time-scale <n>', 'divide the webhook retry schedule by this (1000: first retry after 5 ms)', '1')
    .option('--orders <n>', 'storefront orders to place once started', '0')
    .option('--order-rate <perSecond>', 'rate at which --orders are placed (default: all at once)')
    .option('--duplicate-rate <share>', 'share (0..1) of webhook messages delivered twice')
    .option('--reorder', 'deliver webhook messages out of order')
    .option('--rate-limit-rate <share>', 'share (0..1) of API calls answered 429')
    .option('--unavailable-rate <share>', 'share (0..1) of API calls answered 503')
    .option('--retry-after <seconds>', 'Retry-After sent with 429/503')
    .option('--slow-ms <ms>', 'delay added to every API answer')
    .option('--json', 'print the start information as one JSON line')
    .action(async (options: Options) => {
      const port = parseNumber(options.port, '--port', { max: 65535, integer: true });
      const switches: Partial<ClaritySwitches> = {};
      if (options.duplicateRate !== undefined)
        switches.duplicateRate = parseNumber(options.duplicateRate, '--duplicate-rate', { max: 1 });
      if (options.rateLimitRate !== undefined)
        switches.rateLimitRate = parseNumber(options.rateLimitRate, '--rate-limit-rate', { max: 1 });
      if (options.unavailableRate !== undefined)
        switches.unavailableRate = parseNumber(options.unavailableRate, '--unavailable-rate', { max: 1 });
      if (options.retryAfter !== undefined) switches.retryAfterSec = parseNumber(options.retryAfter, '--retry-after');
      if (options.slowMs !== undefined) switches.slowMs = parseNumber(options.slowMs, '--slow-ms');
      if (options.reorder) switches.reorder = true;
      if (!options.clientId || !options.clientSecret)
        throw new UsageError('--client-id and --client-secret must not be empty');
      const orders = parseNumber(options.orders, '--orders', { integer: true, max: 100_000 });
      const orderRate =
        options.orderRate === undefined ? undefined : parseNumber(options.orderRate, '--order-rate', { min: 0.001 });

      const logger = createLogger({ destination: process.stderr });
      const sandbox = await listenOrExplain(options.host, port, () =>
        startClaritySandbox({
          host: options.host,
          port,
          products: parseNumber(options.products, '--products', { integer: true, max: 1_000_000 }),
          clients: [{ id: options.clientId, secret: options.clientSecret, scopes: [...ALL_SCOPES] }],
          tokenLifetimeSec: parseNumber(options.tokenLifetime, '--token-lifetime', { min: 1, integer: true }),
          webhookTimeScale: parseNumber(options.webhookTimeScale, '--webhook-time-scale', { min: 1 }),
          switches,
          logger,
        }),
      );
      const info = {
        url: sandbox.url,
        clientId: sandbox.clientId,
        clientSecret: sandbox.clientSecret,
        tokenUrl: `${sandbox.url}/oauth/token`,
        inspect: `${sandbox.url}/`,
      };
      if (options.json) console.log(JSON.stringify(info));
      else {
        console.log(`Clarity sandbox listening on ${info.url}`);
        console.log(`  OAuth token URL  ${info.tokenUrl}`);
        console.log(`  client id        ${info.clientId}`);
        console.log(`  client secret    ${info.clientSecret}`);
        console.log(`  inspection page  ${info.inspect}`);
        console.log('Press Ctrl+C to stop.');
      }
      closeOnSignals(() => sandbox.close());
      if (orders > 0) {
        const placed = await sandbox.placeOrders(orders, orderRate === undefined ? {} : { ratePerSec: orderRate });
        logger.info({ orders: placed.length }, 'storefront orders placed');
      }
    });
}
