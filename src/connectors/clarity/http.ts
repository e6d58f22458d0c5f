// The wire: one keep-alive undici pool per store with a bounded number of sockets, and a deadline per call that covers
// the whole exchange (connect, headers and body). Answers come back raw; classifying them is the caller's job.
import { Pool } from 'undici';
import { classifyNetworkError, type CallDescription, type HttpAnswer } from './errors.ts';

export interface HttpOptions {
  /** The store's base URL; a path prefix (`https://host/shop`) is kept in front of every path. */
  baseUrl: string;
  /** Sockets kept open to the store at most (default 8). */
  maxSockets?: number;
  /** Deadline of one call in milliseconds (default 30 s). */
  timeoutMs?: number;
  userAgent?: string;
}

export interface HttpRequest extends CallDescription {
  query?: Record<string, string | number | undefined>;
  headers?: Record<string, string>;
  /** A JSON body (object) or a form body (URLSearchParams). */
  body?: unknown;
  timeoutMs?: number;
}

export class ClarityHttp {
  readonly #pool: Pool;
  readonly #prefix: string;
  readonly #timeoutMs: number;
  readonly #userAgent: string;

  constructor(options: HttpOptions) {
    const url = new URL(options.baseUrl);
    this.#prefix = url.pathname.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#userAgent = options.userAgent ?? 'odoo-clarity-bridge';
    this.#pool = new Pool(url.origin, { connections: options.maxSockets ?? 8, keepAliveTimeout: 30_000, pipelining: 1 });
  }

  /** Sends one request; resolves with any answer (2xx or not), rejects with a TransientError when none came. */
  async send(request: HttpRequest): Promise<HttpAnswer> {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json', 'user-agent': this.#userAgent, ...request.headers };
    let body: string | undefined;
    if (request.body instanceof URLSearchParams) {
      body = request.body.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers['content-type'] = 'application/json';
    }
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, request.timeoutMs ?? this.#timeoutMs);
    try {
      const response = await this.#pool.request({
        path: this.#prefix + request.path + queryString(request.query),
        method: request.method as 'GET',
        headers,
        body: body ?? null,
        signal: controller.signal,
      });
      const text = await response.body.text();
      const contentType = String(response.headers['content-type'] ?? '');
      return { status: response.statusCode, headers: response.headers, body: parseBody(text, contentType) };
    } catch (error) {
      throw classifyNetworkError(request, error, timedOut);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.#pool.close();
  }
}

function queryString(query: HttpRequest['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function parseBody(text: string, contentType: string): unknown {
  if (text === '') return undefined;
  if (contentType.includes('json') || /^[[{]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}
