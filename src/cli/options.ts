// Shared pieces of commands that start servers: numeric options, listen errors, stopping on a signal.
import { OperationError, UsageError } from '../core/errors.ts';

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

/** Where the operator sets the address a server listens on: flags for the sandboxes, config keys for the bridge. */
export interface ListenSettings {
  host: string;
  port: string;
}

const LISTEN_FLAGS: ListenSettings = { host: '--host', port: '--port' };

/** Starts a server, turning "port taken", "not allowed" and "no such address" into one clear line each. */
export async function listenOrExplain<T>(
  host: string,
  port: number,
  start: () => Promise<T>,
  settings: ListenSettings = LISTEN_FLAGS,
): Promise<T> {
  try {
    return await start();
  } catch (error) {
    const code = (error as { code?: string }).code;
    // Another process holds the port: the operation failed (exit 1), the configuration may well be right.
    if (code === 'EADDRINUSE')
      throw new OperationError(
        `cannot listen on ${host}:${port}: another process is using that port`,
        `stop that process, or pick another port with ${settings.port}`,
      );
    if (code === 'EACCES')
      throw new UsageError(`not allowed to listen on ${host}:${port}`, `use a port above 1024 with ${settings.port}`);
    if (code === 'EADDRNOTAVAIL')
      throw new UsageError(
        `cannot listen on ${host}:${port}: ${host} is not an address of this machine`,
        `set ${settings.host} to one of its addresses (127.0.0.1, or 0.0.0.0 for all)`,
      );
    throw error;
  }
}

/** Closes the server on Ctrl+C or SIGTERM, then exits. */
export function closeOnSignals(close: () => Promise<void>): void {
  const stop = (): void => void close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
