// Retry delays: exponential backoff with full jitter, capped, never shorter than what the server asked for.

export interface BackoffSettings {
  backoffBaseMs: number;
  backoffMaxMs: number;
}

/** The delay before attempt `attempt + 1`, after `attempt` failed attempts (1-based). */
export function retryDelay(
  attempt: number,
  settings: BackoffSettings,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}
