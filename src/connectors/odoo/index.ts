// The Odoo connector's public surface.
import type { Logger } from '../../core/logger.ts';
import { OdooClient, type OdooClientOptions } from './client.ts';
import { OdooLookups, type OdooLookupsOptions } from './lookups.ts';

export * from './client.ts';
export * from './company.ts';
export * from './domain-operators.ts';
export * from './commands.ts';
export * from './errors.ts';
export * from './external-ids.ts';
export * from './fields.ts';
export * from './flow-concepts.ts';
export * from './lookups.ts';
export { BatchedLookup, escapeLike, anyOf, asExpression, type LookupSpec } from './batched-lookup.ts';
export * from './poller.ts';
export * from './server-version.ts';
export type { TransportKind } from './transport.ts';
export { checkOdoo, FLOW_MODELS, requiredModules, type OdooCheckReport } from './check.ts';
export { setupOdooWebhooks, DEFAULT_WEBHOOK_RULES, type WebhookRule } from './setup-webhooks.ts';
export * from './hint-read.ts';
export * from './webhook.ts';
export * from './operations/actions.ts';
export * from './operations/chatter.ts';
export * from './operations/invoicing.ts';
export * from './operations/pickings.ts';
export * from './operations/pricelist.ts';
export * from './operations/returns.ts';
export * from './operations/sale-orders.ts';
export * from './operations/setup.ts';
export * from './operations/stock.ts';

/** One integration's `odoo` settings with secrets resolved, as `loadConfig()` gives them at run time. */
import type { OdooConfig } from '../../config/load.ts';

export type { OdooConfig };

/** The client options one integration's `odoo` settings give. */
export function odooClientOptions(settings: OdooConfig): OdooClientOptions {
  return {
    url: settings.url,
    db: settings.db,
    login: settings.login,
    ...(settings.company !== undefined ? { company: settings.company } : {}),
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
    ...(settings.password ? { password: settings.password } : {}),
    transport: settings.transport,
    timeoutMs: settings.timeoutMs,
    maxSockets: settings.maxSockets,
  };
}

/** A client for one integration's Odoo, from its config. */
export function odooClientFromConfig(
  settings: OdooConfig,
  extra: Partial<OdooClientOptions> & { logger?: Logger } = {},
): OdooClient {
  return new OdooClient({ ...odooClientOptions(settings), ...extra });
}

/** The client and its lookups, as flows use them. */
export interface OdooConnector {
  client: OdooClient;
  lookups: OdooLookups;
  close(): Promise<void>;
}

export function createOdooConnector(options: OdooClientOptions & { lookups?: OdooLookupsOptions }): OdooConnector {
  const client = new OdooClient(options);
  const lookups = new OdooLookups(client, options.lookups ?? {});
  return {
    client,
    lookups,
    close: async () => {
      lookups.dispose();
      await client.close();
    },
  };
}

/** The client and its lookups for one integration's Odoo, from its config. */
export function odooConnectorFromConfig(
  settings: OdooConfig,
  extra: Partial<OdooClientOptions> & { lookups?: OdooLookupsOptions } = {},
): OdooConnector {
  return createOdooConnector({ ...odooClientOptions(settings), ...extra });
}
