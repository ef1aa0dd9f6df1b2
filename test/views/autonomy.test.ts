import { describe, expect, it } from 'vitest';
import type { Autonomy, TrustCause } from '../../src/domain/trust';
import { describeLevel, trustCauseText } from '../../src/views/autonomy';
import { promotionRefusedMessage, trustChangeMessage } from '../../src/views/messages';

describe('describeLevel', () => {
  it.each<[Autonomy, string]>([
    ['observe', 'observes (artifact only, no actions offered)'],
    ['propose', 'proposes (actions wait for your approval)'],
    ['act', 'acts without asking (you can undo for a while)'],
  ])('%s', (level, words) => {
    expect(describeLevel(level)).toBe(words);
  });
});

describe('trustCauseText', () => {
  it.each<[TrustCause, string]>([
    [{ code: 'rejected' }, 'you rejected its work'],
    [{ code: 'undone' }, 'you undid what it did'],
    [{ code: 'promoted', streak: 6 }, '6 approvals in a row, and you said so'],
    [{ code: 'set_by_owner' }, 'you set it'],
  ])('%j', (cause, words) => {
    expect(trustCauseText(cause)).toBe(words);
  });
});

describe('trust messages', () => {
  it('a demotion says the new level and why', () => {
    expect(trustChangeMessage('triage', { from: 'act', to: 'propose', cause: { code: 'undone' } }).text).toBe(
      ':information_source: `triage` now proposes (actions wait for your approval), because you undid what it did.',
    );
  });

  it('a promotion says why in brackets', () => {
    expect(trustChangeMessage('research', { from: 'propose', to: 'act', cause: { code: 'promoted', streak: 5 } }).text).toContain(
      '`research` will act without asking you from now on (5 approvals in a row, and you said so).',
    );
  });

  it('a refused promotion at the level it has says the level', () => {
    expect(promotionRefusedMessage({ code: 'already', level: 'act' }).text).toBe('It already acts without asking (you can undo for a while). Nothing changed.');
  });
});
