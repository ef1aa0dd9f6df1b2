import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { PgTransactionConfig } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from '../../db/schema';
import type { Config } from '../config/env';
import { AppError } from '../errors/app-error';
import type { Logger } from '../logger';

export type Db = NodePgDatabase<typeof schema>;
/** A transaction's handle; repositories take either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  pool: pg.Pool;
  /** Embedded PGlite cannot LISTEN/NOTIFY through its socket server: Agenda polls instead. */
  supportsNotify: boolean;
  kind: Config['database']['kind'];
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export async function openDatabase(config: Config['database'], logger: Logger): Promise<Database> {
  if (config.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: config.url, max: 10, connectionTimeoutMillis: 5_000 });
    return wrap(pool, true, 'postgres', logger, async () => pool.end());
  }
  return openEmbedded(config.dataDir, logger);
}

/**
 * Embedded mode: PGlite (Postgres compiled to WASM) served over a loopback socket so
 * that `pg`, drizzle and Agenda use one code path. PGlite is single-connection, so the
 * pool holds exactly one connection and everything in the process shares it.
 *
 * Settings for a small single-team install (PostgreSQL's defaults are sized for a server).
 * PGlite's memory is its WASM heap, which never shrinks: shared buffers are touched at start-up
 * (the default 128MB costs about as much resident memory) and every sort or index build that ever
 * ran keeps its peak. A team's database is tens of MB and the OS caches its files anyway, so:
 * 8MB of shared buffers (wal_buffers follows at 1/32), 2MB per sort or hash, 8MB for index
 * builds and VACUUM, 1MB of temp buffers (no temporary tables), and 5 connections (one
 * session; this sizes the lock and process tables). A new data directory is created in a
 * child process (see embedded-initdb.ts).
 */
async function openEmbedded(dataDir: string, logger: Logger): Promise<Database> {
  const [{ PGlite }, { PGLiteSocketServer }, { initDataDirInChild }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite-socket'),
    import('./embedded-initdb'),
  ]);
  const dir = resolve(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const settings = ['shared_buffers=8MB', 'work_mem=2MB', 'maintenance_work_mem=8MB', 'temp_buffers=1MB', 'max_connections=5'];
  const startParams = [...PGlite.defaultStartParams, ...settings.flatMap((s) => ['-c', s])];
  await initDataDirInChild(dir, startParams);
  const lite = await PGlite.create(dir, { startParams });
  const server = new PGLiteSocketServer({ db: lite, host: '127.0.0.1', port: 0 });
  await server.start();
  const [host, port] = server.getServerConn().split(':');
  logger.info(`Embedded PGlite database at ${dir}`);
  const pool = new pg.Pool({ host, port: Number(port), user: 'postgres', database: 'postgres', max: 1 });
  return wrap(pool, false, 'embedded', logger, async () => {
    await pool.end();
    await server.stop();
    await lite.close();
  });
}

function wrap(
  pool: pg.Pool,
  supportsNotify: boolean,
  kind: Database['kind'],
  logger: Logger,
  close: () => Promise<void>,
): Database {
  // An idle client losing its server (a database restart) must not crash the process;
  // the pool replaces it on the next checkout.
  pool.on('error', (err) => logger.warn(`Database connection lost (${err.message}); it will reconnect.`));
  // A client checked out of the pool has no pool listener: a server that goes away between
  // its queries (FATAL 57P01 on a failover, a restart, a pooler closing it) is emitted as an
  // 'error' event on the client, which would crash the process. Every client gets a listener
  // for its whole life, whoever holds it (our queries, transactions, migrations, Agenda, its
  // LISTEN connection); the query in flight, if any, still fails to its caller, and the pool
  // discards the dead client when it is released.
  pool.on('connect', (client) => {
    client.on('error', (err) => logger.warn(`Database connection lost while in use (${err.message}).`));
  });
  return {
    db: retryingDeadConnections(drizzle(pool, { schema }), pool, logger),
    pool,
    supportsNotify,
    kind,
    async ping() {
      try {
        await pool.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    close,
  };
}

/**
 * A transaction whose connection is lost before COMMIT is sent changed nothing: the server
 * rolls back a transaction whose connection ends. So it is run again on another connection.
 * This covers a pooled connection the server closed (a restart, pg_terminate_backend) that
 * the pool hands out before its socket reports the close (BEGIN fails), and one that is cut
 * while the callback runs. The dead client is destroyed rather than returned to the pool.
 * Every idle client may be dead at once, so it retries up to the pool's size; a brand-new
 * connection that cannot connect fails in `connect` and ends it. A connection lost after the
 * callback finished (at COMMIT) is never retried: the commit may have happened.
 * This relies on one rule: transaction callbacks touch only the database (no Slack, no jobs).
 * Every `db.transaction` gets this.
 */
function retryingDeadConnections(db: Db, pool: pg.Pool, logger: Logger): Db {
  const maxAttempts = (pool.options.max ?? 10) + 1;
  // One drizzle instance per pooled client, made on its first transaction: building one
  // walks the whole schema, which cost more CPU than the admission's queries under load.
  const perClient = new WeakMap<pg.PoolClient, Db>();
  const dbFor = (client: pg.PoolClient) => {
    let found = perClient.get(client);
    if (!found) perClient.set(client, (found = drizzle(client, { schema }) as unknown as Db));
    return found;
  };
  async function transaction<T>(fn: (tx: Tx) => Promise<T>, config?: PgTransactionConfig): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect();
      let committing = false;
      let failure: unknown;
      try {
        // Drizzle over one checked-out client: it sends BEGIN, and we decide how the client is released.
        return await dbFor(client).transaction(async (tx) => {
          const result = await fn(tx);
          committing = true;
          return result;
        }, config);
      } catch (error) {
        failure = error;
        if (committing || attempt >= maxAttempts || !isConnectionError(error)) throw error;
        logger.warn(`A database connection was lost before its transaction committed (${messageOf(error)}); running it again on another.`);
      } finally {
        client.release(isConnectionError(failure) ? asError(failure) : undefined);
      }
    }
  }
  db.transaction = transaction;
  return db;
}

const messageOf = (error: unknown) => (error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error));
const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

/**
 * Runs an idempotent statement again when its connection turns out to be dead (after a
 * database restart the pool may hold several); any other error, or the last one, is thrown.
 */
export async function retryLostConnection<T>(fn: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts || !isConnectionError(error)) throw error;
    }
  }
}

export function dbUnavailable(cause: unknown): AppError {
  return new AppError(
    'db_unavailable',
    `Database unavailable: ${cause instanceof Error ? cause.message : String(cause)}`,
    'Our database is not answering right now, so nothing was created. Please try again in a minute.',
    { cause },
  );
}

/** PostgreSQL errors that mean "the database is away" rather than "the query is wrong". */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08006']);

export function isConnectionError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  // drizzle wraps driver errors ("Failed query: …") with the pg error as the cause.
  if (isConnectionError((error as { cause?: unknown }).cause, depth + 1)) return true;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : '';
  return (
    (typeof code === 'string' && CONNECTION_CODES.has(code)) ||
    /Connection terminated|not queryable|timeout exceeded when trying to connect|does not allow connections|not currently accepting connections|the database system is (starting up|shutting down)/i.test(message)
  );
}
