// Which Odoo answers: `common.version` over JSON-RPC (16–19), else `GET /web/version` (19+).
import { BusinessError, TransientError } from '../../core/errors.ts';
import { CONNECTOR, networkError } from './errors.ts';
import type { OdooVersion } from './fields.ts';
import type { HttpPool } from '../../core/http-pool.ts';
import { jsonRpc } from './transport.ts';

export interface ServerVersion {
  /** As the server prints it, e.g. `17.0-20240709`, `19.0+e-20251227`, `saas~18.2`. */
  text: string;
  major: number;
  minor: number;
  /** The version map to follow (a newer server is treated as 19). */
  mapVersion: OdooVersion;
}

export async function detectServerVersion(http: HttpPool, timeoutMs?: number): Promise<ServerVersion> {
  let info: unknown[] | undefined;
  let text: string | undefined;
  try {
    const result = (await jsonRpc(
      http,
      'common',
      'version',
      [],
      { model: 'common', method: 'version' },
      timeoutMs,
    )) as {
      server_version?: string;
      server_version_info?: unknown[];
    } | null;
    info = result?.server_version_info;
    text = result?.server_version;
  } catch (error) {
    if (error instanceof TransientError) throw error;
    // some deployments close /jsonrpc: ask /web/version
    let answer;
    try {
      answer = await http.request('GET', '/web/version', undefined, {}, timeoutMs);
    } catch (cause) {
      throw networkError(cause, { model: 'web', method: 'version' }, timeoutMs);
    }
    const parsed = JSON.parse(answer.text) as { version_info?: unknown[]; version?: string };
    info = parsed.version_info;
    text = parsed.version;
  }
  return toServerVersion(info, text);
}

export function toServerVersion(info: unknown[] | undefined, text: string | undefined): ServerVersion {
  const major = typeof info?.[0] === 'number' ? info[0] : Number(/(\d+)\.(\d+)/.exec(text ?? '')?.[1]);
  const minor = typeof info?.[1] === 'number' ? info[1] : Number(/(\d+)\.(\d+)/.exec(text ?? '')?.[2] ?? 0);
  if (!Number.isFinite(major))
    throw new BusinessError(`Odoo did not say its version (got ${JSON.stringify(text)})`, { connector: CONNECTOR });
  if (major < 16) {
    throw new BusinessError(`Odoo ${text ?? major} is not supported; the bridge works with Odoo 16, 17, 18 and 19`, {
      connector: CONNECTOR,
      details: { version: text },
    });
  }
  const mapVersion = (major > 19 ? 19 : major) as OdooVersion;
  return { text: text ?? `${major}.${minor}`, major, minor, mapVersion };
}
