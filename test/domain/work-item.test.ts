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
      return { status, version: 2, by: OWNER, at: NOW };
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
};

const ALL: Status[] = ['queued', 'running', 'awaiting_review', 'refining', 'failed', 'approved', 'rejected', 'cancelled'];

// Expected next status for every (state, command); '-' means refused.
const table: Record<Status, Record<Command['type'], Status | '-'>> = {
  queued: { start_run: 'running', complete_run: 'awaiting_review', fail_run: 'failed', approve: '-', reject: '-', refine: '-', retry: '-', cancel: 'cancelled' },
  running: { start_run: 'running', complete_run: 'awaiting_review', fail_run: 'failed', approve: '-', reject: '-', refine: '-', retry: '-', cancel: 'cancelled' },
  awaiting_review: { start_run: '-', complete_run: '-', fail_run: '-', approve: 'approved', reject: 'rejected', refine: 'refining', retry: '-', cancel: 'cancelled' },
  refining: { start_run: 'refining', complete_run: 'awaiting_review', fail_run: 'failed', approve: '-', reject: '-', refine: '-', retry: '-', cancel: 'cancelled' },
  failed: { start_run: '-', complete_run: '-', fail_run: '-', approve: '-', reject: '-', refine: '-', retry: 'queued', cancel: 'cancelled' },
  approved: { start_run: '-', complete_run: '-', fail_run: '-', approve: '-', reject: '-', refine: '-', retry: '-', cancel: '-' },
  rejected: { start_run: '-', complete_run: '-', fail_run: '-', approve: '-', reject: '-', refine: '-', retry: '-', cancel: '-' },
  cancelled: { start_run: '-', complete_run: '-', fail_run: '-', approve: '-', reject: '-', refine: '-', retry: '-', cancel: '-' },
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
      state: { status: 'approved', version: 2, by: OWNER, at: NOW },
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
  ])('%s: open=%s, needs a run=%s', (status, open, run) => {
    expect(isOpen(status)).toBe(open);
    expect(needsRun(buildState(status))).toBe(run);
  });
});
