// Named locks (DESIGN.md): PostgreSQL advisory locks across processes, in-process for SQLite.
// Every find-or-create that other flows could race on holds one.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Store } from '../store/db.ts';
import { Semaphore } from '../core/semaphore.ts';

export type WithLock = <T>(key: string, fn: () => Promise<T>) => Promise<T>;

/** A 63-bit number for a lock name, the same in every process. */
export function lockId(key: string): bigint {
  return createHash('sha256').update(key).digest().readBigInt64BE(0);
}

/**
 * On PostgreSQL a held lock keeps one pool connection busy while its holder works on others, so at most
 * `maxHeld` locks are held at once per process (the rest wait their turn), leaving the pool free for the work.
 */
export function createLocks(store: Store, maxHeld = 8): WithLock {
  const local = inProcessLocks();
  if (store.dialect === 'sqlite') return local;
  const held = new Semaphore(maxHeld);
  // Also serialise in-process, so that one process does not hold several pool connections for one key.
  return (key, fn) =>
    local(key, async () => {
      const release = await held.acquire();
      try {
        return await lockOnConnection(store, key, fn);
      } finally {
        release();
      }
    });
}

function lockOnConnection<T>(store: Store, key: string, fn: () => Promise<T>): Promise<T> {
  return store.db.connection().execute(async (conn) => {
    const id = lockId(key).toString();
    await sql`select pg_advisory_lock(${id}::bigint)`.execute(conn);
    try {
      return await fn();
    } finally {
      await sql`select pg_advisory_unlock(${id}::bigint)`.execute(conn);
    }
  });
}

/** Runs `fn` if nobody else holds the lock `key`, else answers undefined at once (never waits for it). */
export type TryLock = <T>(key: string, fn: () => Promise<T>) => Promise<T | undefined>;

/**
 * A try-lock across the processes sharing a PostgreSQL store (an advisory lock held on one pool connection for the
 * duration); on SQLite only one process runs, and it runs `fn` at once.
 */
export function createTryLock(store: Store): TryLock {
  if (store.dialect === 'sqlite') return (_key, fn) => fn();
  return (key, fn) =>
    store.db.connection().execute(async (conn) => {
      const id = lockId(key).toString();
      const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${id}::bigint) as locked`.execute(
        conn,
      );
      if (!rows[0]?.locked) return undefined;
      try {
        return await fn();
      } finally {
        await sql`select pg_advisory_unlock(${id}::bigint)`.execute(conn);
      }
    });
}

export function inProcessLocks(): WithLock {
  const tails = new Map<string, Promise<unknown>>();
  return async (key, fn) => {
    const previous = tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}
