// POST /webhooks/odoo/:integration/:token — Odoo's "Send Webhook Notification" automation. Odoo sends no custom
// header, so a secret token in the path authenticates it; the token never reaches a log line.
import type { FastifyInstance } from 'fastify';
import { createOdooWebhookReceiver, type OdooWebhookReceiver } from '../../connectors/odoo/webhook.ts';
import type { ServerDeps } from '../app.ts';

export function odooWebhookRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const receivers = new Map<string, OdooWebhookReceiver>();
  for (const [id, settings] of deps.integrations) {
    if (!settings.odoo.webhookToken) continue;
    receivers.set(
      id,
      createOdooWebhookReceiver({
        integrationId: id,
        token: settings.odoo.webhookToken,
        logger: deps.logger,
        onEvent: async (event) => {
          const outcome = await deps.engine.inbox.recordEvent(event);
          deps.metrics.eventsIn.inc({ source: 'odoo', type: event.type, outcome: outcome.status });
        },
      }),
    );
  }

  app.post<{ Params: { integration: string; token: string } }>(
    '/webhooks/odoo/:integration/:token',
    async (request, reply) => {
      const receiver = receivers.get(request.params.integration);
      if (!receiver) {
        return reply.code(404).send({
          error: `no Odoo webhooks for integration "${request.params.integration}"`,
          hint: 'set odoo.webhookToken for it',
        });
      }
      const answer = await receiver.receive(request.params.token, request.body as Buffer);
      if (answer.status >= 400) deps.metrics.eventsIn.inc({ source: 'odoo', type: 'unknown', outcome: 'rejected' });
      return reply.code(answer.status).send(answer.body);
    },
  );
}
