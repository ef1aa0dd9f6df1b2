import type { ModelClient } from '../agents/model-client';
import type { Config } from '../config/env';
import type { Db } from '../db/database';
import type { SlackApi } from '../integrations/slack/slack-api';
import type { GitHubApi } from '../integrations/github/client';
import type { Logger } from '../logger';

/** Queueing an agent run; implemented by the Agenda job. */
export interface RunQueue {
  /** Idempotent per (item, runSeq); `force` re-arms a job that already ran (start-up repair). */
  enqueueRun(run: { workItemId: string; runSeq: number }, opts?: { force?: boolean }): Promise<void>;
}

/** Queueing one execution of an item action; implemented by the Agenda job. */
export interface ActionQueue {
  /** Idempotent per (action, runSeq); `force` re-arms a job that already ran (start-up repair). */
  enqueueAction(run: { actionId: string; runSeq: number }, opts?: { force?: boolean }): Promise<void>;
}

/** Keeps a schedule's Agenda repeating job in step with the schedule. */
export interface ScheduleJobs {
  sync(schedule: import('../repositories/schedules').ScheduleRow, opts?: { onlyIfMissing?: boolean }): Promise<void>;
  remove(scheduleId: string): Promise<void>;
}

/** Keeps a person's digest job in step with their digest settings. */
export interface DigestJobs {
  sync(person: import('../repositories/people').PersonRow): Promise<void>;
}

/** Refreshes a person's App Home soon (debounced), after a change to their items or schedules. */
export interface HomeRefresher {
  refresh(userId: string): Promise<void>;
}

/** Requests still waiting for their ack: work that follows an ack lets them go first. */
export interface AckQueue {
  /** Resolves once every request received so far has been acknowledged (or after a bounded wait). */
  settled(): Promise<void>;
}

export interface Deps {
  db: Db;
  runs: RunQueue;
  actions: ActionQueue;
  schedules: ScheduleJobs;
  digests: DigestJobs;
  home: HomeRefresher;
  acks: AckQueue;
  slack: SlackApi;
  /** For action posts only: bounded retries, so a post never outlives the action's claim (see actionClient). */
  actionSlack: SlackApi;
  model: ModelClient;
  /** GitHub's REST API (Octokit, throttled); absent without GITHUB_TOKEN. */
  github?: GitHubApi;
  config: Config;
  logger: Logger;
  now: () => Date;
}
