// `bridge sandbox clarity` as a separate process: it prints where it listens and the client credentials, and serves.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
// The command file on its own (the lead registers it in src/cli/main.ts).
const script = `
import { Command } from 'commander';
import { register } from './src/cli/commands/sandbox-clarity.ts';
const program = new Command('bridge').exitOverride();
register(program);
program.parseAsync(process.argv.slice(1), { from: 'user' }).catch((error) => { console.error(error.message); process.exit(2); });
`;

function run(args: string[]): {
  child: ChildProcess;
  stdout: () => string;
  output: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, '--', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, output: () => stdout + stderr, exited };
}

describe('bridge sandbox clarity', () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGTERM');
  });

  it('prints its URL and client credentials, then serves tokens and orders', async () => {
    const started = run([
      'sandbox',
      'clarity',
      '--port',
      '0',
      '--json',
      '--products',
      '50',
      '--orders',
      '3',
      '--client-secret',
      's3cret',
    ]);
    children.push(started.child);
    const infoLine = () =>
      started
        .stdout()
        .split('\n')
        .find((line) => line.startsWith('{"url"') && line.endsWith('}'));
    while (!infoLine()) {
      if (started.child.exitCode !== null) throw new Error(started.output());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const info = JSON.parse(infoLine()!) as { url: string; clientId: string; clientSecret: string };
    expect(info).toMatchObject({ clientId: 'sandbox-client', clientSecret: 's3cret' });
    const token = (await (
      await fetch(`${info.url}/oauth/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: info.clientId,
          client_secret: info.clientSecret,
        }),
      })
    ).json()) as { access_token: string };
    let total = 0;
    while (total < 3) {
      const page = (await (
        await fetch(`${info.url}/api/v1/orders`, { headers: { authorization: `Bearer ${token.access_token}` } })
      ).json()) as { TotalCount: number };
      total = page.TotalCount;
      if (total < 3) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(total).toBe(3);
  });

  it('refuses a bad port with one clear line', async () => {
    const started = run(['sandbox', 'clarity', '--port', 'eighty']);
    children.push(started.child);
    expect(await started.exited).not.toBe(0);
    expect(started.output()).toContain('--port must be a whole number from 0 to 65535; got "eighty"');
  });
});
