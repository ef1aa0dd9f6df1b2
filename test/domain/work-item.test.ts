import { describe, expect, it } from 'vitest';
import { decide, isOpen, needsRun, type Command, type Status, type WorkItemState } from '../../src/domain/work-item';

const NOW = new Date('2026-11-23T10:00:00Z');
const OWNER = 'U0OWNER';
const OTHER = 'U0OTHER';

function buildState(status: Status): WorkItemState {
  switch (status) {
    case 'queued':
    case 'running':
      return { status };
    case 'awaiting_review':
      return { status, version: 2 };
    case 'refining':
      return { status, fromVersion: 2, feedback: 'shorter' };
    case 'failed':
      return { status, reason: 'timeout', retry: { kind: 'first_run' } };
    case 'approved':
    case 'acting':
      return { status, version: 2, by: OWNER, at: NOW, auto: true };
    case 'completed':
      return { status, version: 2, by: OWNER, at: NOW, auto: true, completedAt: NOW };
    case 'rejected':
      return { status, by: OWNER, at: NOW, reason: 'off topic' };
    case 'cancelled':
      return { status, by: OWNER, at: NOW };
  }
}

const item = (status: Status, state = buildState(status)) => ({ id: 'i1', ownerId: OWNER, state });

const commands: Record<Command['type'], Command> = {
  start_run: { type: 'start_run' },
  complete_run: { type: 'complete_run', version: 3 },
  fail_run: { type: 'fail_run', reason: 'model timeout' },
  approve: { type: 'approve', actor: OWNER, version: 2 },
  reject: { type: 'reject', actor: OWNER, version: 2, reason: 'wrong' },
  refine: { type: 'refine', actor: OWNER, version: 2, feedback: 'cite sources' },
  retry: { type: 'retry', actor: OWNER },
  cancel: { type: 'cancel', actor: OWNER },
  finish_actions: { type: 'finish_actions' },
  rerun_on_event: { type: 'rerun_on_event', feedback: 'New commits were pushed.' },
  supersede: { type: 'supersede' },
  undo: { type: 'undo', actor: OWNER, windowMs: 10 * 60_000 },
};

const ALL: Status[] = ['queued', 'running', 'awaiting_review', 'refining', 'failed', 'approved', 'rejected', 'cancelled', 'acting', 'completed'];

// Expected next status for every (state, command); '-' means refused.
const table: Record<Status, Record<Command['type'], Status | '-'>> = {
  queued: { start_run: 'running', complete_run: 'awaiting_review', fail_run: 'failed', approve: '-', reject: '-', refine: '-', retry: '-', cancel: 'cancelled', finish_actions: '-', rerun_on_event: '-', supersede: 'cancelled', undo: '-' },
  running: { start_run: 'running', complete_run: 'awaiting_review', fail_run: 'failed', approve: '-', reject: '-', refine: '-', retry: '-', cancel: 'cancelled', finish_actions: '-', rerun_on_event: '-', supersede: 'cancelled', undo: '-' },
  awaiting_review: { start_run: '-', complete_run: '-', fail_run: '-', approve: 'approved', reject: 'rejected', refine: 'refining', retry: '-', cancel: 'cancelled', finish_actions: '-', rerun_on_event: 'refining', supersede: 'cancelled', undo: '-' },
  refining: { start_run: 'refining', complete_run: 'awaiting_review', fail_run: 'failed', approve: '-', reject: '-', refine: '-', retry: '-', cancel: 'cancelled', finish_actions: '-', rerun_on_event: '-', supersede: 'cancelled', undo: '-' },
  failed: { start_run: '-', complete_run: '-', fail_run: '-', approve: '-', reject: '-', refine: '-', retry: 'queued', cancel: 'cancelled', finish_actions: '-', rerun_on_event: '-', supersede: 'cancelled', undo: '-' },
  approved: { start_run: '-', complete_run: '-', fail_run: '-', approve: '-', reject: '-', refine: '-', retry: '-', cancel: '-', finish_actions: '-', rerun_on_event: '-', supersede: '-', undo: 'awaiting_review' },
  rejected: { start_run: '-', complete_run: '-', fail_run: '-', approve: '-', reject: '-', refine: '-', retry: '-', cancel: '-', finish_actions: '-', rerun_on_event: '-', supersede: '-', undo: '-' },
  cancelled: { start_run: '-', complete_run: '-', fail_run: '-', approve: '-', reject: '-', refine: '-', retry: '-', cancel: '-', finish_actions: '-', rerun_on_event: '-', supersede: '-', undo: '-' },
  acting: { start_run: '-', complete_run: '-', fail_run: '-', approve: '-', reject: '-', refine: '-', retry: '-', cancel: '-', finish_actions: 'completed', rerun_on_event: '-', supersede: '-', undo: 'awaiting_review' },
  completed: { start_run: '-', complete_run: '-', fail_run: '-', approve: '-', reject: '-', refine: '-', retry: '-', cancel: '-', finish_actions: '-', rerun_on_event: '-', supersede: '-', undo: 'awaiting_review' },
};

