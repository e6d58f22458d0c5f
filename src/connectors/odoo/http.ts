// One keep-alive connection pool per Odoo server, with a bounded number of sockets and a deadline per call.
import { parseRetryAfter } from '../../core/retry-after.ts';
import { Pool } from 'undici';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface OdooHttpOptions {
  /** Sockets kept open to the server at most (calls beyond wait for a free one). */
  maxSockets: number;
  /** Default deadline of one call, from sending to the last byte of the answer. */
  timeoutMs: number;
  /** How long an idle socket stays open. */
  keepAliveMs?: number;
}

export class OdooHttp {
  readonly #pool: Pool;
  readonly #prefix: string;
  readonly #timeoutMs: number;

  constructor(baseUrl: string, options: OdooHttpOptions) {
    const url = new URL(baseUrl);
    this.#prefix = url.pathname.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs;
    this.#pool = new Pool(url.origin, {
      connections: options.maxSockets,
      keepAliveTimeout: options.keepAliveMs ?? 30_000,
      pipelining: 1,
    });
  }

  /** Sends one request; network failures and timeouts are thrown as they come (the caller classifies them). */
  async request(method: 'GET' | 'POST', path: string, body?: string, headers: Record<string, string> = {}, timeoutMs?: number): Promise<HttpAnswer> {
    // a precise deadline for the whole exchange (undici's own header/body timers tick in half seconds)
    const deadline = timeoutMs ?? this.#timeoutMs;
    // cleared on completion, so thousands of calls a second leave no pending timers behind
    const controller = new AbortController();
    const signal = controller.signal;
    const timer = setTimeout(() => controller.abort(), deadline);
    try {
      const response = await this.#pool.request({
        method,
        path: this.#prefix + path,
        headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body }),
        signal,
      });
      const text = await response.body.text();
      return { status: response.statusCode, headers: response.headers, text };
    } catch (error) {
      if (signal.aborted) throw Object.assign(new Error(`no answer within ${deadline} ms`), { name: 'TimeoutError', cause: error });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}

/** Retry-After in ms (seconds or an HTTP date), when the server sent one. */
export function retryAfterMs(headers: HttpAnswer['headers'], now = Date.now()): number | undefined {
  return parseRetryAfter(headers['retry-after'], now);
}
