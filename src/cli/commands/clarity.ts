// `bridge clarity subscribe`: registers `<server.publicUrl>/webhooks/clarity/<integration>` with the integration's
// Clarity store for the events the bridge needs, and keeps the signing secret in the store, sealed with BRIDGE_MASTER_KEY.
// The bridge's older subscriptions for the integration (an earlier publicUrl) go, unless --keep-existing.
import type { Command } from 'commander';
import { loadConfig } from '../../config/load.ts';
import { UsageError } from '../../core/errors.ts';
import { clarityClientFromSettings } from '../../connectors/clarity/client.ts';
import { WEBHOOK_EVENTS } from '../../connectors/clarity/contract.ts';
import { subscribeWebhooks, webhookEvents } from '../../connectors/clarity/subscribe.ts';
import { openStore, repos } from '../../store/index.ts';
import { clarityEventsNeeded } from '../../flows/flow.ts';
import { FLOWS } from '../../flows/registry.ts';
import { pickIntegration } from '../context.ts';
import { group } from '../group.ts';

interface SubscribeFlags {
  integration?: string;
  events?: string;
  keepExisting?: boolean;
  rotate?: boolean;
  json?: boolean;
  config?: string;
}

export function register(program: Command): void {
  const clarity = group(program, 'clarity', 'Work with the Clarity store of an integration');
  clarity
    .command('subscribe')
    .description(
      'Register the bridge webhook URL (server.publicUrl) with the Clarity store and keep its signing secret, encrypted',
    )
    .option('-i, --integration <id>', 'the integration (default: the only one configured)')
    .option(
      '--events <list>',
      `comma-separated events, of ${WEBHOOK_EVENTS.join(', ')} (default: those the enabled flows take in)`,
    )
    .option(
      '--keep-existing',
      "keep the bridge's older subscriptions for this integration (an earlier publicUrl) instead of deleting them",
    )
    .option('--rotate', 'create a new subscription (and secret) even if this one was registered before')
    .option('--config <path>', 'the configuration file')
    .option('--json', 'print the result as JSON')
    .action(async (flags: SubscribeFlags, command: Command) => {
      const options = { ...command.optsWithGlobals(), ...flags } as SubscribeFlags;
      const config = loadConfig(options.config !== undefined ? { path: options.config } : {});
      const integration = pickIntegration(config, options.integration);
      if (!config.server.publicUrl) {
        throw new UsageError(
          'server.publicUrl is not set, so the store would not know where to post',
          'set server.publicUrl in the config to the address the store can reach, e.g. https://bridge.example.com',
        );
      }
      if (!integration.clarity.webhooks) {
        throw new UsageError(
          `integration "${integration.id}" has clarity.webhooks: false`,
          'set clarity.webhooks: true first (the poller covers changes while webhooks are off)',
        );
      }
      const masterKey = process.env.BRIDGE_MASTER_KEY;
      if (!masterKey)
        throw new UsageError(
          'BRIDGE_MASTER_KEY is not set; it encrypts the signing secret in the store',
          'export BRIDGE_MASTER_KEY=$(openssl rand -base64 32), and keep it: the bridge needs it to read the secret',
        );
      // By default, the events the integration's enabled flows take in.
      const events = webhookEvents(
        options.events
          ? options.events
              .split(',')
              .map((e) => e.trim())
              .filter(Boolean)
          : clarityEventsNeeded(FLOWS, integration),
      );

      const store = await openStore(config.store.url);
      const client = clarityClientFromSettings(integration.clarity);
      try {
        const secrets = repos(store).secrets;
        const result = await subscribeWebhooks(
          client,
          {
            integrationId: integration.id,
            publicUrl: config.server.publicUrl,
            events,
            masterKey,
            ...(options.keepExisting ? { keepExisting: true } : {}),
            ...(options.rotate ? { rotation: new Date().toISOString() } : {}),
          },
          {
            saveSecret: (integrationId, name, ciphertext) => secrets.save(integrationId, name, ciphertext),
            deleteSecret: (integrationId, name) => secrets.delete(integrationId, name),
            secretNames: async (integrationId, prefix) =>
              (await secrets.loadAll(integrationId, prefix)).map((row) => row.name),
          },
        );
        if (options.json) console.log(JSON.stringify(result));
        else {
          const replaced = result.replaced.length ? `; replaced subscription(s) ${result.replaced.join(', ')}` : '';
          console.log(
            `subscribed ${result.url} to ${result.events.length} event(s) as subscription ${result.subscriptionId}; secret kept encrypted as ${result.secretName}${replaced}`,
          );
        }
      } finally {
        await client.close();
        await store.close();
      }
    });
}
