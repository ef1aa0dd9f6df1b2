import type { Server } from 'node:http';
import { App, LogLevel } from '@slack/bolt';
import type { Agenda } from 'agenda';
import { createModelClient } from './agents/model-client';
import type { Config } from './config/env';
import { openDatabase, type Database } from './db/database';
import { runMigrations } from './db/migrate';
import { defineRunAgentJob, requeueStranded, runQueue } from './jobs/run-agent-job';
import { actionQueue, defineRunActionJob, requeueStrandedActions } from './jobs/run-action-job';
import { definePublishHomeJob, homeRefresher } from './jobs/publish-home-job';
import { defineDigestJob, digestJobs, reconcileDigestJobs } from './jobs/digest-job';
import { scheduleStaleReminders } from './jobs/stale-reminders-job';
import { defineScheduledRunJob, reconcileScheduleJobs, scheduleJobs } from './jobs/scheduled-run-job';
import { createScheduler } from './jobs/scheduler';
import { actionClient, slackApi } from './integrations/slack/slack-api';
import { ackQueue } from './slack/ack-queue';
import { scheduleRepair } from './jobs/repair-job';
import type { Logger } from './logger';
import * as itemActions from './slack/actions/item-actions';
import * as planActions from './slack/actions/plan-actions';
import * as scheduleActions from './slack/actions/schedule-actions';
import * as homeActions from './slack/actions/home-actions';
import * as settingsSubmission from './slack/views/settings-submission';
import * as specActions from './slack/actions/spec-actions';
import * as specSubmission from './slack/views/spec-submission';
import * as delegateCommand from './slack/commands/delegate-command';
import * as errorHandler from './slack/error-handler';
import * as appHome from './slack/events/app-home';
import * as directMessage from './slack/events/direct-message';
import * as modalSubmissions from './slack/views/modal-submissions';
import type { Deps } from './use-cases/deps';

export interface Delegate {
  app: App;
  database: Database;
  agenda: Agenda;
  deps: Deps;
  /** The HTTP port actually bound (health checks in Socket Mode; everything in HTTP mode). */
  port: number;
  stop(): Promise<void>;
}

const BOLT_LEVELS = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR } as const;

/** The composition root: database, migrations, jobs, Slack listeners, HTTP. */
export async function startDelegate(config: Config, logger: Logger, opts: { now?: () => Date } = {}): Promise<Delegate> {
  const database = await openDatabase(config.database, logger);
  try {
    await runMigrations(database);
  } catch (error) {
    await database.close();
    throw error;
  }

  const healthRoute = {
    path: '/healthz',
    method: ['GET'],
    handler: async (_req: unknown, res: import('node:http').ServerResponse) => {
      const up = await database.ping();
      res.writeHead(up ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: up ? 'ok' : 'unavailable', database: up ? 'up' : 'down', mode: config.slack.appToken ? 'socket' : 'http' }));
    },
  };

  const app = new App({
    token: config.slack.botToken,
    signingSecret: config.slack.signingSecret,
    ...(config.slack.appToken
      ? { socketMode: true, appToken: config.slack.appToken, installerOptions: { port: config.port } }
      : { endpoints: '/slack/events' }),
    customRoutes: [healthRoute],
    clientOptions: config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {},
    logLevel: BOLT_LEVELS[config.logLevel],
    extendedErrorHandler: true,
  });

  const agenda = createScheduler(database, config, logger);
  const acks = ackQueue();
  const now = opts.now ?? (() => new Date());
  const slackOptions = { logger, directoryCacheMs: () => config.cache.directoryMs, now: () => now().getTime() };
  const deps: Deps = {
    db: database.db,
    runs: runQueue(agenda),
    actions: actionQueue(agenda),
    schedules: scheduleJobs(agenda),
    digests: digestJobs(agenda),
    home: homeRefresher(agenda, config.jobs.homeDebounceMs),
    acks,
    slack: slackApi(app.client, slackOptions),
    actionSlack: slackApi(actionClient(config.slack.botToken, config.slack.apiUrl), slackOptions),
    model: createModelClient(config.model),
    config,
    logger,
    now,
  };
  if (!config.model.configured) {
    logger.warn('No model configured (OPENAI_API_KEY or OPENAI_BASE_URL). Delegations will fail with a card that says what to set.');
  }

  // Listeners keep working after the ack; shutdown waits for them (bounded) before closing the pool.
  let inFlight = 0;
  app.use(async ({ next }) => {
    inFlight++;
    try {
      await next();
    } finally {
      inFlight--;
    }
  });

  defineRunAgentJob(agenda, deps);
  defineRunActionJob(agenda, deps);
  defineScheduledRunJob(agenda, deps);
  defineDigestJob(agenda, deps);
  definePublishHomeJob(agenda, deps);
  for (const surface of [delegateCommand, directMessage, appHome, itemActions, planActions, scheduleActions, homeActions, modalSubmissions, settingsSubmission, specActions, specSubmission, errorHandler]) {
    surface.register(app, deps);
  }

  await agenda.start();
  await scheduleStaleReminders(agenda, deps);
  // Runs and actions a crash left behind are queued again now, and by the repair sweep from then on.
  const requeued = await requeueStranded(deps);
  const requeuedActions = await requeueStrandedActions(deps);
  if (requeued || requeuedActions) logger.info(`Re-queued ${requeued} interrupted run(s) and ${requeuedActions} interrupted action(s).`);
  await scheduleRepair(agenda, deps);
  const reconciled = await reconcileScheduleJobs(deps);
  if (reconciled.removed) logger.info(`Removed ${reconciled.removed} job(s) left by deleted schedules.`);
  await reconcileDigestJobs(deps);

  const started = (await app.start(config.port)) as unknown;
  const port = boundPort(started, config.port);
  if (!config.slack.appToken) acks.watch(started as Server);
  logger.info(`Delegate is running (${config.slack.appToken ? 'Socket Mode' : `HTTP on :${port}/slack/events`}; health on :${port}/healthz).`);

  return {
    app,
    database,
    agenda,
    deps,
    port,
    async stop() {
      await app.stop().catch((e) => logger.warn('Slack app stop failed', e));
      const deadline = Date.now() + 10_000;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      if (inFlight > 0) logger.warn(`Stopping with ${inFlight} request(s) still in progress.`);
      // Let running agent jobs finish (bounded); stop() then unlocks any still running so
      // another instance, or this one after a restart, picks them up (runs are idempotent).
      await agenda.drain(15_000).catch((e) => logger.warn('Agenda drain failed', e));
      await agenda.stop().catch((e) => logger.warn('Agenda stop failed', e));
      await database.close();
    },
  };
}

function boundPort(started: unknown, fallback: number): number {
  const server = started as Server | undefined;
  const address = server && typeof server.address === 'function' ? server.address() : null;
  return address && typeof address === 'object' ? address.port : fallback;
}
