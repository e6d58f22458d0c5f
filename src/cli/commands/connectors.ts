// `bridge connectors list|pause|resume`: hold or release one connector's jobs for one integration.
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import { systemClock } from '../../core/clock.ts';
import { Queue } from '../../engine/queue.ts';
import { flagsOf, withStore } from '../context.ts';
import { group } from '../group.ts';
import { formatTime, printJson, printTable } from '../output.ts';

const CONNECTORS = ['odoo', 'clarity'];

function check(integration: string, connector: string, known: string[]): void {
  if (!known.includes(integration))
    throw new UsageError(
      `no integration "${integration}" in the config`,
      `use one of: ${known.join(', ') || '(none configured)'}`,
    );
  if (!CONNECTORS.includes(connector))
    throw new UsageError(`unknown connector "${connector}"`, `use one of: ${CONNECTORS.join(', ')}`);
}

export function register(program: Command): void {
  const connectors = group(program, 'connectors', 'Pause, resume and list connectors per integration');

  connectors
    .command('list')
    .description('Show the state of every connector that was ever paused')
    .option('--json', 'print JSON')
    .action(async (_f: object, command: Command) => {
      await withStore(command, async ({ repos }) => {
        const list = await repos.connectors.list();
        if (flagsOf(command).json) return printJson(list);
        printTable(
          list.map((c) => ({ ...c, paused: formatTime(c.pausedAt), nextProbe: formatTime(c.nextProbeAt) })),
          ['integrationId', 'connector', 'state', 'paused', 'nextProbe', 'reason'],
        );
      });
    });

  connectors
    .command('pause <integration> <connector>')
    .description('Hold the jobs that use a connector (no attempts are spent) until resumed')
    .option('-r, --reason <text>', 'why', 'paused by an operator')
    .action(async (integration: string, connector: string, _f: object, command: Command) => {
      await withStore(command, async ({ repos, config }) => {
        check(
          integration,
          connector,
          config.integrations.map((i) => i.id),
        );
        // An operator's pause is not probed: it lasts until the operator resumes.
        await new Queue(repos, systemClock, config.engine).pauseConnector(
          integration,
          connector,
          flagsOf<{ reason: string }>(command).reason,
          false,
        );
        console.log(`${integration}/${connector} paused`);
      });
    });

  connectors
    .command('resume <integration> <connector>')
    .description('Release the held jobs of a connector')
    .action(async (integration: string, connector: string, _f: object, command: Command) => {
      await withStore(command, async ({ repos, config }) => {
        check(
          integration,
          connector,
          config.integrations.map((i) => i.id),
        );
        const released = await new Queue(repos, systemClock, config.engine).resumeConnector(integration, connector);
        console.log(`${integration}/${connector} resumed; ${released} job(s) released`);
      });
    });
}
