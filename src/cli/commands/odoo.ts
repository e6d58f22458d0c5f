// `bridge odoo check` (server version, the company, the user's access to each model the flows use, missing
// modules, and what the store's orders need that this Odoo lacks), `bridge odoo prepare` (creates what can be
// created) and `bridge odoo setup-webhooks` (Odoo 17+: server actions + automation rules posting to the bridge).
import type { Command } from 'commander';
import { loadConfig, type Config } from '../../config/load.ts';
import { UsageError } from '../../core/errors.ts';
import { checkOdoo } from '../../connectors/odoo/check.ts';
import { odooClientFromConfig, odooConnectorFromConfig } from '../../connectors/odoo/index.ts';
import { clarityClientFromSettings } from '../../connectors/clarity/client.ts';
import { describeError } from '../../core/errors.ts';
import { flowEnabled } from '../../flows/flow.ts';
import { orderOptions } from '../../flows/orders/order-options.ts';
import {
  emptyNeeds,
  odooGaps,
  prepareOdoo,
  recentStoreNeeds,
  type Gap,
  type StoreNeeds,
} from '../../readiness/index.ts';
import { setupOdooWebhooks } from '../../connectors/odoo/setup-webhooks.ts';
import { odooWebhookPath, redactWebhookPath } from '../../connectors/odoo/webhook.ts';
import { pickIntegration } from '../context.ts';
import { group } from '../group.ts';

interface Flags {
  integration?: string;
  json?: boolean;
  config?: string;
  dryRun?: boolean;
}

type Integration = Config['integrations'][number];

/** What the store's recent orders need (none when order-to-odoo is off), and a note when the store cannot say. */
async function storeNeeds(integration: Integration): Promise<{ needs: StoreNeeds; note?: string }> {
  if (!flowEnabled(integration, 'order-to-odoo')) return { needs: emptyNeeds() };
  const clarity = clarityClientFromSettings(integration.clarity);
  try {
    return { needs: await recentStoreNeeds(clarity) };
  } catch (error) {
    return {
      needs: emptyNeeds(),
      note: `could not read the store's orders (${describeError(error)}): currencies, taxes and carriers were not checked`,
    };
  } finally {
    await clarity.close();
  }
}

function printGaps(gaps: readonly Gap[]): void {
  for (const g of gaps) console.log(`  ${g.blocking ? 'FAIL' : 'warn'} ${g.area}: ${g.problem}\n       fix: ${g.fix}`);
}

function summary(needs: StoreNeeds) {
  return {
    orders: needs.orders,
    currencies: Object.fromEntries(needs.currencies),
    taxRates: Object.fromEntries(needs.taxRates),
    carriers: Object.fromEntries(needs.carriers),
  };
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
      const connector = odooConnectorFromConfig(integration.odoo);
      try {
        const { needs, note } = await storeNeeds(integration);
        const gaps = await odooGaps(connector, needs, orderOptions(integration.flows['order-to-odoo'] ?? {}));
        const company = gaps.find((g) => g.area === 'company');
        if (company) {
          // without its company the bridge cannot look any further
          if (options.json) console.log(JSON.stringify({ integration: integration.id, gaps }));
          else printGaps(gaps);
          process.exitCode = 1;
          return;
        }
        const report = await checkOdoo(connector.client);
        const blocking = gaps.filter((g) => g.blocking);
        if (options.json) {
          console.log(JSON.stringify({ integration: integration.id, ...report, needs: summary(needs), gaps, note }));
        } else {
          console.log(
            `Odoo ${report.server} at ${integration.odoo.url} (db ${integration.odoo.db}), ${report.transport}, user ${integration.odoo.login} (uid ${report.uid}), company ${report.company}`,
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
            needs.orders
              ? `the store's last ${needs.orders} order(s): ${[...needs.currencies.keys()].join(', ')}; tax rates ${[...needs.taxRates.keys()].map((r) => `${r}%`).join(', ') || 'none'}; carriers ${[...needs.carriers.keys()].join(', ') || 'none'}`
              : (note ?? 'the store has no orders yet: currencies, taxes and carriers are checked as orders come'),
          );
          printGaps(gaps);
          const problems = report.problems.length + blocking.length;
          console.log(
            problems
              ? `${problems} problem(s)${report.problems.length ? `:\n${report.problems.map((p) => `  - ${p}`).join('\n')}` : ''}${gaps.some((g) => g.action) ? '\n`bridge odoo prepare` creates what the bridge can create (--dry-run shows it first)' : ''}`
              : 'all good',
          );
        }
        const accessProblems = report.problems.some((p) => !p.startsWith('(webhooks)') && !p.startsWith('optional'));
        if (accessProblems || blocking.length) process.exitCode = 1;
      } finally {
        await connector.close();
      }
    });

  odoo
    .command('prepare')
    .description(
      "Create in Odoo what the store's orders need and the bridge can make: activate currencies, pricelists, sales taxes of the store's rates, tax rounding per order",
    )
    .option('-i, --integration <id>', 'the integration (default: the only one configured)')
    .option('--config <path>', 'the configuration file')
    .option('--dry-run', 'show what would be done, change nothing')
    .option('--json', 'print the result as JSON')
    .action(async (flags: Flags, command: Command) => {
      const options = { ...command.optsWithGlobals(), ...flags } as Flags;
      const integration = pickIntegration(load(options), options.integration);
      const connector = odooConnectorFromConfig(integration.odoo);
      try {
        const { needs, note } = await storeNeeds(integration);
        if (note && !options.json) console.log(note);
        const result = await prepareOdoo(connector, needs, orderOptions(integration.flows['order-to-odoo'] ?? {}), {
          ...(options.dryRun ? { dryRun: true } : {}),
          ...(options.json
            ? {}
            : { onAction: (text: string) => console.log(`${options.dryRun ? 'would ' : ''}${text}`) }),
        });
        if (options.json)
          console.log(JSON.stringify({ integration: integration.id, dryRun: !!options.dryRun, ...result }));
        else {
          if (!result.done.length) console.log('nothing to create');
          if (result.remaining.length) {
            console.log(`left for a person (${result.remaining.length}):`);
            printGaps(result.remaining);
          }
        }
        if (result.remaining.some((g) => g.blocking)) process.exitCode = 1;
      } finally {
        await connector.close();
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
