import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { githubApi } from './integrations/github/client';
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
import { Activity } from './jobs/activity';
import { actionClient, slackApi } from './integrations/slack/slack-api';
import { ackQueue } from './slack/ack-queue';
import { scheduleRepair } from './jobs/repair-job';
import type { Logger } from './logger';
import * as itemActions from './slack/actions/item-actions';
import * as planActions from './slack/actions/plan-actions';
import * as scheduleActions from './slack/actions/schedule-actions';
import * as watchActions from './slack/actions/watch-actions';
import * as homeActions from './slack/actions/home-actions';
import * as settingsSubmission from './slack/views/settings-submission';
import * as specActions from './slack/actions/spec-actions';
import * as specSubmission from './slack/views/spec-submission';
import * as delegateCommand from './slack/commands/delegate-command';
import * as errorHandler from './slack/error-handler';
import * as appHome from './slack/events/app-home';
import * as directMessage from './slack/events/direct-message';
import * as delegateSubmission from './slack/views/delegate-submission';
import * as reviewSubmissions from './slack/views/review-submissions';
import type { Deps } from './use-cases/deps';
import { defineWatchEventJob, watchEventQueue } from './jobs/watch-event-job';
import { githubWebhookRoute } from './webhooks/github-webhook';
import { alertsWebhookRoute } from './webhooks/alerts-webhook';
import { answer } from './webhooks/http';

export interface Delegate {
  app: App;
  database: Database;
  agenda: Agenda;
  deps: Deps;
  /** The HTTP port actually bound (health checks in Socket Mode; everything in HTTP mode). */
  port: number;
  /** What this process has in hand (listeners after their ack, jobs, Home refreshes): tests wait until it is done. */
  activity: Activity;
  stop(): Promise<void>;
}

const BOLT_LEVELS = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR } as const;

/** The composition root: database, migrations, jobs, Slack listeners, HTTP. */
export async function startDelegate(config: Config, logger: Logger, opts: { now?: () => Date } = {}): Promise<Delegate> {
  const database = await openMigrated(config, logger);
  // Bolt takes its routes before the deps exist (they need its client): the webhooks are bound once they do.
  const webhooks = lateWebhookRoutes();
  const app = new App({
    token: config.slack.botToken,
    signingSecret: config.slack.signingSecret,
    ...(config.slack.appToken
      ? { socketMode: true, appToken: config.slack.appToken, installerOptions: { port: config.port } }
      : { endpoints: '/slack/events' }),
    customRoutes: [healthRoute(config, database), ...webhooks.routes],
    clientOptions: config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {},
    logLevel: BOLT_LEVELS[config.logLevel],
    extendedErrorHandler: true,
  });
  const agenda = createScheduler(database, config, logger);
  const activity = trackedJobs(agenda, new Activity());
  const deps = buildDeps(config, logger, database, agenda, app, activity, opts.now ?? (() => new Date()));
  if (!config.model.configured) {
    logger.warn('No model configured (OPENAI_API_KEY or OPENAI_BASE_URL). Delegations will fail with a card that says what to set.');
  }
  const listeners = registerListeners(app, agenda, deps, activity);
  webhooks.bind(deps, watchEventQueue(agenda));

  await agenda.start();
  await repairOnStart(agenda, deps);
  const started = (await app.start(config.port)) as unknown;
  const port = boundPort(started, config.port);
  if (!config.slack.appToken) deps.acks.watch(started as Server);
  logger.info(`Delegate is running (${config.slack.appToken ? 'Socket Mode' : `HTTP on :${port}/slack/events`}; health on :${port}/healthz).`);

  return {
    app,
    database,
    agenda,
    deps,
    port,
    activity,
    async stop() {
      await app.stop().catch((e) => logger.warn('Slack app stop failed', e));
      await listeners.drain(10_000);
      // Let running agent jobs finish (bounded); stop() then unlocks any still running so
      // another instance, or this one after a restart, picks them up (runs are idempotent).
      await agenda.drain(15_000).catch((e) => logger.warn('Agenda drain failed', e));
      await agenda.stop().catch((e) => logger.warn('Agenda stop failed', e));
      await database.close();
    },
  };
}

