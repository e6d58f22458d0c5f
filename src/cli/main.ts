// The `bridge` command line. Exit codes: 0 success, 1 the operation failed, 2 bad usage or configuration.
import { Command, CommanderError } from 'commander';
import { OperationError, UsageError } from '../core/errors.ts';
import { redactSecretValues } from '../core/secret.ts';
import { exitQuietlyWhenPipeCloses } from './closed-pipe.ts';
import { register as clarity } from './commands/clarity.ts';
import { register as config } from './commands/config.ts';
import { register as connectors } from './commands/connectors.ts';
import { register as demo } from './commands/demo.ts';
import { register as jobs } from './commands/jobs.ts';
import { register as mappings } from './commands/mappings.ts';
import { register as migrate } from './commands/migrate.ts';
import { register as odoo } from './commands/odoo.ts';
import { register as orders } from './commands/orders.ts';
import { register as sandboxClarity } from './commands/sandbox-clarity.ts';
import { register as sandboxOdoo } from './commands/sandbox-odoo.ts';
import { register as start } from './commands/start.ts';
import { register as sync } from './commands/sync.ts';

exitQuietlyWhenPipeCloses();

const program = new Command('bridge')
  .description('Keeps an Odoo ERP and a Clarity eCommerce store in step, in real time, both ways.')
  .option('-c, --config <path>', 'configuration file (default: $BRIDGE_CONFIG, else ./bridge.config.yaml)')
  .showHelpAfterError()
  .exitOverride();

for (const register of [
  demo,
  start,
  migrate,
  jobs,
  orders,
  connectors,
  sync,
  config,
  mappings,
  odoo,
  clarity,
  sandboxOdoo,
  sandboxClarity,
])
  register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeFor(error);
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof UsageError || error instanceof OperationError) {
    console.error(`bridge: ${redactSecretValues(error.message)}`);
    if (error.hint) console.error(`  → ${error.hint}`);
    return error instanceof UsageError ? 2 : 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(`bridge: ${redactSecretValues(message)}`);
  if (process.env.BRIDGE_DEBUG && error instanceof Error) console.error(error.stack);
  return 1;
}