describe('decide: the transition table', () => {
  for (const from of ALL) {
    for (const [type, expected] of Object.entries(table[from]) as [Command['type'], Status | '-'][]) {
      it(`${from} + ${type} → ${expected === '-' ? 'refused' : expected}`, () => {
        const decision = decide(item(from), commands[type], NOW);
        if (expected === '-') {
          expect(decision.ok).toBe(false);
          if (!decision.ok) expect(decision.refusal.code).toBe('transition_refused');
        } else {
          expect(decision).toMatchObject({ ok: true, state: { status: expected } });
        }
      });
    }
  }
});

describe('decide: rules beyond the table', () => {
  it.each(['approve', 'reject', 'refine', 'retry', 'cancel'] as const)('%s by someone else is refused as not_owner', (type) => {
    const cmd = { ...commands[type], actor: OTHER } as Command;
    const from = type === 'retry' ? 'failed' : 'awaiting_review';
    expect(decide(item(from), cmd, NOW)).toEqual({ ok: false, refusal: { code: 'not_owner', ownerId: OWNER } });
  });

  it.each(['approve', 'reject', 'refine'] as const)('%s of a superseded version is refused as stale', (type) => {
    const cmd = { ...commands[type], version: 1 } as Command;
    expect(decide(item('awaiting_review'), cmd, NOW)).toEqual({
      ok: false,
      refusal: { code: 'stale_version', current: 2, requested: 1 },
    });
  });

  it('approve records who and when', () => {
    expect(decide(item('awaiting_review'), commands.approve, NOW)).toEqual({
      ok: true,
      state: { status: 'approved', version: 2, by: OWNER, at: NOW, auto: false },
    });
  });

  it('approve with selected actions goes to acting; finishing them completes the item', () => {
    const acting = decide(item('awaiting_review'), { ...commands.approve, actions: 2 } as Command, NOW);
    expect(acting).toEqual({ ok: true, state: { status: 'acting', version: 2, by: OWNER, at: NOW, auto: false } });
    if (!acting.ok) return;
    const later = new Date(NOW.getTime() + 5_000);
    expect(decide(item('acting', acting.state), commands.finish_actions, later)).toEqual({
      ok: true,
      state: { status: 'completed', version: 2, by: OWNER, at: NOW, auto: false, completedAt: later },
    });
  });

  it.each<[string, Command, Status]>([
    ['observe', { type: 'complete_run', version: 3, autonomy: 'observe', actions: 0 }, 'awaiting_review'],
    ['propose', { type: 'complete_run', version: 3, autonomy: 'propose', actions: 2 }, 'awaiting_review'],
    ['act, with actions', { type: 'complete_run', version: 3, autonomy: 'act', actions: 2 }, 'acting'],
    ['act, nothing to do', { type: 'complete_run', version: 3, autonomy: 'act', actions: 0 }, 'approved'],
  ])('complete_run at autonomy %s → %s', (_name, command, expected) => {
    const decision = decide(item('running'), command, NOW);
    expect(decision).toMatchObject({ ok: true, state: { status: expected } });
    if (decision.ok && expected !== 'awaiting_review') expect(decision.state).toMatchObject({ auto: true, by: OWNER, version: 3 });
  });

  it('undo: only an automatic approval, only by the owner, only inside the window', () => {
    const manual = { ...buildState('acting'), auto: false } as WorkItemState;
    expect(decide(item('acting', manual), commands.undo, NOW)).toMatchObject({ ok: false, refusal: { code: 'transition_refused' } });
    expect(decide(item('acting'), { ...commands.undo, actor: OTHER } as Command, NOW)).toMatchObject({ ok: false, refusal: { code: 'not_owner' } });
    const late = new Date(NOW.getTime() + 10 * 60_000 + 1);
    expect(decide(item('completed'), commands.undo, late)).toEqual({ ok: false, refusal: { code: 'undo_window_passed', at: NOW } });
    expect(decide(item('completed'), commands.undo, new Date(NOW.getTime() + 60_000))).toEqual({
      ok: true,
      state: { status: 'awaiting_review', version: 2 },
    });
  });

  it('a failed refinement keeps its feedback, and retry resumes the refinement', () => {
    const failed = decide(item('refining'), commands.fail_run, NOW);
    expect(failed).toEqual({
      ok: true,
      state: { status: 'failed', reason: 'model timeout', retry: { kind: 'refine', fromVersion: 2, feedback: 'shorter' } },
    });
    if (!failed.ok) return;
    expect(decide(item('failed', failed.state), commands.retry, NOW)).toEqual({
      ok: true,
      state: { status: 'refining', fromVersion: 2, feedback: 'shorter' },
    });
  });

  it('refine carries the feedback and the version it refines', () => {
    expect(decide(item('awaiting_review'), commands.refine, NOW)).toEqual({
      ok: true,
      state: { status: 'refining', fromVersion: 2, feedback: 'cite sources' },
    });
  });
});

describe('isOpen and needsRun', () => {
  it.each<[Status, boolean, boolean]>([
    ['queued', true, true],
    ['running', true, false],
    ['awaiting_review', true, false],
    ['refining', true, true],
    ['failed', true, false],
    ['approved', false, false],
    ['rejected', false, false],
    ['cancelled', false, false],
    ['acting', false, false],
    ['completed', false, false],
  ])('%s: open=%s, needs a run=%s', (status, open, run) => {
    expect(isOpen(status)).toBe(open);
    expect(needsRun(buildState(status))).toBe(run);
  });
});
