// `bridge jobs list|show|replay|discard`: the operator's view of the queue, dead letters and reviews.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { systemClock } from '../../core/clock.ts';
import { UsageError } from '../../core/errors.ts';
import { Queue } from '../../engine/queue.ts';
import { JOB_STATES, type JobState } from '../../engine/job.ts';
import { withStore, flagsOf } from '../context.ts';
import { group } from '../group.ts';
import { parseNumber } from '../options.ts';
import { formatTime, printJson, printTable } from '../output.ts';

interface ListFlags {
  state?: string;
  flow?: string;
  integration?: string;
  lane?: string;
  limit?: string;
}

function parseStates(value: string | undefined): JobState[] | undefined {
  if (!value) return undefined;
  const states = value.split(',').map((s) => s.trim());
  const unknown = states.filter((s) => !(JOB_STATES as readonly string[]).includes(s));
  if (unknown.length)
    throw new UsageError(
      `unknown job state ${unknown.map((s) => `"${s}"`).join(', ')}`,
      `use one of ${JOB_STATES.join(', ')}`,
    );
  return states as JobState[];
}

function parseIds(values: string[]): number[] {
  const ids = values.map((v) => Number(v));
  const bad = values.filter((_, i) => !Number.isInteger(ids[i]) || ids[i]! <= 0);
  if (bad.length)
    throw new UsageError(`not a job id: ${bad.join(', ')}`, 'pass the numeric ids that `bridge jobs list` shows');
  return ids;
}

