// What most commands start from: the loaded config, a logger, and the open store.
import type { Command } from 'commander';
import { loadConfig, type Config } from '../config/load.ts';
import { createLogger, type Logger } from '../core/logger.ts';
import { openStore, type Store } from '../store/db.ts';
import { repos, type Repos } from '../store/index.ts';

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
export async function withStore<T>(command: Command, fn: (ctx: { config: Config; store: Store; repos: Repos; logger: Logger }) => Promise<T>): Promise<T> {
  const config = configFrom(command);
  const logger = createLogger({ level: config.log.level, destination: process.stderr });
  const store = await openStore(config.store.url);
  try {
    return await fn({ config, store, repos: repos(store), logger });
  } finally {
    await store.close();
  }
}
