import { PostgresBackend, PostgresNotificationChannel } from '@agendajs/postgres-backend';
import { Agenda } from 'agenda';
import type { PoolClient } from 'pg';
import type { Config } from '../config/env';
import type { Database } from '../db/database';
import type { Logger } from '../logger';

/**
 * Agenda on the app's own PostgreSQL. The job table is created by a migration
 * (ensureSchema: false). On embedded PGlite, LISTEN/NOTIFY does not work through the
 * socket server, so that mode polls every second instead.
 */
export function createScheduler(database: Database, config: Config, logger: Logger): Agenda {
  const backend = new PostgresBackend({ pool: database.pool, ensureSchema: false, disableNotifications: true });
  const notifications = database.supportsNotify ? new NewJobNotifications({ reconnect: { enabled: true } }) : undefined;
  notifications?.setPool(database.pool);
  // Both emit 'error' (e.g. the LISTEN connection dropped by a database restart); an
  // EventEmitter 'error' with no listener would crash the process. Both reconnect by themselves.
  notifications?.on('error', (e: Error) => logger.warn(`Job notifications interrupted (${e.message}); reconnecting.`));
  const agenda = new Agenda({
    backend,
    ...(notifications ? { notificationChannel: notifications } : {}),
    name: `delegate-${process.pid}`,
    processEvery: database.supportsNotify ? config.jobs.processEveryMs : Math.min(config.jobs.processEveryMs, 1_000),
    // Runs and actions hold short, renewed locks (leased-job.ts). The other jobs are short
    // and idempotent; a dead worker's digest or refresh is picked up after this.
    defaultLockLifetime: 5 * 60_000,
    maxConcurrency: 10,
    defaultConcurrency: 5,
  });
  agenda.on('error', (e: Error) => logger.error(`Job queue error: ${e.message}`));
  agenda.on('fail', (e: Error, job: { attrs: { name: string } }) => logger.error(`Job ${job.attrs.name} failed: ${e.message.split('\n')[0]}`));
  return agenda;
}

/**
 * LISTEN/NOTIFY for new jobs only. Agenda also broadcasts every job's start, success and
 * completion (for listeners in other processes, which we have none of): three NOTIFY round
 * trips per job, sent on the pool while requests wait for it, and each read back by every
 * process's LISTEN connection. Here they are dropped.
 *
 * The LISTEN connection is a client checked out of the app's pool, and `pool.end()` waits for
 * every checked-out client. The library keeps a client whose LISTEN failed (a pooled connection
 * the server had already closed, after a restart) checked out, and takes another on its next
 * attempt: the pool could then never end, and shutdown hung. Here that client goes back to the
 * pool with its error, so the pool discards it; and once disconnected, the channel neither
 * reconnects nor keeps a client a connect still under way obtains.
 */
export class NewJobNotifications extends PostgresNotificationChannel {
  private stopped = false;

  override async publishState(): Promise<void> {}

  override async connect(): Promise<void> {
    this.stopped = false;
    try {
      await super.connect();
    } catch (error) {
      this.giveBackListenClient(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    if (this.stopped) {
      this.giveBackListenClient(new Error('Job notifications closed while connecting'));
      this.setState('disconnected');
    }
  }

  override async disconnect(): Promise<void> {
    this.stopped = true;
    await super.disconnect();
  }

  protected override scheduleReconnect(): void {
    if (!this.stopped) super.scheduleReconnect();
  }

  /** The library's own client (a private field there): released, with the error that ended it if any. */
  private giveBackListenClient(error?: Error): void {
    const self = this as unknown as { listenClient?: PoolClient };
    const client = self.listenClient;
    self.listenClient = undefined;
    client?.release(error);
  }
}
