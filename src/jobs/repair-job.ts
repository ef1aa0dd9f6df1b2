import type { Agenda } from 'agenda';
import { finishIdleActing } from '../use-cases/actions/roll-up';
import type { Deps } from '../use-cases/deps';
import { requeueStrandedActions } from './run-action-job';
import { requeueStranded } from './run-agent-job';

export const REPAIR_JOB = 'repair-stranded';

/**
 * A repeating sweep that queues again the runs and actions no live worker holds: a crash
 * between a commit and its enqueue, a database that dropped the enqueue, or a worker that
 * died (its claim stopped being renewed), and items left acting after their last action. Queueing is idempotent and every run or action is
 * claimed before it works, so a sweep that finds work still in the queue does no harm.
 */
export async function scheduleRepair(agenda: Agenda, deps: Deps): Promise<void> {
  agenda.define(REPAIR_JOB, async () => {
    const runs = await requeueStranded(deps);
    const actions = await requeueStrandedActions(deps);
    const finished = await finishIdleActing(deps, new Date(deps.now().getTime() - deps.config.jobs.leaseMs));
    if (runs || actions || finished) deps.logger.info(`Re-queued ${runs} interrupted run(s) and ${actions} interrupted action(s); completed ${finished} item(s) whose actions had all finished.`);
  });
  await agenda.every(`${Math.max(1, Math.round(deps.config.jobs.repairEveryMs / 1000))} seconds`, REPAIR_JOB);
}
