// The HTTP server: reads each request, answers the token endpoint, and for /api/ calls applies the fault
// switches, the bearer token and scope checks, the slow switch and Idempotency-Key before the route's handler.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { OAuthServer } from './auth.ts';
import type { SandboxContext } from './context.ts';
import type { IdempotencyKeys } from './idempotency.ts';
import { badRequest, HttpProblem } from './problem.ts';
import { matchRoute, type ApiRequest, type ApiResponse, type Route } from './router.ts';

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface ServerParts {
  context: SandboxContext;
  oauth: OAuthServer;
  idempotency: IdempotencyKeys;
  routes: Route[];
}

export function createSandboxServer(parts: ServerParts): Server {
  const server = createServer((req, res) => {
    handle(parts, req, res).catch((error: unknown) => {
      parts.context.logger.error({ err: error }, 'sandbox request crashed');
      if (!res.headersSent)
        send(
          res,
          problemResponse(
            new HttpProblem(500, 'Internal Server Error', 'the sandbox failed on this request; see its log'),
          ),
        );
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  return server;
}

async function handle(parts: ServerParts, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { context, oauth } = parts;
  const url = new URL(req.url ?? '/', 'http://sandbox.local');
  const method = (req.method ?? 'GET').toUpperCase();
  context.counters.inc('http.requests');
  let response: ApiResponse;
  try {
    const rawBody = await readBody(req);
    if (url.pathname === '/oauth/token') {
      response = tokenAnswer(oauth, method, req, rawBody);
    } else {
      response = await routeAnswer(parts, method, url, req, rawBody);
    }
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    response = problemResponse(error);
  }
  context.counters.inc(`http.status.${response.status}`);
  context.logger.debug({ method, path: url.pathname, status: response.status }, 'sandbox request');
  send(res, response);
}

function tokenAnswer(oauth: OAuthServer, method: string, req: IncomingMessage, rawBody: string): ApiResponse {
  if (method !== 'POST')
    throw new HttpProblem(405, 'Method Not Allowed', 'use POST /oauth/token', undefined, { allow: 'POST' });
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    return {
      status: 400,
      body: {
        error: 'invalid_request',
        error_description: 'send the token request form-encoded (Content-Type: application/x-www-form-urlencoded)',
      },
    };
  }
  return oauth.token(new URLSearchParams(rawBody), req.headers.authorization);
}

async function routeAnswer(
  parts: ServerParts,
  method: string,
  url: URL,
  req: IncomingMessage,
  rawBody: string,
): Promise<ApiResponse> {
  const { context, oauth, routes } = parts;
  const { match, allowed } = matchRoute(routes, method, url.pathname);
  if (!match) {
    if (allowed.length) {
      throw new HttpProblem(
        405,
        'Method Not Allowed',
        `${method} is not allowed on ${url.pathname}; allowed: ${allowed.join(', ')}`,
        undefined,
        {
          allow: allowed.join(', '),
        },
      );
    }
    throw new HttpProblem(404, 'Not Found', `no such path: ${method} ${url.pathname}`);
  }
  const { route } = match;
  const request: ApiRequest = {
    method,
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    params: match.params,
    rawBody,
    body: parseJson(rawBody),
    auth: undefined,
  };
  if (route.scopes === undefined) return route.handler(request);

  context.counters.inc('api.calls');
  const fault = context.switches.injectedFault();
  if (fault) {
    context.counters.inc(`injected.${fault.status}`);
    throw fault;
  }
  request.auth = oauth.authenticate(req.headers.authorization);
  oauth.requireScope(request.auth, route.scopes);
  const { slowMs } = context.switches.get();
  if (slowMs > 0) await new Promise((resolve) => setTimeout(resolve, slowMs));
  const idempotencyKey = req.headers['idempotency-key'];
  if (method === 'POST' && typeof idempotencyKey === 'string') {
    const scope = `${request.auth.clientId} ${method} ${url.pathname}`;
    return parts.idempotency.run(
      scope,
      idempotencyKey,
      request.body,
      rawBody,
      async () => route.handler(request),
      () => context.counters.inc('idempotency.replays'),
    );
  }
  return route.handler(request);
}

function parseJson(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    throw badRequest(`the body is not valid JSON (${(error as Error).message}); send application/json`);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpProblem(413, 'Payload Too Large', `bodies are limited to ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function problemResponse(problem: HttpProblem): ApiResponse {
  return {
    status: problem.status,
    body: problem.body(),
    headers: problem.headers,
    contentType: 'application/problem+json',
  };
}

function send(res: ServerResponse, response: ApiResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let payload: string | undefined;
  if (response.body !== undefined && response.status !== 204) {
    const type = response.contentType ?? 'application/json';
    payload =
      typeof response.body === 'string' && type !== 'application/json' ? response.body : JSON.stringify(response.body);
    headers['content-type'] = `${type}; charset=utf-8`;
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}
