// Opens the store: SQLite (embedded default, WAL) or PostgreSQL (scale-out), one Kysely query layer for both.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { UsageError } from '../core/errors.ts';
import type { Database } from './schema.ts';
import { migrate } from './migrate.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** The store's address with any password masked, for messages. */
  readonly label: string;
  transaction<T>(fn: (tx: Kysely<Database>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Run migrations (default true). */
  migrate?: boolean;
  /** PostgreSQL pool size (default 20: named locks hold one connection each while their holder works). */
  poolSize?: number;
  cwd?: string;
}

export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<Store> {
  const store =
    url.startsWith('postgres://') || url.startsWith('postgresql://')
      ? await openPostgres(url, options)
      : openSqlite(url, options);
  if (options.migrate !== false) {
    try {
      await migrate(store);
    } catch (error) {
      await store.close().catch(() => undefined);
      throw explainStoreError(error, store.label);
    }
  }
  return store;
}

function openSqlite(url: string, options: OpenStoreOptions): Store {
  const location = url.replace(/^sqlite:(\/\/)?/, '');
  const memory = location === ':memory:' || location === '';
  const file = memory ? ':memory:' : resolve(options.cwd ?? process.cwd(), location);
  if (!memory) mkdirSync(dirname(file), { recursive: true });
  let database: BetterSqlite3.Database;
  try {
    database = new BetterSqlite3(file, { timeout: 5_000 });
    database.pragma('journal_mode = WAL');
    // WAL + NORMAL survives a process crash (kill -9); only an OS crash may lose the last commits.
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
  } catch (error) {
    throw explainStoreError(error, `sqlite:${file}`);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
  return {
    db,
    dialect: 'sqlite',
    label: `sqlite:${file}`,
    transaction: (fn) => db.transaction().execute(fn),
    close: () => db.destroy(),
  };
}

async function openPostgres(url: string, options: OpenStoreOptions): Promise<Store> {
  const parsed = new URL(url);
  const schema = parsed.searchParams.get('schema');
  parsed.searchParams.delete('schema');
  const label = maskPassword(url);
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      // int8 (20) and numeric (1700) as numbers: ids and epoch milliseconds stay far below 2^53.
      oid === 20 || oid === 1700 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text'),
  };
  const pool = new pg.Pool({
    connectionString: parsed.toString(),
    max: options.poolSize ?? 20,
    connectionTimeoutMillis: 5_000,
    types,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // A connection's error (the server restarted, an idle timeout) surfaces on its next query; without listeners it
  // would crash the process, whether the connection is idle or held (a named lock, the scheduler's leadership).
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  try {
    const client = await pool.connect();
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '""')}"`);
    client.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw explainStoreError(error, label);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    label,
    transaction: (fn) => db.transaction().execute(fn),
    close: () => db.destroy(),
  };
}

export function maskPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '********';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** Turns a driver error into one clear sentence for an operator. */
export function explainStoreError(error: unknown, label: string): Error {
  if (error instanceof UsageError) return error;
  const code = (error as { code?: string }).code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (
    code === 'ECONNREFUSED' ||
    code === 'ENOTFOUND' ||
    code === 'ETIMEDOUT' ||
    /timeout exceeded when trying to connect/i.test(message)
  ) {
    return new UsageError(
      `cannot reach PostgreSQL at ${label} (${code || message})`,
      'start the server, or fix store.url / DATABASE_URL',
    );
  }
  if (code === '28P01' || code === '28000')
    return new UsageError(
      `PostgreSQL refused the login for ${label}: ${message}`,
      'check the user and password in store.url',
    );
  if (code === '3D000')
    return new UsageError(`PostgreSQL database does not exist: ${label}`, 'create it, or fix store.url');
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new UsageError(
      `the SQLite file ${label} is locked by another process`,
      'stop the other process (another `bridge start`?), or use PostgreSQL to run several processes',
    );
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_NOTADB' || code === 'SQLITE_READONLY') {
    return new UsageError(
      `cannot use the SQLite file ${label}: ${message}`,
      'check the path and its permissions in store.url',
    );
  }
  return new UsageError(`store ${label}: ${message}`);
}

/** Liveness of the store, for /readyz. */
export async function pingStore(store: Store): Promise<void> {
  await sql`select 1`.execute(store.db);
}

/**
 * One bridge process per SQLite file: SQLite's locks protect the data, but two processes would each run the
 * pollers and each take in-process named locks, so a second `bridge start` on the same file is refused.
 * Holds an exclusive lock on `<file>.lock` until the returned function is called (or the process ends).
 */
export function holdSqliteProcessLock(store: Store): () => void {
  const file = store.label.replace(/^sqlite:/, '');
  if (store.dialect !== 'sqlite' || file === ':memory:') return () => undefined;
  const lock = new BetterSqlite3(`${file}.lock`, { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec(
      'create table if not exists holder (pid integer); begin exclusive; delete from holder; insert into holder values (' +
        process.pid +
        ');',
    );
  } catch (error) {
    lock.close();
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      throw new UsageError(
        `another bridge process is running on ${store.label}`,
        'stop it first, or use PostgreSQL (store.url: postgres://...) to run several processes',
      );
    }
    throw explainStoreError(error, `sqlite:${file}.lock`);
  }
  return () => lock.close();
}
