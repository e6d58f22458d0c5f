// `bridge sync products|stock|customers [--full] [--since <date>] [--dry-run]`: a one-off sync, page by page, that
// writes only what differs and resumes from its checkpoint when it was stopped. Progress bar on a terminal.
import type { Command } from 'commander';
import { createBridge } from '../../bridge.ts';
import { createLogger } from '../../core/logger.ts';
import { UsageError } from '../../core/errors.ts';
import { isSyncKind, runSyncKind, syncDeps, SyncAborted, type SyncReport } from '../../flows/sync/index.ts';
import { progressBar, progressLine } from '../../flows/sync/progress-bar.ts';
import { configFrom, flagsOf } from '../context.ts';

interface SyncFlags {
  full?: boolean;
  since?: string;
  dryRun?: boolean;
  integration?: string;
}

function summary(report: SyncReport, dryRun: boolean): string {
  const c = report.counts;
  const seconds = report.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(c.seen / seconds) : c.seen;
  return (
    `${dryRun ? 'dry run: would have ' : ''}synced ${report.kind}: ${c.seen} looked at in ${seconds.toFixed(1)} s (${rate}/s)` +
    `${report.resumed ? ', resumed from the checkpoint' : ''}; created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}` +
    `${c.skipped ? `, skipped ${c.skipped}` : ''}, failed ${c.failed}`
  );
}

async function run(kind: string, command: Command): Promise<void> {
  if (!isSyncKind(kind)) throw new UsageError(`cannot sync "${kind}"`, 'use one of: products, stock, customers');
  const flags = flagsOf<SyncFlags>(command);
  const config = configFrom(command);
  const logger = createLogger({ level: config.log.level, destination: process.stderr });
  const bridge = await createBridge(config, { logger });
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const bar = !flags.json && process.stderr.isTTY ? progressBar(process.stderr) : undefined;
  let lastLogged = 0;
  try {
    const report = await runSyncKind(kind, syncDeps(bridge, flags.integration), {
      full: flags.full === true,
      ...(flags.since !== undefined ? { since: flags.since } : {}),
      dryRun: flags.dryRun === true,
      signal: stop.signal,
      onProgress: (p) => {
        if (bar) return bar.update(p);
        // without a terminal: a progress line on stderr every 10 s
        if (!flags.json && p.elapsedMs - lastLogged >= 10_000) {
          lastLogged = p.elapsedMs;
          process.stderr.write(`${progressLine(p)}\n`);
        }
      },
    });
    bar?.done();
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
      return;
    }
    if (flags.dryRun)
      for (const change of report.planned)
        process.stdout.write(`would ${change.action} ${change.key}: ${JSON.stringify(change.fields)}\n`);
    for (const failure of report.failures) process.stdout.write(`failed ${failure.key}: ${failure.error}\n`);
    process.stdout.write(`${summary(report, flags.dryRun === true)}\n`);
    if (report.counts.failed) process.exitCode = 1;
  } catch (error) {
    bar?.done();
    if (error instanceof SyncAborted) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 130;
      return;
    }
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await bridge.stop(0);
  }
}

export function register(program: Command): void {
  program
    .command('sync')
    .description('Sync products, stock or customers now: page by page, only what differs, resumable')
    .argument('<kind>', 'products | stock | customers')
    .option(
      '--full',
      'look at every record and compare with what the other side holds now (default: changes since the last run)',
    )
    .option('--since <date>', 'only records changed since this date (ISO date or date-time)')
    .option('--dry-run', 'print what would change, change nothing')
    .option('--integration <id>', 'the integration to sync (default: the only one configured)')
    .option('--json', 'print the report as JSON')
    .action((kind: string, _flags: object, command: Command) => run(kind, command));
}
