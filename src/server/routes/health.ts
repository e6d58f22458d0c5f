// /healthz (the process is up; each connector's state in the body), /readyz (the store answers and webhooks are
// taken in: a paused connector does not make the bridge unready, since events must still be accepted), /metrics.
import type { FastifyInstance } from 'fastify';
import { pingStore } from '../../store/db.ts';
import type { ServerDeps } from '../app.ts';

export function healthRoutes(app: FastifyInstance, deps: ServerDeps): void {
  app.get('/healthz', async () => {
    const states = await deps.engine.repos.connectors.list().catch(() => []);
    return {
      status: 'ok',
      uptimeSeconds: Math.round(process.uptime()),
      integrations: [...deps.integrations.keys()].map((id) => ({
        id,
        connectors: Object.fromEntries(
          ['odoo', 'clarity'].map((connector) => {
            const state = states.find((s) => s.integrationId === id && s.connector === connector);
            return [connector, state ? { state: state.state, reason: state.reason } : { state: 'active' }];
          }),
        ),
      })),
    };
  });

  app.get('/readyz', async (_request, reply) => {
    try {
      await pingStore(deps.engine.store);
      return { ready: true };
    } catch (error) {
      return reply.code(503).send({ ready: false, reason: `the store does not answer: ${(error as Error).message}` });
    }
  });

  app.get('/metrics', async (_request, reply) => {
    return reply.type('text/plain; version=0.0.4').send(await deps.metrics.registry.expose());
  });
}
