import { PostgresBackend, PostgresNotificationChannel } from '@agendajs/postgres-backend';
import { Agenda } from 'agenda';
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
 */
class NewJobNotifications extends PostgresNotificationChannel {
  override async publishState(): Promise<void> {}
}
