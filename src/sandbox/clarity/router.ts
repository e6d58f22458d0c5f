// Routes of the sandbox: a method, a path template (`/api/v1/orders/:id`, `*rest` for the remainder), the
// scopes that may call it, and a handler from a parsed request to a response.
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthContext } from './auth.ts';
import { badRequest } from './problem.ts';

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
  rawBody: string;
  /** The JSON body, or undefined when the request had none. */
  body: unknown;
  /** The caller, on routes that need a token. */
  auth: AuthContext | undefined;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Default `application/json`; a string body with `text/html` is sent as is. */
  contentType?: string;
}

export type Handler = (request: ApiRequest) => ApiResponse | Promise<ApiResponse>;

export interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  paramNames: string[];
  /** A token with ANY of these scopes may call it; undefined = no token needed (oauth, sandbox controls). */
  scopes: string[] | undefined;
  handler: Handler;
}

export function route(method: string, template: string, scopes: string[] | undefined, handler: Handler): Route {
  const paramNames: string[] = [];
  const source = template
    .split('/')
    .map((part) => {
      if (part.startsWith(':')) {
        paramNames.push(part.slice(1));
        return '([^/]+)';
      }
      if (part.startsWith('*')) {
        paramNames.push(part.slice(1));
        return '(.+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { method, template, pattern: new RegExp(`^${source}/?$`), paramNames, scopes, handler };
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/** The route for a method and path; `allowed` lists the methods the path has when none matches the method. */
export function matchRoute(routes: Route[], method: string, path: string): { match?: RouteMatch; allowed: string[] } {
  const allowed: string[] = [];
  for (const candidate of routes) {
    const m = candidate.pattern.exec(path);
    if (!m) continue;
    if (candidate.method !== method) {
      allowed.push(candidate.method);
      continue;
    }
    const params: Record<string, string> = {};
    candidate.paramNames.forEach((name, i) => {
      try {
        params[name] = decodeURIComponent(m[i + 1] ?? '');
      } catch {
        throw badRequest(`the path segment ${JSON.stringify(m[i + 1])} is not valid percent-encoding`);
      }
    });
    return { match: { route: candidate, params }, allowed };
  }
  return { allowed };
}
