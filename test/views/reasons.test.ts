import { describe, expect, it } from 'vitest';
import { describePlan, explainSlackError } from '../../src/views/reasons';

describe('words', () => {
  it('describes the plan', () => {
    expect(
      describePlan([
        { kind: 'publish', channelId: 'C0ENG' },
        { kind: 'assign', userId: 'U1', name: 'a', items: [] },
        { kind: 'assign', userId: 'U2', name: 'b', items: [] },
        { kind: 'escalate_post', channelId: 'C0INC', target: 'x' },
        { kind: 'escalate_dm', userId: 'U3', name: 'x' },
      ]),
    ).toBe('post to <#C0ENG>, DM 2 owners their items, escalate in <#C0INC>, DM the escalation target');
    expect(describePlan([{ kind: 'assign', userId: 'U1', name: 'a', items: [] }])).toBe('DM 1 owner their items');
    expect(describePlan([])).toBe('nothing (every action is unticked)');
  });

  it.each([
    ['not_in_channel', 'invite me'],
    ['channel_not_found', "doesn't exist"],
    ['is_archived', 'archived'],
    ['ratelimited', 'Retry'],
    ['weird_error', 'weird_error'],
  ])('explains %s', (code, words) => {
    expect(explainSlackError(code, 'C0X')).toContain(words);
  });
});
