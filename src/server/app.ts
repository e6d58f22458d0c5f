// The bridge's HTTP server (Fastify): webhooks in, health, readiness and metrics. Nothing but storing an event
// happens on a webhook's request path; flows run in the workers.
import Fastify, { type FastifyInstance } from 'fastify';
import type { IntegrationConfig } from '../config/load.ts';
import type { Logger } from '../core/logger.ts';
import type { Engine } from '../engine/index.ts';
import type { BridgeMetrics } from '../insight/bridge-metrics.ts';
import { clarityWebhookRoutes } from './routes/clarity-webhooks.ts';
import { healthRoutes } from './routes/health.ts';
import { odooWebhookRoutes } from './routes/odoo-webhooks.ts';

export interface ServerDeps {
  engine: Engine;
  integrations: ReadonlyMap<string, IntegrationConfig>;
  metrics: BridgeMetrics;
  logger: Logger;
  /** Opens the webhook signing secrets `bridge clarity subscribe` sealed into the store. */
  masterKey: string | undefined;
}

/** Webhook bodies are kept raw (signatures are over the bytes as received), up to 1 MiB. */
export const BODY_LIMIT = 1024 * 1024;

export function createServer(deps: ServerDeps): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT });
  app.addContentTypeParser(
    ['application/json', 'text/plain'],
    { parseAs: 'buffer', bodyLimit: BODY_LIMIT },
    (_request, body, done) => done(null, body),
  );
  app.setErrorHandler((error, request, reply) => {
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    const message = error instanceof Error ? error.message : String(error);
    // The path of an Odoo webhook holds its token: log the route pattern, never the URL.
    if (status >= 500) deps.logger.error({ route: request.routeOptions.url, err: message }, 'request failed');
    return reply.code(status).send({ error: status >= 500 ? 'internal error' : message });
  });
  clarityWebhookRoutes(app, deps);
  odooWebhookRoutes(app, deps);
  healthRoutes(app, deps);
  return app;
}
