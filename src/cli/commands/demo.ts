// `bridge demo` (npm run demo): the whole use case on this machine, with nothing to configure.
import type { Command } from 'commander';
import { runDemo } from '../../sandbox/demo/run-demo.ts';
import { flagsOf } from '../context.ts';
import { parseNumber } from '../options.ts';
import { printJson } from '../output.ts';

interface DemoFlags {
  rate: string;
  orders?: string;
  shipDelay: string;
  seconds?: string;
  dataDir: string;
}

const positive = (flag: string, value: string | undefined): number | undefined =>
  value === undefined ? undefined : parseNumber(value, `--${flag}`, { min: 0.001 });

export function register(program: Command): void {
  program
    .command('demo')
    .description('Run the guided demo: sandboxes of Clarity and Odoo, the bridge between them, orders flowing live')
    .option('--rate <per-second>', 'orders placed per second', '0.5')
    .option('--orders <n>', 'stop placing after this many orders')
    .option('--ship-delay <seconds>', 'how long a delivery waits in the warehouse', '3')
    .option('--seconds <n>', 'stop by itself after this many seconds')
    .option('--data-dir <path>', "where the demo's store and log go", './data/demo')
    .option('--json', 'print the final counts as JSON')
    .action(async (_f: object, command: Command) => {
      const flags = flagsOf<DemoFlags>(command);
      const orders = positive('orders', flags.orders);
      const seconds = positive('seconds', flags.seconds);
      const stopSignal = new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      const result = await runDemo({
        rate: positive('rate', flags.rate)!,
        shipDelaySeconds: positive('ship-delay', flags.shipDelay)!,
        ...(orders ? { orders } : {}),
        ...(seconds ? { seconds } : {}),
        dataDir: flags.dataDir,
        out: process.stdout,
        stopSignal,
      });
      if (flags.json) printJson(result);
      else
        console.log(
          `done: ${result.placed} placed, ${result.inOdoo} in Odoo, ${result.shipped} shipped, ${result.duplicatesInOdoo} duplicated in Odoo`,
        );
      if (result.duplicatesInOdoo > 0) process.exitCode = 1;
    });
}
