// A caching LookupResolver: SKU → product id and friends change rarely, so a burst of orders resolves each key once.
// Only found keys are cached: an unknown SKU is asked again next time, so an order parked for a missing product
// completes on replay once the product exists.
import { systemClock, type Clock } from '../core/clock.ts';
import { LookupMiss, type LookupResolver } from './resolver.ts';

export interface LookupCacheOptions {
  /** How long a resolved value is trusted (default 5 minutes). */
  ttlMs?: number;
  /** Most entries kept per kind; the oldest go first (default 50,000). */
  maxEntriesPerKind?: number;
  clock?: Clock;
}

export interface CachedLookupResolver extends LookupResolver {
  /** Forgets one kind (or everything), e.g. after the bridge itself created a product or a partner. */
  invalidate(kind?: string, key?: string): void;
  readonly stats: { hits: number; misses: number };
}

export function cachedResolver(inner: LookupResolver, options: LookupCacheOptions = {}): CachedLookupResolver {
  const ttlMs = options.ttlMs ?? 5 * 60_000;
  const maxEntries = options.maxEntriesPerKind ?? 50_000;
  const clock = options.clock ?? systemClock;
  const caches = new Map<string, Map<string, { value: unknown; expires: number }>>();
  const stats = { hits: 0, misses: 0 };

  function cacheOf(kind: string): Map<string, { value: unknown; expires: number }> {
    let cache = caches.get(kind);
    if (!cache) caches.set(kind, (cache = new Map()));
    return cache;
  }

  return {
    stats,
    invalidate(kind, key) {
      if (kind === undefined) caches.clear();
      else if (key === undefined) caches.delete(kind);
      else caches.get(kind)?.delete(key);
    },
    async resolve(kind, keys) {
      const cache = cacheOf(kind);
      const now = clock.now();
      const out = new Map<string, unknown>();
      const missing: string[] = [];
      for (const key of keys) {
        const entry = cache.get(key);
        if (entry && entry.expires > now) {
          out.set(key, entry.value);
          stats.hits++;
        } else {
          missing.push(key);
          stats.misses++;
        }
      }
      if (missing.length === 0) return out;
      const fresh = await inner.resolve(kind, missing);
      const expires = clock.now() + ttlMs;
      for (const [key, value] of fresh) {
        out.set(key, value);
        if (value instanceof LookupMiss) continue; // asked again next time, like an unknown key
        cache.delete(key);
        cache.set(key, { value, expires });
      }
      // Map keeps insertion order: the first keys are the oldest
      while (cache.size > maxEntries) {
        const oldest = cache.keys().next().value;
        if (oldest === undefined) break;
        cache.delete(oldest);
      }
      return out;
    },
  };
}
