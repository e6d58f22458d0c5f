// The wire both connectors use: one keep-alive undici pool per server with a bounded number of sockets, and a
// deadline per call that covers the whole exchange (connect, headers and body). Answers come back raw, any status;
// classifying them is the connector's job.
import { Pool } from 'undici';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface HttpPoolOptions {
  /** Sockets kept open to the server at most (calls beyond wait for a free one). */
  maxSockets: number;
  /** Default deadline of one call, from sending to the last byte of the answer. */
  timeoutMs: number;
  /** How long an idle socket stays open. */
  keepAliveMs?: number;
}

/** Thrown when no whole answer came within the deadline (`name` is `TimeoutError`). */
export class HttpTimeoutError extends Error {
  override readonly name = 'TimeoutError';
  constructor(deadlineMs: number, cause: unknown) {
    super(`no answer within ${deadlineMs} ms`, { cause });
  }
}

export class HttpPool {
  readonly #pool: Pool;
  readonly #prefix: string;
  readonly #timeoutMs: number;

  /** A path prefix of the base URL (`https://host/shop`) is kept in front of every path. */
  constructor(baseUrl: string, options: HttpPoolOptions) {
    const url = new URL(baseUrl);
    this.#prefix = url.pathname.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs;
    this.#pool = new Pool(url.origin, {
      connections: options.maxSockets,
      keepAliveTimeout: options.keepAliveMs ?? 30_000,
      pipelining: 1,
    });
  }

  /** Sends one request; network failures are thrown as they come, a missed deadline as HttpTimeoutError. */
  async request(
    method: string,
    path: string,
    body?: string,
    headers: Record<string, string> = {},
    timeoutMs?: number,
  ): Promise<RawAnswer> {
    // a precise deadline for the whole exchange (undici's own header/body timers tick in half seconds), cleared on
    // completion so that thousands of calls a second leave no pending timers behind
    const deadline = timeoutMs ?? this.#timeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), deadline);
    try {
      const response = await this.#pool.request({
        method: method as 'GET',
        path: this.#prefix + path,
        headers,
        body: body ?? null,
        signal: controller.signal,
      });
      const text = await response.body.text();
      return { status: response.statusCode, headers: response.headers, text };
    } catch (error) {
      if (controller.signal.aborted) throw new HttpTimeoutError(deadline, error);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}
