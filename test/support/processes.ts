// Components in their own processes, as an operator runs them: `bridge sandbox odoo`, `bridge sandbox clarity`,
// `bridge start`. Each prints one JSON line (or a log line) when it is ready.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { BRIDGE_BIN } from './cli.ts';

export interface RunningProcess<T> {
  info: T;
  child: ChildProcess;
  output(): string;
  /** SIGTERM, then SIGKILL after a grace period. */
  stop(): Promise<void>;
  kill(): Promise<void>;
}

// Children still running when this process exits (a failed test or bench) are killed with it, never left behind.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function startProcess<T = Record<string, unknown>>(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; ready: (line: string) => T | undefined; timeoutMs?: number },
): Promise<RunningProcess<T>> {
  const child = spawn(process.execPath, [BRIDGE_BIN, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  running.add(child);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  const stopWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bridge ${args.join(' ')} did not become ready:\n${out.slice(-2000)}`));
    }, options.timeoutMs ?? 30_000);
    let resolved = false;
    const onData = (d: Buffer) => {
      out += d.toString();
      if (resolved) return;
      for (const line of out.split('\n')) {
        const info = options.ready(line);
        if (info) {
          resolved = true;
          clearTimeout(timer);
          resolve({ info, child, output: () => out, stop: () => stopWith('SIGTERM'), kill: () => stopWith('SIGKILL') });
          return;
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      if (!resolved) {
        clearTimeout(timer);
        reject(new Error(`bridge ${args.join(' ')} exited with ${code} before it was ready:\n${out.slice(-2000)}`));
      }
    });
  });
}

/** The first JSON object line of a `--json` start-up message. */
export function jsonLine<T>(line: string): T | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value = JSON.parse(line) as T & { url?: string; msg?: string };
    return value.url && !value.msg ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A TCP port free on 127.0.0.1 right now (for a process's configuration written before it starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
