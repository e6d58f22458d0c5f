// `bridge orders trace <order number>`: one order's whole journey on its lane — every event received, every job
// and attempt, each step with its timing and the request and answer (secrets redacted), the bindings made.
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import { orderTrace, type OrderTrace } from '../../flows/orders/order-trace.ts';
import { flagsOf, pickIntegration, withStore } from '../context.ts';
import { group } from '../group.ts';
import { formatTime, printJson } from '../output.ts';

const MAX_SHOWN = 400;

/** A recorded request or answer on one line, cut to keep the terminal readable (`--json` has it all). */
function compact(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}… (${text.length} chars; --json shows all)` : text;
}

export function printOrderTrace(trace: OrderTrace, full = false): void {
  const show = full ? (v: unknown) => JSON.stringify(v) : compact;
  console.log(`order ${trace.orderNumber}  (integration ${trace.integrationId}, lane ${trace.lane})`);
  if (trace.binding) {
    const b = trace.binding;
    console.log(
      `  binding: Clarity ${b.clarityKey} ↔ Odoo sale.order ${b.odooId ?? '-'}  (updated ${formatTime(b.updatedAt)})`,
    );
    if (b.odooSnapshot) console.log(`    Odoo as last written:    ${show(b.odooSnapshot)}`);
    if (b.claritySnapshot) console.log(`    Clarity as last written: ${show(b.claritySnapshot)}`);
  } else {
    console.log('  binding: none yet (the order has not reached Odoo)');
  }
  for (const { job, event, attempts } of trace.jobs) {
    console.log('');
    if (event) {
      const dup = event.duplicates ? `, ${event.duplicates} duplicate(s) dropped` : '';
      console.log(
        `${formatTime(event.receivedAt)}  event ${event.source} ${event.type}  (version ${event.version}${dup})`,
      );
    } else {
      console.log(`${formatTime(job.createdAt)}  job made without an event`);
    }
    const outcome = job.outcome ? `/${job.outcome}` : '';
    console.log(
      `  job ${job.id}  ${job.flow}  ${job.state}${outcome}  attempts ${job.attempts}${job.reason ? `  reason: ${job.reason}` : ''}`,
    );
    for (const a of attempts) {
      console.log(
        `    attempt ${a.attempt} ${formatTime(a.startedAt)} → ${a.result} in ${a.finishedAt - a.startedAt} ms`,
      );
      for (const step of a.steps) {
        const note = step.note ? `  ${step.note}` : '';
        const error = step.error ? `  ERROR ${step.error}` : '';
        console.log(`      ${step.name.padEnd(44)} ${String(step.ms).padStart(6)} ms${error}${note}`);
        if (step.request !== undefined) console.log(`        → ${show(step.request)}`);
        if (step.response !== undefined) console.log(`        ← ${show(step.response)}`);
      }
    }
  }
}

export function register(program: Command): void {
  const orders = group(program, 'orders', 'Follow orders through the bridge');
  orders
    .command('trace <orderNumber>')
    .description("Show an order's journey: events, jobs, steps with timing, requests and answers (redacted), bindings")
    .option('-i, --integration <id>', 'the integration (default: the only one configured)')
    .option('--full', 'print requests and answers in full')
    .option('--json', 'print JSON')
    .action(async (orderNumber: string, _f: object, command: Command) => {
      const flags = flagsOf<{ integration?: string; full?: boolean }>(command);
      if (!orderNumber.trim())
        throw new UsageError('name the order', 'pass the Clarity order number, e.g. `bridge orders trace CL-100042`');
      await withStore(command, async ({ config, repos }) => {
        const integration = pickIntegration(config, flags.integration);
        const trace = await orderTrace(repos, integration.id, orderNumber.trim());
        if (!trace.jobs.length && !trace.binding) {
          throw new UsageError(
            `the bridge has seen nothing of order ${orderNumber} in integration ${integration.id}`,
            'check the order number (Clarity CustomKey, e.g. CL-100042), or whether its events arrived: `bridge jobs list`',
          );
        }
        if (flags.json) return printJson(trace);
        printOrderTrace(trace, flags.full === true);
      });
    });
}
