// The signing secrets an integration's webhook verifier holds: those `bridge clarity subscribe` sealed into the store
// (one per subscription) and those configured by hand (`clarity.webhookSecrets`).
import { openSecret } from '../../core/crypto-box.ts';
import { UsageError } from '../../core/errors.ts';
import { registerSecretValue, type Secret } from '../../core/secret.ts';
import { WEBHOOK_SECRET_NAME_PREFIX, webhookSecretContext } from './subscribe.ts';
import { WebhookVerifier, type WebhookVerifierOptions } from './webhook.ts';

/** Where sealed secrets are read from (the store's secrets table: `repos.secrets.loadAll`). */
export interface SealedSecretSource {
  loadAll(integrationId: string, prefix: string): Promise<{ name: string; ciphertext: string }[]>;
}

/** Every live signing secret of an integration, opened with the master key (registered for log redaction). */
export async function webhookSecretsFor(
  integrationId: string,
  source: SealedSecretSource,
  masterKey: string | undefined,
  configured: readonly Secret[] = [],
): Promise<string[]> {
  const secrets = configured.map((s) => s.reveal());
  const sealed = await source.loadAll(integrationId, WEBHOOK_SECRET_NAME_PREFIX);
  if (sealed.length && !masterKey) {
    throw new UsageError(
      `integration "${integrationId}" has ${sealed.length} sealed webhook secret(s) but BRIDGE_MASTER_KEY is not set`,
      'set BRIDGE_MASTER_KEY to the key `bridge clarity subscribe` ran with',
    );
  }
  for (const row of sealed)
    secrets.push(openSecret(row.ciphertext, masterKey!, webhookSecretContext(integrationId, row.name)));
  for (const s of secrets) registerSecretValue(s);
  return secrets;
}

/** A verifier over every live secret of an integration; undefined when it has none (webhooks not set up). */
export async function webhookVerifierFor(
  integrationId: string,
  source: SealedSecretSource,
  masterKey: string | undefined,
  configured: readonly Secret[] = [],
  options: Omit<WebhookVerifierOptions, 'secrets'> = {},
): Promise<WebhookVerifier | undefined> {
  const secrets = await webhookSecretsFor(integrationId, source, masterKey, configured);
  return secrets.length ? new WebhookVerifier({ ...options, secrets }) : undefined;
}
