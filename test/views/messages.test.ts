import { describe, expect, it } from 'vitest';
import { DEFAULT_TRUST } from '../../src/domain/trust';
import { assignMessage, escalationDm, escalationPost, publishMessage, undoIncompleteMessage, type ActionMessageModel } from '../../src/views/action-messages';
import { renderDigest } from '../../src/views/digest';
import type { Message } from '../../src/views/kit';
import { helpMessage, refusedMessage, refusedWithTextMessage, statusMessage, trustChangeMessage } from '../../src/views/messages';
import { refineModal } from '../../src/views/modals/refine-modal';
import { rejectModal } from '../../src/views/modals/reject-modal';
import { tightenModal } from '../../src/views/modals/tighten-modal';
import { scheduleCreatedMessage, scheduleListMessage, type ScheduleView } from '../../src/views/schedules';
import { specTightenedMessage } from '../../src/views/spec-messages';
import { trustMessage } from '../../src/views/trust';
import { escapeMrkdwn } from '../../src/views/kit';
import { HOSTILE_TOKENS, buildActionItem } from '../specs/builders';
import { injectionsInBody } from '../support/injection-sweep';

/** Every message and modal that can carry text a model or a person wrote, given nothing but hostile text. */
const EVIL = HOSTILE_TOKENS.join(' ');
const NOW = new Date('2026-11-24T10:00:00Z');
const AN_HOUR_AGO = new Date(NOW.getTime() - 3_600_000);
const item = { id: '00000000-0000-4000-8000-000000000001', agent: 'research', instructions: EVIL, createdAt: AN_HOUR_AGO, updatedAt: AN_HOUR_AGO };
const actionModel: ActionMessageModel = {
  ownerId: 'U0OWNER',
  spec: { name: 'research', title: 'Research', emoji: ':mag:' },
  version: 1,
  blocks: [],
  summary: EVIL,
  cardLink: 'https://example.slack.com/archives/C0CHAN/p1700000000000100',
};
const schedule: ScheduleView = {
  id: 's1',
  agent: 'research',
  instructions: EVIL,
  schedule: { cadence: { kind: 'cron', expression: '0 9 * * 1-5' }, mode: 'run_at' },
  timeZone: EVIL,
  leadMinutes: 0,
  state: 'paused',
  // The app's own words with Slack's error code in them; only its channel link stays live (appWords).
  pausedReason: "Its channel <#C0GONE> can't be posted in (<!channel> <https://evil.example|click>).",
  nextRun: null,
  deferredSince: AN_HOUR_AGO,
  deferredCount: 2,
};

const rendered: Array<[string, Message | { view: unknown }]> = [
  ['help', helpMessage([{ name: 'research', title: 'Research', emoji: ':mag:', description: 'Answers', example: 'compare <a> & <b>' }], 'research')],
  ['refused at the limit', refusedMessage(3, 3, [{ ...item, state: { status: 'failed', reason: EVIL, retry: { kind: 'first_run' } } }], NOW)],
  ['status', statusMessage([{ ...item, state: { status: 'refining', fromVersion: 1, feedback: EVIL } }], 5, NOW, [{ agent: 'research', instructions: EVIL, since: AN_HOUR_AGO, count: 2 }])],
  ['refused, text handed back', refusedWithTextMessage(escapeMrkdwn(`Too long: ${EVIL}`), `<@U0VICTIM|victim> asked ${EVIL}`)],
  ['trust change', trustChangeMessage(EVIL, { from: 'propose', to: 'observe', cause: { code: 'set_by_owner' } })],
  ['trust', trustMessage([{ agent: 'research', record: { ...DEFAULT_TRUST }, reason: EVIL }], 5)],
  ['publish', publishMessage(actionModel)],
  ['assign DM', assignMessage(actionModel, [{ ...buildActionItem(), description: EVIL, due: EVIL }])],
  ['escalation post', escalationPost(actionModel, EVIL)],
  ['escalation DM', escalationDm(actionModel)],
  ['undo incomplete', undoIncompleteMessage([{ params: { kind: 'assign', userId: 'U0ANA', name: EVIL, items: [] }, code: EVIL }])],
  ['spec tightened', specTightenedMessage({ agent: 'research', version: 2, ownerId: null }, `rule “${EVIL}”`)],
  ['schedule created', scheduleCreatedMessage(schedule, NOW)],
  ['schedule list', scheduleListMessage([schedule], NOW)],
  [
    'digest',
    renderDigest(
      {
        dayLabel: EVIL,
        open: 2,
        limit: 5,
        review: [{ id: item.id, agent: 'research', instructions: EVIL, version: 1, waitingSince: AN_HOUR_AGO, stale: true }],
        failed: [{ id: item.id, agent: 'research', instructions: EVIL, reason: EVIL, version: 1 }],
        completedYesterday: [{ agent: 'research', instructions: EVIL, outcome: 'approved' }],
        scheduledToday: [{ agent: 'research', instructions: EVIL, at: NOW }],
        deferred: [{ scheduleId: 's1', agent: 'research', instructions: EVIL, since: AN_HOUR_AGO, count: 1 }],
      },
      NOW,
    ),
  ],
  ['refine modal', { view: refineModal({ itemId: item.id, version: 1 }, EVIL) }],
  ['reject modal', { view: rejectModal({ itemId: item.id, version: 1 }, EVIL) }],
  [
    'tighten modal',
    { view: tightenModal({ agent: 'research', title: EVIL, version: 1, fields: [{ path: 'title', kinds: ['maxLength'] }], inForce: { fields: [{ path: EVIL, maxLength: 80 }], rules: [EVIL] }, canApplyForEveryone: false }, { agent: 'research' }) },
  ],
];

describe('every message a person can be sent, given hostile text', () => {
  it.each(rendered)('%s: nothing in it is live but what the app wrote', (_name, payload) => {
    expect(injectionsInBody(payload)).toEqual([]);
  });

  it("keeps the app's own tokens: the channel in a pause reason, the owner, the permalink", () => {
    expect(JSON.stringify(scheduleListMessage([schedule], NOW).blocks)).toContain("Its channel <#C0GONE> can't be posted in");
    expect(JSON.stringify(publishMessage(actionModel).blocks)).toContain('Shared by <@U0OWNER>');
    expect(JSON.stringify(publishMessage(actionModel).blocks)).toContain('<https://example.slack.com/archives/C0CHAN/p1700000000000100|Open the card>');
  });

  it("hands a too-long request back with mentions as names and everything else escaped", () => {
    const { text } = refusedWithTextMessage(escapeMrkdwn('Too long.'), 'ask <@U0ANA|ana> <!channel>');
    expect(text).toBe('Too long.\n\nYour text:\n>ask @ana &lt;!channel&gt;');
  });
});
