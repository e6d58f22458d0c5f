// `bridge sandbox odoo` starts a standalone sandbox that prints how to reach it, then answers with those credentials.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { BRIDGE_BIN } from '../support/cli.ts';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGTERM');
});

function run(args: string[]): {
  child: ChildProcess;
  output: Promise<{ code: number | null; stdout: string; stderr: string }>;
  firstLine: Promise<string>;
} {
  const child = spawn(process.execPath, [BRIDGE_BIN, 'sandbox', 'odoo', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  let resolveLine: (line: string) => void = () => {};
  const firstLine = new Promise<string>((resolve) => (resolveLine = resolve));
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (stdout.trim().startsWith('{') && stdout.includes('\n')) resolveLine(stdout.split('\n')[0]!);
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const output = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, output, firstLine };
}

describe('bridge sandbox odoo', () => {
  it('prints url, database, credentials and api key, then answers JSON-RPC with them', async () => {
    const { firstLine } = run(['--port', '0', '--version', '18', '--products', '50', '--json']);
    const info = JSON.parse(await firstLine) as {
      url: string;
      version: number;
      db: string;
      login: string;
      password: string;
      apiKey: string;
    };
    expect(info).toMatchObject({
      version: 18,
      db: 'sandbox',
      login: 'admin',
      password: 'admin',
      apiKey: 'sandbox-api-key',
    });
    const reply = await fetch(`${info.url}/jsonrpc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        method: 'call',
        params: { service: 'common', method: 'authenticate', args: [info.db, info.login, info.password, {}] },
        id: 1,
      }),
    }).then((r) => r.json() as Promise<{ result: unknown }>);
    expect(reply.result).toBe(2);
  });

  it('refuses a bad option with a one-line reason', async () => {
    const { output } = run(['--version', '15']);
    const { code, stderr } = await output;
    expect(code).toBe(2);
    expect(stderr.trim()).toBe('bridge: --version must be a whole number from 16 to 19; got "15"');
  });
});
