// /api/v1/webhooks: subscriptions. POST answers the signing secret once (`whsec_...`); it is never listed again.
import type { SandboxContext } from '../context.ts';
import { WEBHOOK_EVENTS, type WebhookEventType } from '../model.ts';
import { route, type Route } from '../router.ts';
import { FieldChecker } from '../validation.ts';
import type { WebhookSecrets } from '../webhook-secrets.ts';
import {
  bodyObject,
  checkCustomKey,
  createdAnswer,
  found,
  idParam,
  knownFieldsOnly,
  listAnswer,
  requireFreeKey,
} from './common.ts';

const FIELDS = ['Url', 'Events', 'CustomKey'] as const;

export function webhookRoutes({ store, counters }: SandboxContext, secrets: WebhookSecrets): Route[] {
  const manage = ['webhooks:manage'];
  return [
    route('GET', '/api/v1/webhooks', manage, (request) => listAnswer(request, store.webhooks.all())),
    route('GET', '/api/v1/webhooks/:id', manage, (request) => {
      const id = idParam(request, 'webhook subscription');
      return { status: 200, body: found(store.webhooks.get(id), `no webhook subscription with ID ${id}`) };
    }),
    route('POST', '/api/v1/webhooks', manage, (request) => {
      const body = bodyObject(request, 'the webhook subscription');
      const check = new FieldChecker();
      knownFieldsOnly(check, body, FIELDS);
      const url = check.requiredString(body, 'Url', 2000);
      if (url !== undefined) {
        let parsed: URL | undefined;
        try {
          parsed = new URL(url);
        } catch {
          check.add('Url', `is not an absolute URL: ${JSON.stringify(url)}`);
        }
        if (parsed && parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
          check.add('Url', 'must be an http or https URL');
      }
      const events = readEvents(check, body.Events);
      const customKey = checkCustomKey(check, body, false, 100);
      check.throwIfAny('the webhook subscription');
      const key = customKey ?? `whk_${String(store.webhooks.peekNextId()).padStart(6, '0')}`;
      requireFreeKey(store.webhooks.hasKey(key), 'webhook subscription', key, '/api/v1/webhooks');
      const subscription = store.webhooks.insert({ CustomKey: key, Url: url!, Events: events, DisabledReason: null });
      const secret = secrets.create(subscription.ID);
      counters.inc('webhooks.subscriptions_created');
      return createdAnswer({ ...subscription, Secret: secret }, `/api/v1/webhooks/${subscription.ID}`);
    }),
    route('DELETE', '/api/v1/webhooks/:id', manage, (request) => {
      const id = idParam(request, 'webhook subscription');
      found(store.webhooks.get(id), `no webhook subscription with ID ${id}`);
      store.webhooks.delete(id);
      secrets.delete(id);
      return { status: 204 };
    }),
  ];
}

function readEvents(check: FieldChecker, value: unknown): WebhookEventType[] {
  if (!Array.isArray(value) || value.length === 0) {
    check.add('Events', `is required: a non-empty list of ${WEBHOOK_EVENTS.join(', ')}`);
    return [];
  }
  const unknown = value.filter((e) => typeof e !== 'string' || !(WEBHOOK_EVENTS as readonly string[]).includes(e));
  if (unknown.length) {
    check.add(
      'Events',
      `unknown events ${unknown.map((e) => JSON.stringify(e)).join(', ')}; known: ${WEBHOOK_EVENTS.join(', ')}`,
    );
    return [];
  }
  return [...new Set(value as WebhookEventType[])];
}
