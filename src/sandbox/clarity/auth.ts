// OAuth 2.0 client credentials (RFC 6749 §4.4) and bearer tokens (RFC 6750): the token endpoint, token checks
// on every API call, scope checks, and the expiry/revocation controls tests use.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Counters } from './counters.ts';
import { SCOPES } from '../../connectors/clarity/contract.ts';
import { HttpProblem } from './problem.ts';
import type { ApiResponse } from './router.ts';

/** Every scope of the v1 contract (CLARITY-API.md), as the connector names them. */
export const ALL_SCOPES = SCOPES;

export interface OAuthClient {
  id: string;
  secret: string;
  scopes: string[];
}

export interface AuthContext {
  clientId: string;
  scopes: string[];
}

interface IssuedToken extends AuthContext {
  expiresAt: number;
}

/** An RFC 6749 §5.2 error answer (JSON body `{error, error_description}`). */
function oauthError(
  status: number,
  error: string,
  description: string,
  headers: Record<string, string> = {},
): ApiResponse {
  return {
    status,
    body: { error, error_description: description },
    headers: { 'cache-control': 'no-store', pragma: 'no-cache', ...headers },
  };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class OAuthServer {
  private readonly clients = new Map<string, OAuthClient>();
  private readonly revoked = new Set<string>();
  private tokens = new Map<string, IssuedToken>();

  constructor(
    clients: OAuthClient[],
    private readonly lifetimeSec: number,
    private readonly counters: Counters,
    private readonly now: () => number = Date.now,
  ) {
    for (const client of clients) this.clients.set(client.id, { ...client, scopes: [...client.scopes] });
  }

  /** `POST /oauth/token` with a form body (client credentials in the body or in HTTP Basic). */
  token(form: URLSearchParams, authorization: string | undefined): ApiResponse {
    this.counters.inc('oauth.token_requests');
    let clientId = form.get('client_id') ?? undefined;
    let clientSecret = form.get('client_secret') ?? undefined;
    const basic = /^Basic\s+(.+)$/i.exec(authorization ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      clientId = decodeURIComponent(decoded.slice(0, colon));
      clientSecret = decodeURIComponent(decoded.slice(colon + 1));
    }
    const grantType = form.get('grant_type');
    if (!grantType)
      return oauthError(400, 'invalid_request', 'grant_type is missing; send grant_type=client_credentials');
    if (grantType !== 'client_credentials') {
      return oauthError(
        400,
        'unsupported_grant_type',
        `grant_type ${grantType} is not supported; use client_credentials`,
      );
    }
    const client = clientId === undefined ? undefined : this.clients.get(clientId);
    if (
      !client ||
      clientSecret === undefined ||
      !sameSecret(client.secret, clientSecret) ||
      this.revoked.has(client.id)
    ) {
      this.counters.inc('oauth.invalid_client');
      return oauthError(
        401,
        'invalid_client',
        'client authentication failed: unknown client, wrong secret or revoked client',
        basic ? { 'www-authenticate': 'Basic realm="clarity"' } : {},
      );
    }
    const requested = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
    const refused = requested.filter((s) => !client.scopes.includes(s));
    if (refused.length) {
      return oauthError(
        400,
        'invalid_scope',
        `scope not granted to this client: ${refused.join(' ')}; it has: ${client.scopes.join(' ')}`,
      );
    }
    const scopes = requested.length ? requested : [...client.scopes];
    const accessToken = `clr_${randomBytes(24).toString('base64url')}`;
    this.tokens.set(accessToken, { clientId: client.id, scopes, expiresAt: this.now() + this.lifetimeSec * 1000 });
    this.counters.inc('oauth.tokens_issued');
    return {
      status: 200,
      body: { access_token: accessToken, token_type: 'Bearer', expires_in: this.lifetimeSec, scope: scopes.join(' ') },
      headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
    };
  }

  /** The caller of an API request, or a 401 problem (RFC 6750 §3: no error code when no token was sent). */
  authenticate(authorization: string | undefined): AuthContext {
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!bearer) {
      this.counters.inc('auth.missing_token');
      throw new HttpProblem(
        401,
        'Unauthorized',
        'no bearer token; get one from POST /oauth/token and send Authorization: Bearer <token>',
        undefined,
        {
          'www-authenticate': 'Bearer realm="clarity"',
        },
      );
    }
    const token = this.tokens.get(bearer[1]!);
    if (!token || token.expiresAt <= this.now() || this.revoked.has(token.clientId)) {
      this.counters.inc('auth.invalid_token');
      throw new HttpProblem(
        401,
        'Unauthorized',
        'the access token is expired, revoked or unknown; get a new one from POST /oauth/token',
        undefined,
        {
          // Exactly as the contract writes it, so clients that match the whole header also recognise it.
          'www-authenticate': 'Bearer error="invalid_token"',
        },
      );
    }
    return { clientId: token.clientId, scopes: token.scopes };
  }

  /** Refuses with 403 unless the token has one of `anyOf`. */
  requireScope(auth: AuthContext, anyOf: string[]): void {
    if (anyOf.length === 0 || anyOf.some((s) => auth.scopes.includes(s))) return;
    this.counters.inc('auth.insufficient_scope');
    throw new HttpProblem(
      403,
      'Forbidden',
      `this call needs scope ${anyOf.join(' or ')}; the token has: ${auth.scopes.join(' ') || '(none)'}`,
      undefined,
      {
        'www-authenticate': `Bearer error="insufficient_scope", scope="${anyOf.join(' ')}"`,
      },
    );
  }

  /** Every token issued so far becomes invalid (new ones can be requested). */
  expireTokens(): void {
    this.tokens = new Map();
    this.counters.inc('oauth.expire_all');
  }

  /** The client can no longer get tokens, and its tokens stop working. */
  revokeClient(id: string): void {
    this.revoked.add(id);
  }

  /** Undoes revokeClient (a credentials fix in a demo). */
  restoreClient(id: string): void {
    this.revoked.delete(id);
  }

  hasClient(id: string): boolean {
    return this.clients.has(id);
  }
}

/** The default client: `sandbox-client` / `sandbox-secret` with every scope. */
export function defaultClient(): OAuthClient {
  return { id: 'sandbox-client', secret: 'sandbox-secret', scopes: [...ALL_SCOPES] };
}
