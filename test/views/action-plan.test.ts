import { describe, expect, it } from 'vitest';
import { research } from '../../specs/research';
import type { WorkItemState } from '../../src/domain/work-item';
import { ACTIONS, BLOCKS, numberedAction } from '../../src/views/slack-ids';
import { planNoteText, type CardAction, type CardNote, type CardPlan } from '../../src/views/action-plan';
import { renderCard, type CardModel } from '../../src/views/card';
import { buildActionItem, buildResearch } from '../specs/builders';
import { blockKitViolations } from '../support/block-kit-limits';

const AT = new Date('2026-11-23T10:00:00Z');
const ITEM = '6f1c2a9e-0000-4000-8000-000000000001';
const artifact = research.schema.parse(buildResearch());
const id = (n: number) => `6f1c2a9e-0000-4000-8000-${String(n).padStart(12, '0')}`;

function buildAction(overrides: Partial<CardAction> = {}): CardAction {
  return { id: id(100), params: { kind: 'publish', channelId: 'C0ENG' }, selected: true, status: 'planned', error: null, ...overrides };
}

function buildPlan(overrides: Partial<CardPlan> = {}): CardPlan {
  return {
    actions: [
      buildAction(),
      buildAction({ id: id(101), params: { kind: 'assign', userId: 'U0ANA', name: '<!channel> Ana', items: [buildActionItem()] } }),
    ],
    notes: [{ code: 'owners_unresolved', owners: ['<@U0X>'] }],
    canPublish: true,
    publishChannelId: 'C0ENG',
    ...overrides,
  };
}

function buildModel(state: WorkItemState, plan: CardPlan = buildPlan()): CardModel {
  return {
    itemId: ITEM,
    ownerId: 'U0OWNER',
    instructions: 'compare',
    createdAt: AT,
    spec: research,
    state,
    artifact: { version: 2, specVersion: 1, blocks: research.render(artifact), summary: research.summarize(artifact) },
    plan,
  };
}

const text = (m: { blocks: unknown[] }) => JSON.stringify(m.blocks);
const review: WorkItemState = { status: 'awaiting_review', version: 2 };
const acting: WorkItemState = { status: 'acting', version: 2, by: 'U0OWNER', at: AT, auto: false };

describe('the plan on a card in review', () => {
  it('says what approving does, with a tick per action, the publish target and the notes', () => {
    const card = renderCard(buildModel(review));
    expect(text(card)).toContain('*On approve:* post to <#C0ENG>, DM 1 owner their items');
    const plan = card.blocks.find((b: any) => b.block_id === BLOCKS.plan(ITEM, 2, 0)) as any;
    expect(plan.elements[0]).toMatchObject({ type: 'checkboxes', action_id: ACTIONS.selectActions });
    expect(plan.elements[0].initial_options.map((o: any) => o.value)).toEqual([id(100), id(101)]);
    const select = card.blocks.find((b: any) => b.block_id === BLOCKS.publishTo(ITEM, 2)) as any;
    expect(select.elements[0]).toMatchObject({ type: 'channels_select', initial_channel: 'C0ENG' });
    expect(blockKitViolations(card)).toEqual([]);
  });

  it('escapes what the model wrote (owner names, notes) so the plan pings nobody', () => {
    const t = text(renderCard(buildModel(review)));
    expect(t).not.toContain('<!channel>');
    expect(t).toContain('&lt;!channel&gt; Ana');
    expect(t).toContain('&lt;@U0X&gt;');
  });

  it('an unticked action is not in the summary nor among the initial options', () => {
    const plan = buildPlan({ actions: [buildAction({ selected: false })] });
    const card = renderCard(buildModel(review, plan));
    expect(text(card)).toContain('*On approve:* nothing (every action is unticked)');
    const block = card.blocks.find((b: any) => b.block_id === BLOCKS.plan(ITEM, 2, 0)) as any;
    expect(block.elements[0].initial_options).toBeUndefined();
  });

  it('more than ten actions are split over several checkbox groups, within Slack limits', () => {
    const many = Array.from({ length: 23 }, (_, i) =>
      buildAction({ id: id(200 + i), params: { kind: 'assign', userId: `U${i}`, name: 'x'.repeat(80), items: [buildActionItem()] } }),
    );
    const card = renderCard(buildModel(review, buildPlan({ actions: many })));
    expect(card.blocks.filter((b: any) => b.block_id?.startsWith('plan:'))).toHaveLength(3);
    expect(blockKitViolations(card)).toEqual([]);
    expect(card.blocks.at(-1)).toMatchObject({ block_id: `review:${ITEM}` });
  });
});

