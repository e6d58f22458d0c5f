// When a failed webhook message is tried again: 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, then every 3 h, for 24 h
// after the first attempt; then the subscription is disabled. A time scale compresses all of it for tests.

export const RETRY_DELAYS_SEC = [5, 30, 120, 600, 1800, 3600] as const;
export const LATER_RETRY_DELAY_SEC = 3 * 3600;
export const GIVE_UP_AFTER_SEC = 24 * 3600;

/** Delay before retry number `retry` (1 = the first retry), in seconds of uncompressed time. */
export function retryDelaySec(retry: number): number {
  return RETRY_DELAYS_SEC[retry - 1] ?? LATER_RETRY_DELAY_SEC;
}

/**
 * The delay (real milliseconds) before the next attempt after `failedAttempts` failures, or undefined when that
 * attempt would fall beyond 24 h of (compressed) time after the first one; `elapsedMs` is the delays waited so far.
 */
export function nextRetryMs(failedAttempts: number, elapsedMs: number, timeScale: number): number | undefined {
  const delayMs = (retryDelaySec(failedAttempts) * 1000) / timeScale;
  return elapsedMs + delayMs > (GIVE_UP_AFTER_SEC * 1000) / timeScale ? undefined : delayMs;
}