export function register(program: Command): void {
  const jobs = group(program, 'jobs', 'List, inspect, replay and discard jobs');

  jobs
    .command('list')
    .description('List jobs, newest first')
    .option('-s, --state <states>', `comma-separated states (${JOB_STATES.join(', ')})`)
    .option('-f, --flow <flow>', 'only this flow')
    .option('-i, --integration <id>', 'only this integration')
    .option('--lane <lane>', 'only this lane')
    .option('-n, --limit <n>', 'at most this many', '50')
    .option('--json', 'print JSON')
    .action(async (_f: object, command: Command) => {
      const flags = flagsOf<ListFlags>(command);
      const states = parseStates(flags.state);
      await withStore(command, async ({ repos }) => {
        const list = await repos.jobs.list({
          ...(states ? { states } : {}),
          ...(flags.flow ? { flow: flags.flow } : {}),
          ...(flags.integration ? { integrationId: flags.integration } : {}),
          ...(flags.lane ? { lane: flags.lane } : {}),
          limit: parseNumber(flags.limit ?? '50', '--limit', { min: 1, max: 100_000, integer: true }),
        });
        if (flags.json) return printJson(list);
        printTable(
          list.map((j) => ({
            ...j,
            updated: formatTime(j.updatedAt),
            error: j.reason ?? (j.lastError as { message?: string } | null)?.message ?? '',
          })),
          ['id', 'integrationId', 'flow', 'lane', 'state', 'outcome', 'attempts', 'updated', 'error'],
        );
      });
    });

  jobs
    .command('show <id>')
    .description("Show a job and its trace: every attempt's steps, timings, requests and answers")
    .option('--json', 'print JSON')
    .action(async (id: string, _f: object, command: Command) => {
      const [jobId] = parseIds([id]);
      await withStore(command, async ({ repos }) => {
        const job = await repos.jobs.get(jobId!);
        if (!job) throw new UsageError(`no job ${id}`, 'see `bridge jobs list`');
        const attempts = await repos.jobs.attempts(job.id);
        const event = job.eventId ? await repos.events.get(job.eventId) : undefined;
        if (flagsOf(command).json) return printJson({ job, event, attempts });
        console.log(
          `job ${job.id}  ${job.flow}  ${job.state}${job.outcome ? `/${job.outcome}` : ''}  lane ${job.lane}`,
        );
        console.log(
          `  integration ${job.integrationId}, attempts ${job.attempts}/${job.maxAttempts}, created ${formatTime(job.createdAt)}, updated ${formatTime(job.updatedAt)}`,
        );
        if (job.reason) console.log(`  reason: ${job.reason}`);
        if (event)
          console.log(
            `  event ${event.id}: ${event.source} ${event.type} ${event.entity} ${event.entityId} (version ${event.version}, duplicates ${event.duplicates})`,
          );
        if (job.lastError) console.log(`  last error: ${JSON.stringify(job.lastError)}`);
        console.log(`  payload: ${JSON.stringify(job.payload)}`);
        for (const a of attempts) {
          console.log(`  attempt ${a.attempt} by ${a.worker}: ${a.result} (${a.finishedAt - a.startedAt} ms)`);
          for (const step of a.steps) {
            console.log(
              `    ${step.name.padEnd(28)} ${String(step.ms).padStart(6)} ms${step.error ? `  ERROR ${step.error}` : ''}${step.note ? `  ${step.note}` : ''}`,
            );
            if (step.request !== undefined) console.log(`      → ${JSON.stringify(step.request)}`);
            if (step.response !== undefined) console.log(`      ← ${JSON.stringify(step.response)}`);
          }
          if (a.error) console.log(`    error: ${JSON.stringify(a.error)}`);
        }
      });
    });

  jobs
    .command('replay [ids...]')
    .description('Replay dead or review jobs with a fresh attempt budget (history is kept)')
    .option('--payload <file>', 'replace the payload of the (single) job with this JSON file first')
    .option('-s, --state <states>', 'replay every job in these states (dead, review) instead of listed ids')
    .option('-f, --flow <flow>', 'with --state: only this flow')
    .option('-i, --integration <id>', 'with --state: only this integration')
    .option('--json', 'print JSON')
    .action(async (ids: string[], _f: object, command: Command) => {
      const flags = flagsOf<ListFlags & { payload?: string }>(command);
      if (!ids.length && !flags.state)
        throw new UsageError(
          'name the jobs to replay',
          'pass job ids, or --state dead (optionally with --flow/--integration)',
        );
      if (flags.payload && ids.length !== 1)
        throw new UsageError('--payload edits one job', 'pass exactly one job id with --payload');
      let payload: unknown;
      if (flags.payload) {
        try {
          payload = JSON.parse(readFileSync(flags.payload, 'utf8'));
        } catch (error) {
          throw new UsageError(
            `cannot read the payload file ${flags.payload}: ${(error as Error).message}`,
            'pass a file holding valid JSON',
          );
        }
      }
      await withStore(command, async ({ repos, config }) => {
        let targets = ids.length ? parseIds(ids) : [];
        if (!ids.length) {
          const states = parseStates(flags.state)!;
          const list = await repos.jobs.list({
            states,
            limit: 100_000,
            ...(flags.flow ? { flow: flags.flow } : {}),
            ...(flags.integration ? { integrationId: flags.integration } : {}),
          });
          targets = list.map((j) => j.id);
        }
        const queue = new Queue(repos, systemClock, config.engine);
        const replayed = await queue.replay(targets, payload);
        const skipped = targets.filter((id) => !replayed.includes(id));
        if (flagsOf(command).json) return printJson({ replayed, skipped });
        console.log(`replayed ${replayed.length} job(s)${replayed.length ? `: ${replayed.join(', ')}` : ''}`);
        if (skipped.length) console.log(`not replayed (not dead or in review): ${skipped.join(', ')}`);
        if (!replayed.length && targets.length) process.exitCode = 1;
      });
    });

  jobs
    .command('discard <ids...>')
    .description('Discard jobs with a reason (they will not run)')
    .requiredOption('-r, --reason <text>', 'why (kept with the job)')
    .option('--json', 'print JSON')
    .action(async (ids: string[], _f: object, command: Command) => {
      const flags = flagsOf<{ reason: string }>(command);
      if (!flags.reason.trim()) throw new UsageError('a discard needs a reason', 'pass --reason "why"');
      const targets = parseIds(ids);
      await withStore(command, async ({ repos, config }) => {
        const discarded = await new Queue(repos, systemClock, config.engine).discard(targets, flags.reason);
        const skipped = targets.filter((id) => !discarded.includes(id));
        if (flagsOf(command).json) return printJson({ discarded, skipped });
        console.log(`discarded ${discarded.length} job(s)${discarded.length ? `: ${discarded.join(', ')}` : ''}`);
        if (skipped.length) console.log(`not discarded (running or finished): ${skipped.join(', ')}`);
        if (!discarded.length) process.exitCode = 1;
      });
    });
}
