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
type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

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
 * A pooled connection the server has closed (a restart, pg_terminate_backend) is only found
 * out when it is used, and the pool may hand it out before its socket reports the close: then
 * BEGIN fails (57P01, 08xxx, "Connection terminated"). Nothing has run at that point, so the
 * dead client is destroyed instead of going back to the pool (whose next checkout would hand
 * it out again) and the transaction is retried. Every idle client may be dead at once (the
 * server killed them all), so it retries up to the pool's size: each retry uses up one client,
 * and a brand-new connection that cannot connect fails in `connect` and ends it. A failure
 * after BEGIN is never retried: the callback may have had effects. Every `db.transaction` gets this.
 */
function retryingDeadConnections(db: Db, pool: pg.Pool, logger: Logger): Db {
  const maxAttempts = (pool.options.max ?? 10) + 1;
  async function transaction<T>(fn: (tx: Tx) => Promise<T>, config?: PgTransactionConfig): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect();
      // A checked-out client has no pool listener: its socket closing mid-transaction would be an
      // uncaught 'error' event. The failing query already reports it to the caller.
      const onError = (err: Error) => logger.warn(`Database connection lost during a transaction (${err.message}).`);
      client.on('error', onError);
      let began = false;
      let failure: unknown;
      try {
        // Drizzle over one checked-out client: it sends BEGIN, and we decide how the client is released.
        return await drizzle(client, { schema }).transaction((tx) => {
          began = true;
          return fn(tx);
        }, config);
      } catch (error) {
        failure = error;
        if (began || attempt >= maxAttempts || !isConnectionError(error)) throw error;
        logger.warn(`A pooled database connection was dead at BEGIN (${messageOf(error)}); retrying on another.`);
      } finally {
        client.off('error', onError);
        client.release(isConnectionError(failure) ? asError(failure) : undefined);
      }
    }
  }
  db.transaction = transaction;
  return db;
}

const messageOf = (error: unknown) => (error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error));
const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

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
    /Connection terminated|timeout exceeded when trying to connect|does not allow connections|not currently accepting connections|the database system is (starting up|shutting down)/i.test(message)
  );
}
