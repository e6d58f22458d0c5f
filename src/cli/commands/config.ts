// `bridge config check` prints the effective configuration with secrets masked; `bridge init` writes a starter file.
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../config/load.ts';
import { STARTER_CONFIG } from '../../config/starter.ts';
import { checkFlowSettings } from '../../flows/check-settings.ts';
import { FLOWS } from '../../flows/registry.ts';
import { UsageError } from '../../core/errors.ts';
import { maskPassword } from '../../store/db.ts';
import { configFrom, flagsOf } from '../context.ts';
import { group } from '../group.ts';
import { printJson } from '../output.ts';
import { stringify } from 'yaml';

export function register(program: Command): void {
  const config = group(program, 'config', 'Inspect the configuration');
  config
    .command('check')
    .description('Validate the configuration and print it as the bridge sees it, secrets masked')
    .option('--json', 'print JSON')
    .action(async (_f: object, command: Command) => {
      const loaded = configFrom(command);
      const flowProblems = checkFlowSettings(loaded, FLOWS);
      if (flowProblems.length) throw new ConfigError(loaded.source, flowProblems);
      const effective = JSON.parse(
        JSON.stringify({ ...loaded, store: { url: maskPassword(loaded.store.url) } }),
      ) as Record<string, unknown>;
      const { source, warnings, ...rest } = effective as { source: string; warnings: string[] };
      if (flagsOf(command).json) return printJson({ source, warnings, config: rest });
      console.log(`# ${source}: valid`);
      for (const warning of warnings) console.log(`# warning: ${warning}`);
      process.stdout.write(stringify(rest));
    });

  program
    .command('init [path]')
    .description('Write a commented starter configuration file (default ./bridge.config.yaml)')
    .option('--force', 'overwrite an existing file')
    .action(async (path: string | undefined, _f: object, command: Command) => {
      const target = resolve(path ?? 'bridge.config.yaml');
      if (existsSync(target) && !flagsOf<{ force?: boolean }>(command).force) {
        throw new UsageError(`${target} already exists`, 'pass --force to overwrite it, or another path');
      }
      writeFileSync(target, STARTER_CONFIG, { mode: 0o600 });
      console.log(`wrote ${target}; edit it, then run: bridge config check`);
    });
}
