// Registers the bridge's webhook URL with the store and keeps the signing secret it answers, sealed with the master
// key. The new subscription is created (and its secret saved) before the bridge's older subscriptions are deleted,
// so there is no moment without one; the poller covers whatever a store sends to no one in between.
import { createHash } from 'node:crypto';
import { sealSecret } from '../../core/crypto-box.ts';
import { registerSecretValue } from '../../core/secret.ts';
import { UsageError } from '../../core/errors.ts';
import { idempotencyKey, type ClarityClient } from './client.ts';
import { WEBHOOK_EVENTS, type ClarityId, type Webhook } from './contract.ts';

/** Where the secret goes (the store's secrets table in production). */
export interface SecretSink {
  saveSecret(integrationId: string, name: string, ciphertext: string): Promise<void>;
  /** Forgets the secret of a subscription that was replaced, so it stops verifying deliveries. */
  deleteSecret?(integrationId: string, name: string): Promise<void>;
  /** The names of the integration's kept secrets that start with `prefix`: which subscriptions the bridge made. */
  secretNames?(integrationId: string, prefix: string): Promise<string[]>;
}

/** The name a subscription's sealed secret is kept under; ingest loads every name with this prefix. */
export const WEBHOOK_SECRET_NAME_PREFIX = 'clarity.webhook.';

export function webhookSecretName(subscriptionId: ClarityId): string {
  return `${WEBHOOK_SECRET_NAME_PREFIX}${subscriptionId}`;
}

/** The context a sealed webhook secret is bound to (see crypto-box.ts): it opens only under the same name. */
export function webhookSecretContext(integrationId: string, name: string): string {
  return `${integrationId}:${name}`;
}

/** The URL the store posts to: `<publicUrl>/webhooks/clarity/<integration>`. */
export function webhookUrl(publicUrl: string, integrationId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${webhookPath(integrationId)}`;
}

function webhookPath(integrationId: string): string {
  return `/webhooks/clarity/${encodeURIComponent(integrationId)}`;
}

/**
 * Whether a subscription is one this bridge made for the integration: it keeps its secret, or it posts to the
 * integration's webhook path on any host (an earlier `server.publicUrl`).
 */
function isBridgeSubscription(webhook: Webhook, integrationId: string, secretNames: ReadonlySet<string>): boolean {
  if (secretNames.has(webhookSecretName(webhook.ID))) return true;
  try {
    return new URL(webhook.Url).pathname.replace(/\/+$/, '') === webhookPath(integrationId);
  } catch {
    return false;
  }
}

/**
 * The events the bridge subscribes to. Today every event of the contract; flows will narrow it by passing the events
 * they consume. Unknown names are refused with the list of known ones.
 */
export function webhookEvents(wanted: readonly string[] = WEBHOOK_EVENTS): string[] {
  const unknown = wanted.filter((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
  if (unknown.length)
    throw new UsageError(
      `unknown Clarity webhook event(s): ${unknown.join(', ')}`,
      `known events: ${WEBHOOK_EVENTS.join(', ')}`,
    );
  if (wanted.length === 0)
    throw new UsageError('no webhook events to subscribe to', `name at least one of: ${WEBHOOK_EVENTS.join(', ')}`);
  return [...new Set(wanted)];
}

export interface SubscribeOptions {
  integrationId: string;
  /** `server.publicUrl`. */
  publicUrl: string;
  /** Default: every event of the contract. */
  events?: readonly string[];
  /** BRIDGE_MASTER_KEY. */
  masterKey: string;
  /**
   * Keep the bridge's older subscriptions for this integration (default: once the new one is saved, delete every one
   * whose secret the bridge keeps or whose URL is this integration's webhook path, and forget their secrets).
   */
  keepExisting?: boolean;
  /** Makes this subscription distinct from earlier runs (a rotation); without it a re-run after a crash reuses the key. */
  rotation?: string;
}

export interface SubscribeResult {
  subscriptionId: ClarityId;
  url: string;
  events: string[];
  secretName: string;
  /** The bridge's older subscriptions for this integration that were deleted (their secrets forgotten). */
  replaced: ClarityId[];
}

export async function subscribeWebhooks(
  client: ClarityClient,
  options: SubscribeOptions,
  secrets: SecretSink,
): Promise<SubscribeResult> {
  const url = webhookUrl(options.publicUrl, options.integrationId);
  const events = webhookEvents(options.events);
  const intent = createHash('sha256')
    .update(`${url} ${[...events].sort().join(',')} ${options.rotation ?? ''}`)
    .digest('hex')
    .slice(0, 16);
  const key = idempotencyKey('webhook', options.integrationId, intent);

  let created = await client.webhooks.create({ Url: url, Events: events }, { idempotencyKey: key });
  const existing = await client.webhooks.list();
  if (!existing.some((w) => w.ID === created.ID)) {
    // The store replayed an earlier answer for this key, but that subscription is gone (deleted by hand): make a new one.
    created = await client.webhooks.create(
      { Url: url, Events: events },
      { idempotencyKey: idempotencyKey('webhook', options.integrationId, intent, Date.now()) },
    );
  }
  if (typeof created.Secret !== 'string' || created.Secret === '') {
    throw new UsageError(
      `the store created webhook subscription ${created.ID} but answered no Secret`,
      'check that the store speaks the v1 contract (POST /api/v1/webhooks answers {ID, Secret})',
    );
  }
  registerSecretValue(created.Secret);
  const secretName = webhookSecretName(created.ID);
  await secrets.saveSecret(
    options.integrationId,
    secretName,
    sealSecret(created.Secret, options.masterKey, webhookSecretContext(options.integrationId, secretName)),
  );

  const replaced: ClarityId[] = [];
  if (!options.keepExisting) {
    const kept = new Set((await secrets.secretNames?.(options.integrationId, WEBHOOK_SECRET_NAME_PREFIX)) ?? []);
    for (const old of existing) {
      if (old.ID !== created.ID && isBridgeSubscription(old, options.integrationId, kept)) {
        await client.webhooks.delete(old.ID);
        replaced.push(old.ID);
      }
    }
    // Every other webhook secret is now dead weight: a replaced subscription's, or one deleted in the store by hand.
    const forgotten = new Set([...kept, ...replaced.map(webhookSecretName)]);
    forgotten.delete(secretName);
    for (const name of forgotten) await secrets.deleteSecret?.(options.integrationId, name);
  }
  return { subscriptionId: created.ID, url, events, secretName, replaced };
}
