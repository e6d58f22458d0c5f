// Shared pieces of commands that start servers: numeric options, listen errors, stopping on a signal.
import { UsageError } from '../core/errors.ts';

/** A numeric option within bounds, or a one-line refusal naming the flag. */
export function parseNumber(
  value: string,
  flag: string,
  { min = 0, max = Number.MAX_SAFE_INTEGER, integer = false } = {},
): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new UsageError(
      `${flag} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}; got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

/** Starts a server, turning "port taken" and "not allowed" into clear refusals. */
export async function listenOrExplain<T>(host: string, port: number, start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} is already in use; pick another with --port`);
    if (code === 'EACCES') throw new UsageError(`not allowed to listen on ${host}:${port}; use a port above 1024`);
    throw error;
  }
}

/** Closes the server on Ctrl+C or SIGTERM, then exits. */
export function closeOnSignals(close: () => Promise<void>): void {
  const stop = (): void => void close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
