// Delivers store changes to webhook subscriptions: at least once, signed, the same `webhook-id` on every retry,
// retried on the compressible schedule, the subscription disabled after 24 h of failures, every attempt logged.
// The duplicate and reorder switches act here.
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../core/logger.ts';
import type { Counters } from './counters.ts';
import type { DeliveryAttempt, WebhookEventType } from './model.ts';
import type { ClarityStore } from './store.ts';
import type { SwitchBoard } from './switches.ts';
import { nextRetryMs } from './webhook-schedule.ts';
import type { WebhookSecrets } from './webhook-secrets.ts';
import { webhookHeaders } from './webhook-signer.ts';

export interface DispatcherOptions {
  store: ClarityStore;
  secrets: WebhookSecrets;
  switches: SwitchBoard;
  counters: Counters;
  logger: Logger;
  /** Divides the retry schedule and the 24 h window (1000: the first retry after 5 ms). */
  timeScale: number;
  /** How long a receiver may take to answer (default 15 s; not scaled). */
  timeoutMs: number;
  /** How long reordered messages are held before being sent newest first. */
  reorderWindowMs?: number;
  /** Attempts in flight per subscription at most; the rest wait their turn (default 8). */
  maxInFlightPerSubscription?: number;
}

interface Message {
  webhookId: string;
  eventId: string;
  eventType: WebhookEventType;
  subscriptionId: number;
  body: string;
  failures: number;
  /** Σ of the retry delays waited so far: the 24 h window counts the schedule, not the receivers' answer times. */
  scheduledMs: number;
}

function randomId(prefix: string): string {
  return prefix + randomBytes(16).toString('base64url');
}

export class WebhookDispatcher {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private held: Message[] = [];
  private closed = false;
  /** Attempts running per subscription, and the ones waiting for a free slot. */
  private readonly running = new Map<number, number>();
  private readonly waiting = new Map<number, (() => void)[]>();

  constructor(private readonly options: DispatcherOptions) {
    options.store.onChange((type, resource) => this.publish(type, resource));
  }

  /** Queues one message per active subscription that listens to `type`. */
  publish(type: WebhookEventType, resource: unknown): void {
    if (this.closed) return;
    const subscribers = this.options.store.webhooks.all().filter((s) => s.Active && s.Events.includes(type));
    if (subscribers.length === 0) return;
    const updated = (resource as { UpdatedDate?: unknown }).UpdatedDate;
    const event = {
      id: randomId('evt_'),
      type,
      occurredAt: typeof updated === 'string' ? updated : new Date().toISOString(),
      data: resource,
    };
    const body = JSON.stringify(event);
    this.options.counters.inc(`webhooks.events.${type}`);
    for (const subscription of subscribers) {
      const message: Message = {
        webhookId: randomId('msg_'),
        eventId: event.id,
        eventType: type,
        subscriptionId: subscription.ID,
        body,
        failures: 0,
        scheduledMs: 0,
      };
      if (this.options.switches.get().reorder) this.hold(message);
      else this.send(message, false);
    }
  }

  /** Stops every pending retry and waits for attempts in flight. */
  async close(): Promise<void> {
    this.closed = true;
    this.waiting.clear();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.abort.abort();
    await Promise.allSettled([...this.inFlight]);
  }

  /** True while a subscription exists and is active; retries due for any other are dropped. */
  private isLive(subscriptionId: number): boolean {
    const subscription = this.options.store.webhooks.get(subscriptionId);
    return subscription !== undefined && subscription.Active;
  }

  private hold(message: Message): void {
    this.held.push(message);
    if (this.held.length > 1) return;
    this.later(this.options.reorderWindowMs ?? 100, () => {
      const batch = this.held.reverse();
      this.held = [];
      for (const m of batch) this.send(m, false);
    });
  }

