// Structured JSON logs (pino); human-readable on a terminal. Secrets are redacted by key name and by value.
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { redact } from './redact.ts';
import { redactSecretValues } from './secret.ts';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level?: string;
  /** Force pretty (true) or JSON (false) output; by default pretty when stdout is a terminal. */
  pretty?: boolean;
  /** Where to write (default: stdout). */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  const destination = options.destination ?? process.stdout;
  const human = options.pretty ?? Boolean((destination as { isTTY?: boolean }).isTTY);
  const stream = human
    ? pretty({
        sync: true,
        destination: destination as NodeJS.WritableStream & { fd?: number },
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname',
      })
    : destination;
  return pino(
    {
      level,
      base: { pid: process.pid },
      formatters: { log: (object) => redact(object) },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? redactSecretValues(a) : a)) as Parameters<typeof method>,
          );
        },
      },
      serializers: {
        err: (e: unknown) => redact(e instanceof Error ? { type: e.name, message: e.message, ...(e as object) } : e),
      },
    },
    stream,
  );
}

/** A logger that writes nothing (tests, benchmarks). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
