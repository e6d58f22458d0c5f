// POST /webhooks/clarity/:integration — Standard Webhooks verification, then the inbox; answered before any flow work.
// A duplicate is answered 2xx (and counted); a bad signature 401 with nothing stored.
import type { FastifyInstance } from 'fastify';
import { webhookVerifierFor } from '../../connectors/clarity/webhook-secrets.ts';
import { parseWebhookEvent } from '../../connectors/clarity/webhook-event.ts';
import type { WebhookVerifier } from '../../connectors/clarity/webhook.ts';
import type { ServerDeps } from '../app.ts';

/** How often a failing signature may reload the secrets from the store (a subscription made while running). */
const RELOAD_EVERY_MS = 5_000;

export function clarityWebhookRoutes(app: FastifyInstance, deps: ServerDeps): void {
  const verifiers = new Map<string, { verifier: WebhookVerifier | undefined; loadedAt: number }>();
  const load = async (id: string, force = false) => {
    const cached = verifiers.get(id);
    if (cached && (!force || Date.now() - cached.loadedAt < RELOAD_EVERY_MS)) return cached.verifier;
    const settings = deps.integrations.get(id)!;
    const verifier = await webhookVerifierFor(
      id,
      deps.engine.repos.secrets,
      deps.masterKey,
      settings.clarity.webhookSecrets,
    );
    verifiers.set(id, { verifier, loadedAt: Date.now() });
    return verifier;
  };

  app.post<{ Params: { integration: string } }>('/webhooks/clarity/:integration', async (request, reply) => {
    const id = request.params.integration;
    if (!deps.integrations.has(id)) return reply.code(404).send({ error: `no integration "${id}"` });
    const body = request.body as Buffer;
    let verifier = await load(id);
    let verified = verifier?.verify(request.headers, body);
    if (!verified?.ok) {
      verifier = await load(id, true);
      verified = verifier?.verify(request.headers, body);
    }
    if (!verifier || !verified) {
      deps.metrics.eventsIn.inc({ source: 'clarity', type: 'unknown', outcome: 'rejected' });
      return reply.code(401).send({
        error: 'no signing secret for this integration',
        hint: 'run `bridge clarity subscribe`, or set clarity.webhookSecrets',
      });
    }
    if (!verified.ok) {
      deps.metrics.eventsIn.inc({ source: 'clarity', type: 'unknown', outcome: 'rejected' });
      deps.logger.warn({ integration: id, reason: verified.reason }, 'Clarity webhook refused');
      return reply.code(401).send({ error: verified.reason, detail: verified.detail });
    }
    const parsed = parseWebhookEvent(verified.message, id);
    if (!parsed.ok) {
      // Signed, so truly from the store, but never readable: a retry would not help, and 24 hours of failures would
      // disable the subscription. Take it (2xx) and raise an alert an operator sees, with the delivery's id.
      deps.metrics.eventsIn.inc({ source: 'clarity', type: 'unknown', outcome: 'rejected' });
      await deps.engine.repos.alerts.raise({
        integrationId: id,
        kind: 'ingest',
        connector: 'clarity',
        message: `a signed Clarity webhook could not be read (${parsed.reason}): ${parsed.detail}`,
        details: { webhookId: verified.message.id },
      });
      deps.logger.error(
        { integration: id, webhookId: verified.message.id, reason: parsed.reason, detail: parsed.detail },
        'signed Clarity webhook could not be read; alert raised',
      );
      return reply.code(202).send({ status: 'refused', reason: parsed.reason, detail: parsed.detail });
    }
    const outcome = await deps.engine.inbox.recordEvent(parsed.event);
    deps.metrics.eventsIn.inc({ source: 'clarity', type: parsed.event.type, outcome: outcome.status });
    return reply.code(outcome.status === 'recorded' ? 202 : 200).send({ status: outcome.status, id: outcome.id });
  });
}
