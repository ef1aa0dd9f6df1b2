import { describe, expect, it } from 'vitest';
import { ACTIONS, SCHEDULE_ACTIONS } from '../../src/views/slack-ids';
import { renderDigest, type DigestModel } from '../../src/views/digest';
import { blockKitViolations } from '../support/block-kit-limits';

const NOW = new Date('2026-11-24T08:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

function buildDigestModel(overrides: Partial<DigestModel> = {}): DigestModel {
  return {
    dayLabel: 'Tuesday 24 November',
    open: 0,
    limit: 5,
    review: [],
    failed: [],
    completedYesterday: [],
    scheduledToday: [],
    deferred: [],
    ...overrides,
  };
}

const review = (i: number, waitedHours: number, stale = false) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  agent: 'research',
  instructions: `question ${i}`,
  version: 1,
  waitingSince: hoursAgo(waitedHours),
  stale,
});

describe('renderDigest', () => {
  it('an empty day is one line', () => {
    const message = renderDigest(buildDigestModel(), NOW);
    expect(message.blocks).toHaveLength(1);
    expect(message.text).toContain('nothing needs you today');
  });

  it('a busy day says it all at a glance, oldest review first, with the buttons to act', () => {
    const message = renderDigest(
      buildDigestModel({
        open: 4,
        review: [review(1, 50, true), review(2, 3)],
        failed: [{ id: '00000000-0000-4000-8000-0000000000f1', agent: 'triage', instructions: 'disk alert', reason: 'The model timed out', version: 0 }],
        completedYesterday: [{ agent: 'summarize', instructions: 'retro notes', outcome: 'approved' }],
        scheduledToday: [{ agent: 'research', instructions: 'releases', at: new Date('2026-11-24T15:00:00Z') }],
        deferred: [{ scheduleId: '00000000-0000-4000-8000-0000000000d1', agent: 'research', instructions: 'weekly report', since: hoursAgo(5), count: 2 }],
      }),
      NOW,
    );
    const text = JSON.stringify(message.blocks);
    expect(message.text).toContain('WIP 4 of 5 · 2 waiting for your review (1 stale) · 1 failed');
    expect(text.indexOf('question 1')).toBeLessThan(text.indexOf('question 2'));
    expect(text).toContain(':warning: *stale*');
    expect(text).toContain('waiting 2 days');
    for (const section of ['Completed yesterday', "Today's scheduled runs", '*Deferred runs*', 'Failed, waiting for you']) expect(text).toContain(section);
    expect(text).toContain('(2 due runs)');
    const actionIds = message.blocks.flatMap((b: any) => (b.type === 'actions' ? b.elements.map((e: any) => e.action_id) : []));
    expect(actionIds).toEqual([ACTIONS.approve, ACTIONS.refine, ACTIONS.reject, ACTIONS.approve, ACTIONS.refine, ACTIONS.reject, ACTIONS.retry, ACTIONS.cancel]);
    const accessory = message.blocks.map((b: any) => b.accessory?.action_id).filter(Boolean);
    expect(accessory).toEqual([SCHEDULE_ACTIONS.runAnyway]);
    expect(blockKitViolations(message)).toEqual([]);
  });

  it('a huge backlog stays inside Slack limits and points to the rest', () => {
    const message = renderDigest(
      buildDigestModel({
        open: 50,
        review: Array.from({ length: 40 }, (_, i) => review(i, 100 - i, true)),
        failed: Array.from({ length: 10 }, (_, i) => ({ id: `00000000-0000-4000-8000-0000000001${String(i).padStart(2, '0')}`, agent: 'triage', instructions: 'x', reason: 'y', version: 0 })),
        completedYesterday: Array.from({ length: 40 }, () => ({ agent: 'research', instructions: 'done', outcome: 'rejected' as const })),
      }),
      NOW,
    );
    expect(blockKitViolations(message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('…and 32 more');
  });
});
