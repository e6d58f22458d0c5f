// `bridge start` runs everything in one process; `bridge worker` runs workers only (scale-out on PostgreSQL).
import type { Command } from 'commander';
import { createBridge, type Bridge } from '../../bridge.ts';
import { createLogger } from '../../core/logger.ts';
import { configFrom } from '../context.ts';
import { listenOrExplain, type ListenSettings } from '../options.ts';

const CONFIG_LISTEN_SETTINGS: ListenSettings = {
  host: 'server.host in the config (or BRIDGE__SERVER__HOST)',
  port: 'server.port in the config (or BRIDGE__SERVER__PORT)',
};

async function run(command: Command, parts: { scheduler: boolean; server: boolean }): Promise<void> {
  const config = configFrom(command);
  const logger = createLogger({ level: config.log.level });
  for (const warning of config.warnings) logger.warn(warning);
  const bridge: Bridge = await createBridge(config, { logger });
  try {
    await listenOrExplain(config.server.host, config.server.port, () => bridge.start(parts), CONFIG_LISTEN_SETTINGS);
  } catch (error) {
    // Close what the bridge opened (store, connector sockets), so the process ends and the store is free again.
    await bridge.stop().catch(() => undefined);
    throw error;
  }
  logger.info(
    {
      store: bridge.engine.store.label,
      integrations: config.integrations.map((i) => i.id),
      worker: bridge.engine.worker.id,
      ...(bridge.url ? { url: bridge.url } : {}),
    },
    parts.scheduler ? 'bridge started' : 'worker started',
  );
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        logger.warn(`${signal} again: exiting at once`);
        process.exit(1);
      }
      stopping = true;
      logger.info(
        { signal, graceMs: config.engine.shutdownGraceMs },
        'stopping: no new jobs, finishing the running ones',
      );
      bridge
        .stop()
        .then(() => logger.info('stopped cleanly'))
        .catch((error: unknown) => {
          logger.error({ err: error instanceof Error ? error.message : String(error) }, 'stop failed');
          process.exitCode = 1;
        })
        .finally(resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}

export function register(program: Command): void {
  program
    .command('start')
    .description('Run the bridge: webhooks in, routing, workers, pollers and scheduled work in one process')
    .action((_f: object, command: Command) => run(command, { scheduler: true, server: true }));
  program
    .command('worker')
    .description('Run routing and workers only, to scale out over a shared PostgreSQL store')
    .action((_f: object, command: Command) => run(command, { scheduler: false, server: false }));
}
