// `bridge migrate`: brings the store's schema up to date (start and worker also do this).
import type { Command } from 'commander';
import { explainStoreError, openStore } from '../../store/db.ts';
import { migrate } from '../../store/migrate.ts';
import { configFrom, flagsOf } from '../context.ts';
import { printJson } from '../output.ts';

export function register(program: Command): void {
  program
    .command('migrate')
    .description('Create or update the store schema (safe to run while other processes start)')
    .option('--json', 'print the result as JSON')
    .action(async (_flags: object, command: Command) => {
      const config = configFrom(command);
      const store = await openStore(config.store.url, { migrate: false });
      try {
        const applied = await migrate(store).catch((error: unknown) => {
          throw explainStoreError(error, store.label);
        });
        if (flagsOf(command).json) printJson({ store: store.label, applied });
        else
          console.log(
            applied.length ? `${store.label}: applied ${applied.join(', ')}` : `${store.label}: schema is up to date`,
          );
      } finally {
        await store.close();
      }
    });
}
