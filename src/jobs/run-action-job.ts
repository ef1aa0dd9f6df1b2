import { WebClient } from '@slack/web-api';
import type { Agenda, Job } from 'agenda';
import { z } from 'zod';
import { listStrandedActions } from '../repositories/item-actions';
import type { ActionQueue, Deps } from '../use-cases/deps';
import { giveUpAction, runAction } from '../use-cases/actions';

export const RUN_ACTION_JOB = 'run-action';

/** A claim on one action; actionSlackClient keeps every execution well inside it. A dead worker's claim expires after this. */
export const ACTION_LEASE_MS = 120_000;

/**
 * The Slack client action posts go through. The default (Bolt's) client retries for about
 * half an hour and waits out rate limits, so a post could outlive the claim and a second
 * worker would reclaim the row and post again. This one gives up quickly instead and the
 * action fails visibly with Retry: an execution makes at most 3 calls (card link, post, its
 * link), each at most 3 attempts of 10 s plus ~3 s of backoff, so ~100 s < ACTION_LEASE_MS.
 * (Renewing the lease while posting would also work, but needs a heartbeat around every
 * call and still leaves a stuck call unbounded.)
 */
export function actionSlackClient(token: string, slackApiUrl?: string): WebClient {
  return new WebClient(token, {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    timeout: 10_000,
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2_000 },
    rejectRateLimitedCalls: true,
  });
}

/** This job's data, parsed on the way in: a job can outlive a deploy. */
export const runActionData = z.object({ actionId: z.uuid(), runSeq: z.number().int().min(1) });
export type RunActionData = z.infer<typeof runActionData>;

/** Thrown when another worker holds this action's claim: the job is retried after a while. */
export class ActionBusyError extends Error {
  constructor(actionId: string) {
    super(`Action ${actionId} is claimed by another worker`);
    this.name = 'ActionBusyError';
  }
}

/** A busy action is retried until the other claim has surely expired; other errors back off exponentially. */
export function actionRetryDelayMs(error: Error, attempt: number): number | null {
  if (error instanceof ActionBusyError) return attempt <= 10 ? Math.ceil(ACTION_LEASE_MS / 5) : null;
  return attempt <= 5 ? 2_000 * 2 ** (attempt - 1) : null;
}

export function defineRunActionJob(agenda: Agenda, deps: Deps): void {
  agenda.on(`retry exhausted:${RUN_ACTION_JOB}`, (error: Error, job: { attrs: { data: unknown } }) => {
    const data = runActionData.safeParse(job.attrs.data);
    if (!data.success) return;
    giveUpAction(deps, data.data, error.message).catch((e) => deps.logger.error(`Could not fail action ${data.data.actionId}`, e));
  });
  agenda.define(
    RUN_ACTION_JOB,
    async (job: Job<RunActionData>) => {
      const data = runActionData.safeParse(job.attrs.data);
      if (!data.success) {
        deps.logger.error(`Dropping ${RUN_ACTION_JOB} job with invalid data: ${data.error.message}`);
        return;
      }
      const outcome = await runAction(deps, data.data, { leaseMs: ACTION_LEASE_MS });
      deps.logger.debug(`${RUN_ACTION_JOB} ${data.data.actionId}#${data.data.runSeq}: ${outcome}`);
      if (outcome === 'busy') throw new ActionBusyError(data.data.actionId);
    },
    { lockLifetime: ACTION_LEASE_MS, concurrency: 5, backoff: ({ error, attempt }) => actionRetryDelayMs(error, attempt) },
  );
}

/** Queues an execution once per (action, runSeq): queueing the same one again is a no-op. */
export function actionQueue(agenda: Agenda): ActionQueue {
  return {
    async enqueueAction(run, opts) {
      await agenda
        .create(RUN_ACTION_JOB, run)
        .unique({ 'data.actionId': run.actionId, 'data.runSeq': run.runSeq }, { insertOnly: !opts?.force })
        .schedule(new Date())
        .save();
    },
  };
}

/** Start-up repair: executions whose job was lost (crash between commit and enqueue, or a dead worker) are queued again. */
export async function requeueStrandedActions(deps: Deps): Promise<number> {
  const stranded = await listStrandedActions(deps.db, new Date(deps.now().getTime() - Math.max(60_000, ACTION_LEASE_MS)));
  for (const row of stranded) await deps.actions.enqueueAction({ actionId: row.id, runSeq: row.runSeq }, { force: true });
  return stranded.length;
}
