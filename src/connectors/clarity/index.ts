// The Clarity connector's public face: what the engine, flows, server and CLI import.
export {
  ClarityClient,
  clarityClientFromSettings,
  idempotencyKey,
  type ClarityClientOptions,
  type ClarityExchange,
  type ClarityConnectionSettings,
  type CreateOptions,
  type CreateResult,
} from './client.ts';
export { ClarityTokenProvider } from './auth.ts';
export * from './contract.ts';
export { classifyAnswer, classifyNetworkError, parseRetryAfter, CONNECTOR as CLARITY_CONNECTOR } from './errors.ts';
export { CLARITY_SOURCE, clarityEntityId, clarityRecordEvent } from './event-identity.ts';
export {
  ClarityPoller,
  POLLED_RESOURCES,
  type CheckpointPort,
  type PollReport,
  type PolledResource,
} from './poller.ts';
export {
  subscribeWebhooks,
  webhookEvents,
  webhookSecretContext,
  webhookSecretName,
  webhookUrl,
  WEBHOOK_SECRET_NAME_PREFIX,
  type SecretSink,
  type SubscribeOptions,
  type SubscribeResult,
} from './subscribe.ts';
export { parseWebhookEvent, type ParseResult } from './webhook-event.ts';
export {
  decodeWebhookSecret,
  signWebhook,
  WebhookVerifier,
  type VerifiedMessage,
  type VerifyResult,
  type WebhookHeaders,
} from './webhook.ts';
export { webhookSecretsFor, webhookVerifierFor, type SealedSecretSource } from './webhook-secrets.ts';
