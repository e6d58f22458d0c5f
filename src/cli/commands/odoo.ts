// `bridge odoo check` (server version, the user's access to each model the flows use, missing modules) and
// `bridge odoo setup-webhooks` (Odoo 17+: server actions + automation rules posting to the bridge).
import type { Command } from 'commander';
import { loadConfig, type Config } from '../../config/load.ts';
import { UsageError } from '../../core/errors.ts';
import { checkOdoo } from '../../connectors/odoo/check.ts';
import { odooClientFromConfig } from '../../connectors/odoo/index.ts';
import { setupOdooWebhooks } from '../../connectors/odoo/setup-webhooks.ts';
import { odooWebhookPath, redactWebhookPath } from '../../connectors/odoo/webhook.ts';
import { pickIntegration } from '../context.ts';
import { group } from '../group.ts';

interface Flags {
  integration?: string;
  json?: boolean;
  config?: string;
}

function load(flags: Flags): Config {
  return loadConfig(flags.config !== undefined ? { path: flags.config } : {});
}

export function register(program: Command): void {
  const odoo = group(program, 'odoo', "Work with an integration's Odoo");

  odoo
    .command('check')
    .description(
      "Report the Odoo server version, the bridge user's access to each model the flows use, and missing modules",
    )
    .option('-i, --integration <id>', 'the integration (default: the only one configured)')
    .option('--config <path>', 'the configuration file')
    .option('--json', 'print the report as JSON')
    .action(async (flags: Flags, command: Command) => {
      const options = { ...command.optsWithGlobals(), ...flags } as Flags;
      const integration = pickIntegration(load(options), options.integration);
      const client = odooClientFromConfig(integration.odoo);
      try {
        const report = await checkOdoo(client);
        if (options.json) {
          console.log(JSON.stringify({ integration: integration.id, ...report }));
        } else {
          console.log(
            `Odoo ${report.server} at ${integration.odoo.url} (db ${integration.odoo.db}), ${report.transport}, user ${integration.odoo.login} (uid ${report.uid})`,
          );
          for (const a of report.access) {
            const ops = Object.entries(a.operations)
              .map(([op, v]) => `${op}:${v === true ? 'yes' : v === false ? 'NO' : '?'}`)
              .join(' ');
            console.log(`  ${a.ok ? 'ok  ' : 'FAIL'} ${a.model.padEnd(22)} ${ops}${a.optional ? '  (webhooks)' : ''}`);
          }
          for (const m of report.modules)
            console.log(`  ${m.installed ? 'ok  ' : m.required ? 'FAIL' : 'warn'} module ${m.name} (${m.state})`);
          console.log(
            report.problems.length
              ? `${report.problems.length} problem(s):\n${report.problems.map((p) => `  - ${p}`).join('\n')}`
              : 'all good',
          );
        }
        if (report.problems.some((p) => !p.startsWith('(webhooks)') && !p.startsWith('optional'))) process.exitCode = 1;
      } finally {
        await client.close();
      }
    });

  odoo
    .command('setup-webhooks')
    .description(
      'Create (or update) in Odoo 17+ the webhook server actions and automation rules that notify the bridge',
    )
    .option('-i, --integration <id>', 'the integration (default: the only one configured)')
    .option('--config <path>', 'the configuration file')
    .option('--json', 'print the result as JSON')
    .action(async (flags: Flags, command: Command) => {
      const options = { ...command.optsWithGlobals(), ...flags } as Flags;
      const config = load(options);
      const integration = pickIntegration(config, options.integration);
      if (!config.server.publicUrl) {
        throw new UsageError(
          'server.publicUrl is not set, so Odoo would not know where to post',
          'set server.publicUrl to the address Odoo can reach, e.g. https://bridge.example.com',
        );
      }
      const token = integration.odoo.webhookToken;
      if (!token) {
        throw new UsageError(
          `integration "${integration.id}" has no odoo.webhookToken`,
          'set odoo.webhookToken: { env: ODOO_WEBHOOK_TOKEN } with a long random value (openssl rand -hex 24)',
        );
      }
      if (token.reveal().length < 16)
        throw new UsageError(
          'odoo.webhookToken is shorter than 16 characters',
          'use a long random value (openssl rand -hex 24)',
        );
      const url = config.server.publicUrl.replace(/\/+$/, '') + odooWebhookPath(integration.id, token.reveal());
      const client = odooClientFromConfig(integration.odoo);
      try {
        const result = await setupOdooWebhooks(client, { url });
        const shownUrl = redactWebhookPath(url);
        if (options.json) console.log(JSON.stringify({ integration: integration.id, url: shownUrl, ...result }));
        else {
          console.log(`Odoo will post to ${shownUrl}`);
          for (const r of result.rules)
            console.log(
              `  ${r.created ? 'created' : 'updated'} ${r.key} (${r.model}): action ${r.actionId}, rule ${r.automationId}`,
            );
        }
      } finally {
        await client.close();
      }
    });
}
