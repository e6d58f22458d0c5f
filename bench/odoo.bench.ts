// `npm run bench -- odoo [--version 17] [--transport auto|jsonrpc|json2] [--calls 1000] [--concurrency 4]`
// The Odoo connector against the Odoo sandbox (cost model off), the sandbox in a child process so that
// `process.cpuUsage()` here measures the connector alone: calls_per_s for searchRead and create, one create of 50
// orders vs 50 creates, and client_cpu_ms_per_call for a one-record read (target < 0.2 ms).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from './main.ts';
import { OdooClient, type OdooVersion } from '../src/connectors/odoo/index.ts';

const sandboxEntry = fileURLToPath(new URL('../src/sandbox/odoo/index.ts', import.meta.url));

async function startSandboxProcess(
  version: number,
): Promise<{ child: ChildProcess; url: string; db: string; login: string; company: string; apiKey: string }> {
  const code = `
    const { startOdooSandbox } = await import(${JSON.stringify(sandboxEntry)});
    const s = await startOdooSandbox({ version: ${version}, port: 0, products: 300 });
    console.log(JSON.stringify({ url: s.url, db: s.db, login: s.login, company: s.company, apiKey: s.apiKey }));
    process.on('SIGTERM', () => s.close().then(() => process.exit(0)));
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const newline = buffer.indexOf('\n');
      if (newline !== -1) resolve(buffer.slice(0, newline));
    });
    child.once('exit', (status) => reject(new Error(`the sandbox process exited (${status}) before it listened`)));
  });
  return {
    child,
    ...(JSON.parse(line) as { url: string; db: string; login: string; company: string; apiKey: string }),
  };
}

async function timed(n: number, concurrency: number, run: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await run(next++);
    }),
  );
  return (performance.now() - started) / 1000;
}

export default async function (ctx: BenchContext): Promise<void> {
  const version = Number(ctx.options.version ?? 17) as OdooVersion;
  const calls = Number(ctx.options.calls ?? 1000);
  const concurrency = Number(ctx.options.concurrency ?? 4);
  const transport = String(ctx.options.transport ?? 'auto') as 'auto' | 'jsonrpc' | 'json2';
  ctx.note(`starting an Odoo ${version} sandbox (child process, cost model off)`);
  const sandbox = await startSandboxProcess(version);
  const client = new OdooClient({
    url: sandbox.url,
    db: sandbox.db,
    login: sandbox.login,
    company: sandbox.company,
    apiKey: sandbox.apiKey,
    transport,
    maxSockets: concurrency,
  });
  try {
    const connection = await client.connect();
    const params = { version, transport: connection.transport, concurrency };
    const [partner] = await client.searchRead('res.partner', { limit: 1, fields: ['name'] });
    const [product] = await client.searchRead('product.product', {
      domain: [['sale_ok', '=', true]],
      limit: 1,
      fields: ['name'],
    });
    for (let i = 0; i < 2000; i++) await client.read('res.partner', [partner!.id], ['name']); // warm up (JIT), so the CPU figure is the steady state

    const readSeconds = await timed(calls, concurrency, () =>
      client.searchRead('res.partner', { domain: [['id', '=', partner!.id]], fields: ['name', 'email'], limit: 1 }),
    );
    ctx.report({
      metric: 'calls_per_s',
      call: 'searchRead',
      value: calls / readSeconds,
      unit: '1/s',
      calls,
      ...params,
    });

    const creates = Math.max(50, Math.floor(calls / 2));
    const createSeconds = await timed(creates, concurrency, (i) =>
      client.create('res.partner', { name: `bench ${i}` }),
    );
    ctx.report({
      metric: 'calls_per_s',
      call: 'create',
      value: creates / createSeconds,
      unit: '1/s',
      calls: creates,
      ...params,
    });

    const order = (i: number) => ({
      partner_id: partner!.id,
      client_order_ref: `BENCH-${Date.now()}-${i}`,
      order_line: [[0, 0, { product_id: product!.id, product_uom_qty: 1 }]],
    });
    const oneByOne = await timed(50, 1, (i) => client.create('sale.order', order(i)));
    ctx.report({
      metric: 'sale_orders_created_per_s',
      mode: '50 creates of 1',
      value: 50 / oneByOne,
      unit: '1/s',
      ...params,
      concurrency: 1,
    });
    const batchStart = performance.now();
    await client.create(
      'sale.order',
      Array.from({ length: 50 }, (_, i) => order(1000 + i)),
    );
    const batched = (performance.now() - batchStart) / 1000;
    ctx.report({
      metric: 'sale_orders_created_per_s',
      mode: '1 create of 50',
      value: 50 / batched,
      unit: '1/s',
      ...params,
      concurrency: 1,
    });
    ctx.report({ metric: 'batching_speedup', value: oneByOne / batched, unit: 'x', ...params, concurrency: 1 });

    const cpuCalls = Math.max(3000, calls);
    const cpuBefore = process.cpuUsage();
    for (let i = 0; i < cpuCalls; i++) await client.read('res.partner', [partner!.id], ['name']);
    const cpu = process.cpuUsage(cpuBefore);
    ctx.report({
      metric: 'client_cpu_ms_per_call',
      value: (cpu.user + cpu.system) / 1000 / cpuCalls,
      unit: 'ms',
      calls: cpuCalls,
      target: '< 0.2',
      ...params,
      concurrency: 1,
    });
  } finally {
    await client.close();
    sandbox.child.kill('SIGTERM');
  }
}
