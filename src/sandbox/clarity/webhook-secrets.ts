// The signing secrets of each subscription. A rotation makes a new secret current and keeps the previous one
// live for an overlap period, so deliveries carry both signatures while receivers switch over.
import { newWebhookSecret } from './webhook-signer.ts';

interface SecretSet {
  current: string;
  previous: { secret: string; until: number }[];
}

export class WebhookSecrets {
  private readonly sets = new Map<number, SecretSet>();

  constructor(
    private readonly overlapMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  create(subscriptionId: number): string {
    const secret = newWebhookSecret();
    this.sets.set(subscriptionId, { current: secret, previous: [] });
    return secret;
  }

  /** A new current secret; the old one stays live for the overlap period. */
  rotate(subscriptionId: number): string {
    const set = this.sets.get(subscriptionId);
    if (!set) throw new Error(`no webhook subscription ${subscriptionId}`);
    set.previous.unshift({ secret: set.current, until: this.now() + this.overlapMs });
    set.current = newWebhookSecret();
    return set.current;
  }

  /** The secrets to sign with now, newest first. */
  live(subscriptionId: number): string[] {
    const set = this.sets.get(subscriptionId);
    if (!set) return [];
    const now = this.now();
    set.previous = set.previous.filter((p) => p.until > now);
    return [set.current, ...set.previous.map((p) => p.secret)];
  }

  delete(subscriptionId: number): void {
    this.sets.delete(subscriptionId);
  }
}
