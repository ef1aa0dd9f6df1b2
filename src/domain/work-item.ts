/**
 * The work-item lifecycle: a pure decide/evolve core. No I/O; time is passed in.
 *
 *   queued ─start─▶ running ─complete─▶ awaiting_review ─approve─▶ approved
 *     │               │                    │  │ └─reject─▶ rejected
 *     │               └─fail─▶ failed ◀─┐  │  └─refine─▶ refining ─complete─▶ awaiting_review
 *     │                         │retry  └──┼──────────────fail──┘
 *     └──────── cancel (from any open state) ─────────▶ cancelled
 *
 * Approval with actions to run goes to `acting` (the approved version's actions run as
 * jobs), then `completed`. An agent at the `act` autonomy level approves its own artifact
 * on completion (`auto`); the owner may undo that within a window, back to review.
 *
 *   awaiting_review ─approve (actions)─▶ acting ─finish_actions─▶ completed
 *   running ─complete_run (act)─▶ acting | approved      acting|completed|approved (auto) ─undo─▶ awaiting_review
 */
import { notOwner, type NotOwner } from './ownership';

export type Status =
  | 'queued'
  | 'running'
  | 'awaiting_review'
  | 'refining'
  | 'failed'
  | 'approved'
  | 'rejected'
  | 'cancelled'
  | 'acting'
  | 'completed';

/** How much an agent may do without asking, per person (see domain/trust.ts). */
export type Autonomy = 'observe' | 'propose' | 'act';

export type WorkItemState =
  | { status: 'queued' }
  | { status: 'running' }
  | { status: 'awaiting_review'; version: number }
  | { status: 'refining'; fromVersion: number; feedback: string }
  | { status: 'failed'; reason: string; retry: RetryTarget }
  | { status: 'approved'; version: number; by: string; at: Date; auto: boolean }
  | { status: 'acting'; version: number; by: string; at: Date; auto: boolean }
  | { status: 'completed'; version: number; by: string; at: Date; auto: boolean; completedAt: Date }
  | { status: 'rejected'; by: string; at: Date; reason: string }
  /** `superseded`: closed by what it was about (its PR was closed), not by a person. */
  | { status: 'cancelled'; by: string; at: Date; superseded?: boolean };

/** What a Retry re-runs: the first pass, or the refinement that failed. */
export type RetryTarget = { kind: 'first_run' } | { kind: 'refine'; fromVersion: number; feedback: string };

export interface WorkItem {
  id: string;
  ownerId: string;
  state: WorkItemState;
}

export type Command =
  | { type: 'start_run' }
  | { type: 'complete_run'; version: number; autonomy?: Autonomy; actions?: number }
  | { type: 'fail_run'; reason: string }
  /** `actions`: how many of the version's actions are selected to run. */
  | { type: 'approve'; actor: string; version: number; actions?: number }
  | { type: 'reject'; actor: string; version: number; reason: string }
  | { type: 'refine'; actor: string; version: number; feedback: string }
  | { type: 'retry'; actor: string }
  | { type: 'cancel'; actor: string }
  | { type: 'finish_actions' }
  /** A watched event changed what the item is about (new commits on its PR): a new version, as a refinement. */
  | { type: 'rerun_on_event'; feedback: string }
  /** What the item is about went away (its PR was closed): it leaves the backlog. */
  | { type: 'supersede' }
  | { type: 'undo'; actor: string; windowMs: number };

export type Refusal =
  | NotOwner
  | { code: 'stale_version'; current: number | null; requested: number }
  | { code: 'transition_refused'; from: Status; command: Command['type'] }
  | { code: 'undo_window_passed'; at: Date };

export type Decision = { ok: true; state: WorkItemState } | { ok: false; refusal: Refusal };

/** States that occupy a WIP slot: anything not closed. */
export function isOpen(status: Status): boolean {
  switch (status) {
    case 'queued':
    case 'running':
    case 'awaiting_review':
    case 'refining':
    case 'failed':
      return true;
    case 'approved':
    case 'rejected':
    case 'cancelled':
    case 'acting':
    case 'completed':
      return false;
    default:
      return assertNever(status);
  }
}

