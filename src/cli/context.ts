// What most commands start from: the loaded config, a logger, and the open store.
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config/load.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import { openStore, type Store } from '../store/db.ts';
import { repos, type Repos } from '../store/index.ts';
import { UsageError } from '../core/errors.ts';

export interface GlobalFlags {
  config?: string;
  json?: boolean;
}

export function flagsOf<T extends object>(command: Command): T & GlobalFlags {
  return command.optsWithGlobals() as T & GlobalFlags;
}

export function configFrom(command: Command): Config {
  const { config } = flagsOf(command);
  return loadConfig(config !== undefined ? { path: config } : {});
}

/** Loads the config, opens the store (running migrations), runs `fn`, and closes the store. */
export async function withStore<T>(
  command: Command,
  fn: (ctx: { config: Config; store: Store; repos: Repos; logger: Logger }) => Promise<T>,
): Promise<T> {
  const config = configFrom(command);
  const logger = createLogger({ level: config.log.level, destination: process.stderr });
  const store = await openStore(config.store.url);
  try {
    return await fn({ config, store, repos: repos(store), logger });
  } finally {
    await store.close();
  }
}

/** The integration a command works on: `--integration <id>`, or the only one configured. */
export function pickIntegration(config: Config, wanted: string | undefined): Config['integrations'][number] {
  const { integrations } = config;
  if (integrations.length === 0)
    throw new UsageError(
      'no integration is configured',
      'add one under `integrations:` in the config (`bridge init` writes a starter file)',
    );
  if (wanted === undefined) {
    if (integrations.length === 1) return integrations[0]!;
    throw new UsageError(
      `several integrations are configured (${integrations.map((i) => i.id).join(', ')})`,
      'pick one with --integration <id>',
    );
  }
  const found = integrations.find((i) => i.id === wanted);
  if (!found)
    throw new UsageError(
      `no integration "${wanted}" in the config`,
      `use one of: ${integrations.map((i) => i.id).join(', ')}`,
    );
  return found;
}
