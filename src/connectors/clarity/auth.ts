// OAuth 2.0 client credentials (RFC 6749 §4.4) for Clarity. The token is cached and renewed ahead of its expiry; however
// many calls need a token at once, one request goes to the token endpoint and they all wait for it (single flight).
import { AuthError, TransientError } from '../../core/errors.ts';
import { systemClock, type Clock } from '../../core/clock.ts';
import { registerSecretValue, type Secret } from '../../core/secret.ts';
import { classifyAnswer, CONNECTOR } from './errors.ts';
import type { ClarityHttp } from './http.ts';
import type { TokenResponse } from './contract.ts';

export interface TokenProviderOptions {
  http: ClarityHttp;
  tokenPath: string;
  clientId: string;
  clientSecret: Secret;
  /** Space-separated scopes; omitted = every scope the client has. */
  scope?: string;
  clock?: Clock;
  /** Renew this long before expiry (default 60 s; never more than a fifth of the token's lifetime). */
  refreshAheadMs?: number;
}

interface CachedToken {
  value: string;
  expiresAt: number;
  renewAt: number;
}

export class ClarityTokenProvider {
  readonly #options: TokenProviderOptions;
  readonly #clock: Clock;
  #cached: CachedToken | undefined;
  #inFlight: Promise<string> | undefined;
  /** Token requests sent so far (for health views and tests). */
  requests = 0;

  constructor(options: TokenProviderOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
  }

  /** A token good for the next call: the cached one, or a fresh one when it is about to expire. */
  async token(): Promise<string> {
    const cached = this.#cached;
    if (cached && this.#clock.now() < cached.renewAt) return cached.value;
    return this.#renewOnce();
  }

  /**
   * The store rejected `rejected` (401 invalid_token: expired early, revoked). Renews once, however many calls saw the
   * same token fail; a call that was rejected with a token already replaced just gets the replacement.
   */
  async renewAfterRejection(rejected: string): Promise<string> {
    const cached = this.#cached;
    if (cached && cached.value !== rejected && this.#clock.now() < cached.expiresAt) return cached.value;
    if (cached?.value === rejected) this.#cached = undefined;
    return this.#renewOnce();
  }

  /** Forgets the cached token (a revoked client, a changed secret). */
  clear(): void {
    this.#cached = undefined;
  }

  #renewOnce(): Promise<string> {
    this.#inFlight ??= this.#request().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #request(): Promise<string> {
    const { http, tokenPath, clientId, clientSecret, scope } = this.#options;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret.reveal(),
    });
    if (scope) form.set('scope', scope);
    const call = { method: 'POST', path: tokenPath };
    this.requests += 1;
    const answer = await http.send({ ...call, body: form });
    const body = answer.body as (Partial<TokenResponse> & { error?: string }) | undefined;
    if (answer.status >= 200 && answer.status < 300) {
      if (typeof body?.access_token !== 'string' || body.access_token === '') {
        throw new TransientError(
          `clarity: the token endpoint ${tokenPath} answered ${answer.status} without an access_token`,
          { connector: CONNECTOR },
        );
      }
      registerSecretValue(body.access_token);
      const lifetimeMs = (typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600) * 1000;
      const ahead = Math.min(this.#options.refreshAheadMs ?? 60_000, lifetimeMs / 5);
      const now = this.#clock.now();
      this.#cached = { value: body.access_token, expiresAt: now + lifetimeMs, renewAt: now + lifetimeMs - ahead };
      return body.access_token;
    }
    const oauthError = typeof body?.error === 'string' ? body.error : undefined;
    if (
      oauthError &&
      ['invalid_client', 'unauthorized_client', 'invalid_scope', 'invalid_grant'].includes(oauthError)
    ) {
      throw new AuthError(
        `clarity: the token endpoint refused client "${clientId}": ${oauthError} (check clarity.clientId and clarity.clientSecret${oauthError === 'invalid_scope' ? ', and clarity.scope' : ''})`,
        { connector: CONNECTOR, details: { status: answer.status, error: oauthError, clientId } },
      );
    }
    throw classifyAnswer(call, answer, this.#clock.now());
  }
}