  private later(ms: number, run: () => void): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) run();
    }, ms);
    this.timers.add(timer);
  }

  /** Starts an attempt now, or once the subscription has a free slot (a receiver is not flooded by a burst). */
  private send(message: Message, duplicate: boolean): void {
    const id = message.subscriptionId;
    const limit = this.options.maxInFlightPerSubscription ?? 8;
    const start = () => {
      this.running.set(id, (this.running.get(id) ?? 0) + 1);
      const attempt = this.attempt(message, duplicate)
        .catch((error: unknown) => {
          this.options.logger.error({ err: error, webhookId: message.webhookId }, 'webhook attempt crashed');
        })
        .finally(() => {
          this.inFlight.delete(attempt);
          this.running.set(id, (this.running.get(id) ?? 1) - 1);
          this.waiting.get(id)?.shift()?.();
        });
      this.inFlight.add(attempt);
    };
    if ((this.running.get(id) ?? 0) < limit) start();
    else {
      const queue = this.waiting.get(id) ?? [];
      queue.push(start);
      this.waiting.set(id, queue);
    }
  }

  private async attempt(message: Message, duplicate: boolean): Promise<void> {
    const { store, secrets, counters, logger, timeScale, timeoutMs } = this.options;
    const subscription = store.webhooks.get(message.subscriptionId);
    if (!subscription || !subscription.Active || this.closed) return;
    const startedAt = Date.now();
    const timestamp = Math.floor(startedAt / 1000);
    // Each attempt is signed afresh (current timestamp, currently live secrets); the webhook-id stays.
    const headers = webhookHeaders(secrets.live(subscription.ID), message.webhookId, timestamp, message.body);
    let status: number | null = null;
    let error: string | null = null;
    counters.inc('webhooks.attempts');
    try {
      const response = await fetch(subscription.Url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'clarity-sandbox-webhooks/1', ...headers },
        body: message.body,
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), this.abort.signal]),
        redirect: 'manual',
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (caught) {
      const cause = (caught as { cause?: { code?: string } }).cause;
      error =
        (caught as Error).name === 'TimeoutError'
          ? `no answer within ${timeoutMs} ms`
          : (cause?.code ?? (caught as Error).message);
    }
    if (this.closed) return;
    const ok = status !== null && status >= 200 && status < 300;
    const entry: DeliveryAttempt = {
      webhookId: message.webhookId,
      eventId: message.eventId,
      eventType: message.eventType,
      subscriptionId: subscription.ID,
      url: subscription.Url,
      attempt: message.failures + 1,
      duplicate,
      at: new Date(startedAt).toISOString(),
      status,
      error,
      durationMs: Date.now() - startedAt,
      outcome: 'delivered',
      retryInMs: null,
    };
    if (duplicate) {
      counters.inc('webhooks.duplicates_sent');
      store.logDelivery({ ...entry, outcome: 'duplicate' });
      return;
    }
    if (ok) {
      counters.inc('webhooks.delivered');
      store.logDelivery(entry);
      if (message.failures === 0 && this.options.switches.shouldDuplicate())
        this.later(10, () => this.send(message, true));
      return;
    }
    counters.inc('webhooks.failed_attempts');
    message.failures++;
    const delay = nextRetryMs(message.failures, message.scheduledMs, timeScale);
    if (delay === undefined) {
      store.logDelivery({ ...entry, outcome: 'gave-up' });
      this.disable(subscription.ID, `deliveries failed for 24 hours (last: ${status ?? error})`);
      return;
    }
    message.scheduledMs += delay;
    store.logDelivery({ ...entry, outcome: 'retrying', retryInMs: delay });
    logger.debug(
      { webhookId: message.webhookId, status, error, retryInMs: delay },
      'webhook delivery failed; will retry',
    );
    this.later(delay, () => {
      if (this.isLive(message.subscriptionId)) this.send(message, false);
    });
  }

  private disable(subscriptionId: number, reason: string): void {
    const { store, counters, logger } = this.options;
    if (!this.isLive(subscriptionId)) return;
    store.webhooks.update(subscriptionId, (draft) => {
      draft.Active = false;
      draft.DisabledReason = reason;
    });
    counters.inc('webhooks.subscriptions_disabled');
    logger.warn({ subscriptionId, reason }, 'webhook subscription disabled');
  }
}