export const OPEN_STATUSES: readonly Status[] = ['queued', 'running', 'awaiting_review', 'refining', 'failed'];
/** Approved, whatever became of its actions. */
export const APPROVED_STATUSES = ['approved', 'acting', 'completed'] as const satisfies readonly Status[];
/** Decided: a person (or the act level) approved, rejected or cancelled it. */
export const DECIDED_STATUSES = [...APPROVED_STATUSES, 'rejected', 'cancelled'] as const satisfies readonly Status[];
/** Decided by its owner's review (approved or rejected), not cancelled: what the retro's medians are over. */
export const REVIEWED_STATUSES = [...APPROVED_STATUSES, 'rejected'] as const satisfies readonly Status[];

/** Whether an agent run job should do work for this state (jobs can be delivered twice). */
export function isRunnable(state: WorkItemState): boolean {
  return state.status === 'queued' || state.status === 'running' || state.status === 'refining';
}

export function decide(item: WorkItem, command: Command, now: Date): Decision {
  const { state } = item;
  const refuse = (): Decision => ({
    ok: false,
    refusal: { code: 'transition_refused', from: state.status, command: command.type },
  });
  const ok = (next: WorkItemState): Decision => ({ ok: true, state: next });

  const notYours = 'actor' in command ? notOwner(item, command.actor) : undefined;
  if (notYours) return { ok: false, refusal: notYours };

  switch (command.type) {
    case 'start_run':
      // Re-delivery of a run that was interrupted is allowed: running → running.
      if (state.status === 'queued' || state.status === 'running') return ok({ status: 'running' });
      if (state.status === 'refining') return ok(state);
      return refuse();
    case 'complete_run':
      if (state.status === 'running' || state.status === 'refining' || state.status === 'queued') {
        if (command.autonomy === 'act') return ok(approval(command.version, item.ownerId, now, true, command.actions ?? 0));
        return ok({ status: 'awaiting_review', version: command.version });
      }
      return refuse();
    case 'fail_run':
      if (state.status === 'queued' || state.status === 'running') {
        return ok({ status: 'failed', reason: command.reason, retry: { kind: 'first_run' } });
      }
      if (state.status === 'refining') {
        return ok({
          status: 'failed',
          reason: command.reason,
          retry: { kind: 'refine', fromVersion: state.fromVersion, feedback: state.feedback },
        });
      }
      return refuse();
    case 'approve':
    case 'reject':
    case 'refine': {
      if (state.status !== 'awaiting_review') return refuse();
      if (state.version !== command.version) {
        return { ok: false, refusal: { code: 'stale_version', current: state.version, requested: command.version } };
      }
      if (command.type === 'approve') return ok(approval(state.version, command.actor, now, false, command.actions ?? 0));
      if (command.type === 'reject') return ok({ status: 'rejected', by: command.actor, at: now, reason: command.reason });
      return ok({ status: 'refining', fromVersion: state.version, feedback: command.feedback });
    }
    case 'retry':
      if (state.status !== 'failed') return refuse();
      return state.retry.kind === 'first_run'
        ? ok({ status: 'queued' })
        : ok({ status: 'refining', fromVersion: state.retry.fromVersion, feedback: state.retry.feedback });
    case 'cancel':
      if (!isOpen(state.status)) return refuse();
      return ok({ status: 'cancelled', by: command.actor, at: now });
    case 'rerun_on_event':
      if (state.status !== 'awaiting_review') return refuse();
      return ok({ status: 'refining', fromVersion: state.version, feedback: command.feedback });
    case 'supersede':
      if (!isOpen(state.status)) return refuse();
      return ok({ status: 'cancelled', by: item.ownerId, at: now, superseded: true });
    case 'finish_actions':
      if (state.status !== 'acting') return refuse();
      return ok({ status: 'completed', version: state.version, by: state.by, at: state.at, auto: state.auto, completedAt: now });
    case 'undo':
      if ((state.status !== 'acting' && state.status !== 'completed' && state.status !== 'approved') || !state.auto) return refuse();
      if (now.getTime() - state.at.getTime() > command.windowMs) return { ok: false, refusal: { code: 'undo_window_passed', at: state.at } };
      return ok({ status: 'awaiting_review', version: state.version });
    default:
      return assertNever(command);
  }
}

function approval(version: number, by: string, at: Date, auto: boolean, actions: number): WorkItemState {
  return actions > 0 ? { status: 'acting', version, by, at, auto } : { status: 'approved', version, by, at, auto };
}

/** Whether the new state needs an agent run enqueued. */
export function needsRun(state: WorkItemState): boolean {
  return state.status === 'queued' || state.status === 'refining';
}

export function assertNever(x: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(x)}`);
}