async function openMigrated(config: Config, logger: Logger): Promise<Database> {
  const database = await openDatabase(config.database, logger);
  try {
    await runMigrations(database);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** GET /healthz: 200 while the database answers, 503 otherwise (for a load balancer or a process manager). */
/** The webhook routes, answering 503 until the app is wired (a delivery that early is redelivered). */
function lateWebhookRoutes() {
  let bound: { github: ReturnType<typeof githubWebhookRoute>; alerts: ReturnType<typeof alertsWebhookRoute> } | undefined;
  const route = (path: string, pick: (b: NonNullable<typeof bound>) => { handler: (req: IncomingMessage, res: ServerResponse) => Promise<void> }) => ({
    path,
    method: ['POST'],
    handler: (req: IncomingMessage, res: ServerResponse) => (bound ? pick(bound).handler(req, res) : answer(res, 503, { error: 'starting' })),
  });
  return {
    routes: [route('/webhooks/github', (b) => b.github), route('/webhooks/alerts', (b) => b.alerts)],
    bind(deps: Deps, queue: ReturnType<typeof watchEventQueue>) {
      bound = { github: githubWebhookRoute(deps, queue), alerts: alertsWebhookRoute(deps, queue) };
    },
  };
}

function healthRoute(config: Config, database: Database) {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: async (_req: unknown, res: ServerResponse) => {
      const up = await database.ping();
      res.writeHead(up ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: up ? 'ok' : 'unavailable', database: up ? 'up' : 'down', mode: config.slack.appToken ? 'socket' : 'http' }));
    },
  };
}

function buildDeps(config: Config, logger: Logger, database: Database, agenda: Agenda, app: App, activity: Activity, now: () => Date): Deps & { acks: ReturnType<typeof ackQueue> } {
  const slackOptions = { logger, directoryCacheMs: () => config.cache.directoryMs, now: () => now().getTime() };
  return {
    db: database.db,
    runs: runQueue(agenda),
    actions: actionQueue(agenda),
    schedules: scheduleJobs(agenda),
    digests: digestJobs(agenda),
    home: homeRefresher(agenda, config.jobs.homeDebounceMs, activity),
    acks: ackQueue(),
    slack: slackApi(app.client, slackOptions),
    actionSlack: slackApi(actionClient(config.slack.botToken, config.slack.apiUrl), slackOptions),
    model: createModelClient(config.model),
    ...(config.github ? { github: githubApi(config.github, logger) } : {}),
    config,
    logger,
    now,
  };
}

/** Jobs and Slack surfaces. Listeners keep working after the ack; `drain` waits for them (bounded) before the pool closes. */
function registerListeners(app: App, agenda: Agenda, deps: Deps, activity: Activity): { drain(ms: number): Promise<void> } {
  let inFlight = 0;
  app.use(async ({ next }) => {
    inFlight++;
    const end = activity.begin();
    try {
      await next();
    } finally {
      inFlight--;
      end();
    }
  });
  for (const define of [defineRunAgentJob, defineRunActionJob, defineScheduledRunJob, defineDigestJob, definePublishHomeJob, defineWatchEventJob]) define(agenda, deps);
  for (const surface of [delegateCommand, directMessage, appHome, itemActions, planActions, scheduleActions, watchActions, homeActions, delegateSubmission, reviewSubmissions, settingsSubmission, specActions, specSubmission, errorHandler]) {
    surface.register(app, deps);
  }
  return {
    async drain(ms) {
      const deadline = Date.now() + ms;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      if (inFlight > 0) deps.logger.warn(`Stopping with ${inFlight} request(s) still in progress.`);
    },
  };
}

/** Each job counts as in hand from its start to its completion (Agenda emits both, 'complete' after the job's row is saved). */
function trackedJobs(agenda: Agenda, activity: Activity): Activity {
  const running = new Map<unknown, () => void>();
  agenda.on('start', (job: unknown) => running.set(job, activity.begin()));
  agenda.on('complete', (job: unknown) => {
    running.get(job)?.();
    running.delete(job);
  });
  return activity;
}

/** Runs and actions a crash left behind are queued again now (and by the repair sweep from then on); jobs are reconciled with their rows. */
async function repairOnStart(agenda: Agenda, deps: Deps): Promise<void> {
  await scheduleStaleReminders(agenda, deps);
  const requeued = await requeueStranded(deps);
  const requeuedActions = await requeueStrandedActions(deps);
  if (requeued || requeuedActions) deps.logger.info(`Re-queued ${requeued} interrupted run(s) and ${requeuedActions} interrupted action(s).`);
  await scheduleRepair(agenda, deps);
  const reconciled = await reconcileScheduleJobs(deps);
  if (reconciled.removed) deps.logger.info(`Removed ${reconciled.removed} job(s) left by deleted schedules.`);
  await reconcileDigestJobs(deps);
}

function boundPort(started: unknown, fallback: number): number {
  const server = started as Server | undefined;
  const address = server && typeof server.address === 'function' ? server.address() : null;
  return address && typeof address === 'object' ? address.port : fallback;
}
