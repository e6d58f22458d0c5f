// Clarity's side of the wire (core/http-pool.ts): JSON or form bodies, the query string, answers parsed as JSON when
// they are, and a failure to get any answer classified as transient. Classifying answers is the caller's job.
import { HttpPool, HttpTimeoutError } from '../../core/http-pool.ts';
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
  readonly #pool: HttpPool;
  readonly #userAgent: string;

  constructor(options: HttpOptions) {
    this.#pool = new HttpPool(options.baseUrl, {
      maxSockets: options.maxSockets ?? 8,
      timeoutMs: options.timeoutMs ?? 30_000,
    });
    this.#userAgent = options.userAgent ?? 'odoo-clarity-bridge';
  }

  /** Sends one request; resolves with any answer (2xx or not), rejects with a TransientError when none came. */
  async send(request: HttpRequest): Promise<HttpAnswer> {
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
      'user-agent': this.#userAgent,
      ...request.headers,
    };
    let body: string | undefined;
    if (request.body instanceof URLSearchParams) {
      body = request.body.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers['content-type'] = 'application/json';
    }
    try {
      const answer = await this.#pool.request(
        request.method,
        request.path + queryString(request.query),
        body,
        headers,
        request.timeoutMs,
      );
      const contentType = String(answer.headers['content-type'] ?? '');
      return { status: answer.status, headers: answer.headers, body: parseBody(answer.text, contentType) };
    } catch (error) {
      throw classifyNetworkError(request, error, error instanceof HttpTimeoutError);
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