describe('outcomes once approved', () => {
  it('shows each outcome with its link, and Retry / Skip for each failed action only', () => {
    const plan = buildPlan({
      actions: [
        buildAction({ status: 'succeeded', permalink: 'https://example.slack.com/archives/C0ENG/p1' }),
        buildAction({ id: id(101), params: { kind: 'assign', userId: 'U0ANA', name: 'Ana', items: [] }, status: 'failed', error: 'That person can’t receive a DM.' }),
        buildAction({ id: id(102), params: { kind: 'escalate_post', channelId: 'C0INC', target: 'x' }, status: 'failed', error: 'nope' }),
        buildAction({ id: id(103), params: { kind: 'escalate_dm', userId: 'U0B', name: 'Bo' }, status: 'skipped' }),
        buildAction({ id: id(104), params: { kind: 'publish', channelId: 'C0X' }, status: 'running' }),
      ],
    });
    const card = renderCard(buildModel(acting, plan));
    const t = text(card);
    expect(t).toContain(':white_check_mark: Post to <#C0ENG> · <https://example.slack.com/archives/C0ENG/p1|view>');
    expect(t).toContain(':warning: DM Ana 0 action items: That person can’t receive a DM.');
    expect(t).toContain(':heavy_minus_sign: DM Bo the escalation · skipped');
    expect(t).toContain(':hourglass_flowing_sand: Post to <#C0X>…');
    expect(t).toContain('not assigned: “&lt;@U0X&gt;”');
    const buttons = card.blocks.filter((b: any) => b.type === 'actions').flatMap((b: any) => b.elements);
    expect(buttons.map((b: any) => [b.action_id, b.text.text, JSON.parse(b.value).actionId])).toEqual([
      [numberedAction(ACTIONS.retryAction, 0), 'Retry DM Ana', id(101)],
      [numberedAction(ACTIONS.skipAction, 0), 'Skip DM Ana', id(101)],
      [numberedAction(ACTIONS.retryAction, 1), 'Retry the incident post', id(102)],
      [numberedAction(ACTIONS.skipAction, 1), 'Skip the incident post', id(102)],
    ]);
    expect(blockKitViolations(card)).toEqual([]);
  });

  it('an approval without actions shows no outcomes', () => {
    const card = renderCard(buildModel({ status: 'approved', version: 2, by: 'U0OWNER', at: AT, auto: false }, buildPlan({ actions: [] })));
    expect(text(card)).not.toContain('*Actions*');
  });
});

describe('trust on the card', () => {
  const auto: WorkItemState = { status: 'completed', version: 2, by: 'U0OWNER', at: AT, auto: true, completedAt: AT };
  const buttons = (m: { blocks: unknown[] }) => m.blocks.filter((b: any) => b.type === 'actions').flatMap((b: any) => b.elements.map((e: any) => [e.action_id, e.text.text]));

  it('an automatic approval is an FYI with Undo while its window lasts', () => {
    const card = renderCard({ ...buildModel(auto, buildPlan({ actions: [] })), trust: { undoUntil: new Date(AT.getTime() + 600_000), offerPromotion: false } });
    expect(text(card)).toContain('acted without asking');
    expect(buttons(card)).toEqual([[ACTIONS.undo, 'Undo']]);
    expect(blockKitViolations(card)).toEqual([]);
  });

  it('after the window, nor Undo nor the offer', () => {
    const card = renderCard({ ...buildModel(auto, buildPlan({ actions: [] })), trust: undefined });
    expect(buttons(card)).toEqual([]);
  });

  it('an earned streak offers to let the agent act; it is only an offer (a button)', () => {
    const approved: WorkItemState = { status: 'approved', version: 2, by: 'U0OWNER', at: AT, auto: false };
    const card = renderCard({ ...buildModel(approved, buildPlan({ actions: [] })), trust: { offerPromotion: true } });
    expect(buttons(card)).toEqual([[ACTIONS.promote, 'Let research act without asking next time?']]);
    expect(renderCard({ ...buildModel(approved, buildPlan({ actions: [] })), trust: { offerPromotion: false } }).blocks.some((b: any) => b.type === 'actions')).toBe(false);
  });
});

describe('planNoteText', () => {
  it.each<[CardNote, string]>([
    [{ code: 'owners_unresolved', owners: ['Nobody', 'Lee'] }, 'Not a Slack member I can DM, so not assigned: “Nobody”, “Lee”.'],
    [{ code: 'no_incident_channel' }, 'No incident channel is configured (INCIDENT_CHANNEL), so the escalation is not posted to one.'],
    [{ code: 'escalation_target_unresolved', target: 'payments team' }, 'The escalation target “payments team” is not a Slack member I can DM.'],
    [{ code: 'observing', agent: 'research' }, 'research only observes for you, so no actions are offered (`/delegate trust research propose` lets it propose them again).'],
  ])('%j', (note, words) => {
    expect(planNoteText(note)).toBe(words);
  });

  it('the card shows each note, escaped, in review and after approval', () => {
    const plan = buildPlan({ notes: [{ code: 'no_incident_channel' }, { code: 'escalation_target_unresolved', target: '<!here>' }] });
    for (const state of [review, acting]) {
      const t = text(renderCard(buildModel(state, plan)));
      expect(t).toContain(':information_source: No incident channel is configured');
      expect(t).toContain(':information_source: The escalation target “&lt;!here&gt;” is not a Slack member I can DM.');
    }
  });
});
