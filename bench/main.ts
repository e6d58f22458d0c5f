// `npm run bench -- <name> [--json] [--key value ...]`: runs bench/<name>.bench.ts and prints a readable table,
// or with --json one JSON object per line ({"bench","metric","value","unit",...parameters}).
import { cpus } from 'node:os';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

export interface BenchRecord {
  metric: string;
  value: number;
  unit: string;
  [parameter: string]: string | number | boolean;
}

export interface BenchContext {
  /** Extra command-line options (`--orders 200` → { orders: '200' }). */
  options: Record<string, string | boolean>;
  report(record: BenchRecord): void;
  /** Progress text for a human (hidden with --json). */
  note(text: string): void;
}

export type Bench = (ctx: BenchContext) => Promise<void>;

const here = dirname(fileURLToPath(import.meta.url));

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const names = args.filter(
    (a, i) =>
      !a.startsWith('--') &&
      !(args[i - 1]?.startsWith('--') && !args[i - 1]?.includes('=') && args[i - 1] !== '--json'),
  );
  const options: Record<string, string | boolean> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) continue;
    const [key, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const next = args[i + 1];
    if (inline !== undefined) options[key] = inline;
    else if (key !== 'json' && next !== undefined && !next.startsWith('--')) options[key] = next;
    else options[key] = true;
  }
  const json = options.json === true;
  const available = readdirSync(here)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.replace('.bench.ts', ''))
    .sort();
  const wanted = names.length ? names : available;
  const machine = { cores: cpus().length, node: process.version, cpu: cpus()[0]?.model ?? 'unknown' };
  if (!json) console.log(`machine: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}`);
  for (const name of wanted) {
    const file = join(here, `${name}.bench.ts`);
    if (!existsSync(file)) {
      console.error(`unknown benchmark "${name}"; available: ${available.join(', ')}`);
      process.exitCode = 2;
      return;
    }
    const mod = (await import(pathToFileURL(file).href)) as { default: Bench };
    const rows: BenchRecord[] = [];
    await mod.default({
      options,
      report(record) {
        const line = { bench: name, ...record, cores: machine.cores, node: machine.node };
        rows.push(record);
        if (json) console.log(JSON.stringify(line));
      },
      note(text) {
        if (!json) console.log(`  ${text}`);
      },
    });
    if (!json) printTable(name, rows);
  }
}

function printTable(name: string, rows: BenchRecord[]): void {
  console.log(`\n${name}`);
  for (const { metric, value, unit, ...params } of rows) {
    const p = Object.entries(params)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    console.log(`  ${metric.padEnd(34)} ${formatValue(value).padStart(12)} ${unit.padEnd(6)} ${p}`);
  }
}

function formatValue(v: number): string {
  return Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(v >= 10 ? 1 : 3);
}

await main();
