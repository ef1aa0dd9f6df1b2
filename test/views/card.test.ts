import { describe, expect, it } from 'vitest';
import { research } from '../../specs/research';
import type { Status, WorkItemState } from '../../src/domain/work-item';
import { ACTIONS, SPEC_ACTIONS } from '../../src/views/slack-ids';
import { renderCard, type CardModel } from '../../src/views/card';
import { section } from '../../src/views/kit';
import { buildResearch } from '../specs/builders';
import { blockKitViolations } from '../support/block-kit-limits';
import { injectionsInBody } from '../support/injection-sweep';

const AT = new Date('2026-11-23T10:00:00Z');
const artifact = research.schema.parse(buildResearch());

function buildCardModel(overrides: Partial<CardModel> = {}): CardModel {
  return {
    itemId: '6f1c2a9e-0000-4000-8000-000000000001',
    ownerId: 'U0OWNER',
    instructions: 'compare pg-boss and Agenda',
    createdAt: AT,
    spec: research,
    state: { status: 'awaiting_review', version: 2 },
    artifact: { version: 2, specVersion: 1, blocks: research.render(artifact), summary: research.summarize(artifact) },
    ...overrides,
  };
}

const states: Record<Status, WorkItemState> = {
  queued: { status: 'queued' },
  running: { status: 'running' },
  awaiting_review: { status: 'awaiting_review', version: 2 },
  refining: { status: 'refining', fromVersion: 2, feedback: 'add numbers' },
  failed: { status: 'failed', reason: 'The model did not answer within 60 s', retry: { kind: 'first_run' } },
  approved: { status: 'approved', version: 2, by: 'U0OWNER', at: AT, auto: false },
  acting: { status: 'acting', version: 2, by: 'U0OWNER', at: AT, auto: false },
  completed: { status: 'completed', version: 2, by: 'U0OWNER', at: AT, auto: false, completedAt: AT },
  rejected: { status: 'rejected', by: 'U0OWNER', at: AT, reason: 'wrong scope' },
  cancelled: { status: 'cancelled', by: 'U0OWNER', at: AT },
};

const actionIds = (blocks: unknown[]) =>
  blocks.flatMap((b: any) => (b.type === 'actions' ? b.elements.map((e: any) => e.action_id) : []));

describe('renderCard: each state shows its words and only its buttons', () => {
  it.each<[Status, string[], string]>([
    ['queued', [], 'is working on it'],
    ['running', [], 'is working on it'],
    ['awaiting_review', [ACTIONS.approve, ACTIONS.refine, ACTIONS.reject], 'Waiting for <@U0OWNER> to review'],
    ['refining', [], 'Refining version 2 with your feedback: “add numbers”'],
    ['failed', [ACTIONS.retry, ACTIONS.cancel], 'This run failed.* The model did not answer within 60 s'],
    ['approved', [], 'Approved by <@U0OWNER>'],
    ['rejected', [], 'Rejected by <@U0OWNER>'],
    ['cancelled', [], 'Cancelled by <@U0OWNER>'],
  ])('%s', (status, buttons, words) => {
    const message = renderCard(buildCardModel({ state: states[status] }));
    expect(actionIds(message.blocks)).toEqual(buttons);
    expect(JSON.stringify(message.blocks)).toContain(words);
    expect(blockKitViolations(message)).toEqual([]);
    expect(message.text).not.toContain('<@'); // the fallback never pings
  });
});

describe('renderCard', () => {
  it('shows what was asked, by whom, the agent, the spec and its version', () => {
    const text = JSON.stringify(renderCard(buildCardModel()).blocks);
    expect(text).toContain(':mag: Research · v2');
    expect(text).toContain('Asked by <@U0OWNER>');
    expect(text).toContain('`research@1`');
    expect(text).toContain('>compare pg-boss and Agenda');
    expect(text).toContain('pg-boss vs Agenda for a PostgreSQL shop');
  });

  it('buttons carry the item and the version they act on', () => {
    const message = renderCard(buildCardModel());
    const approve = (message.blocks.find((b) => b.type === 'actions') as any).elements[0];
    expect(JSON.parse(approve.value)).toEqual({ itemId: '6f1c2a9e-0000-4000-8000-000000000001', version: 2 });
  });

  it("the text fallback escapes the model's summary: no broadcast, no forged link (issue 8)", () => {
    const hostile = research.schema.parse(buildResearch({ title: 'Queues', summary: '<!channel> <https://evil.example|click>' }));
    const message = renderCard(buildCardModel({ artifact: { version: 2, specVersion: 1, blocks: research.render(hostile), summary: research.summarize(hostile) } }));
    expect(message.text).toBe('Research (ready for your review): Queues: &lt;!channel&gt; &lt;https://evil.example|click&gt;');
  });

  it.each(Object.values(states))('in every state, nothing the model or a person wrote is live anywhere in the message ($status)', (state) => {
    const model = buildCardModel({ state, plan: { actions: [], notes: [{ code: 'owners_unresolved', owners: ['<!here> Ana'] }, { code: 'escalation_target_unresolved', target: '<!channel>' }], canPublish: true, publishChannelId: null } });
    expect(injectionsInBody(renderCard(model))).toEqual([]);
  });

  it('a rejection reason written with markup is shown escaped', () => {
    const message = renderCard(buildCardModel({ state: { ...states.rejected, reason: '<!here> see <https://x.io|this>' } as WorkItemState }));
    const text = JSON.stringify(message.blocks);
    expect(text).not.toContain('<!here>');
    expect(text).toContain('&lt;!here&gt;');
  });

  it('an oversized artifact is cut to 50 blocks, keeping the review buttons and a notice', () => {
    const blocks = Array.from({ length: 80 }, (_, i) => section(`part ${i}`));
    const message = renderCard(buildCardModel({ artifact: { version: 2, specVersion: 1, blocks, summary: 's' } }));
    expect(message.blocks).toHaveLength(50);
    expect(actionIds(message.blocks)).toEqual([ACTIONS.approve, ACTIONS.refine, ACTIONS.reject]);
    expect(JSON.stringify(message.blocks)).toContain('more blocks not shown');
    expect(blockKitViolations(message)).toEqual([]);
  });

  it('a first run that failed has no artifact and still offers Retry', () => {
    const message = renderCard(buildCardModel({ state: states.failed, artifact: undefined }));
    expect(actionIds(message.blocks)).toEqual([ACTIONS.retry, ACTIONS.cancel]);
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: ':mag: Research' } });
  });
});

describe('renderCard: Tighten spec', () => {
  it('sits in a section of its own after the status, apart from the review buttons', () => {
    const { blocks } = renderCard(buildCardModel({ tightenSpec: true }));
    const last = blocks.at(-1) as any;
    expect(last).toMatchObject({ type: 'section', block_id: 'spec:6f1c2a9e-0000-4000-8000-000000000001', accessory: { action_id: SPEC_ACTIONS.tighten, value: '{"agent":"research"}' } });
    expect(actionIds(blocks)).toEqual([ACTIONS.approve, ACTIONS.refine, ACTIONS.reject]);
    expect(blockKitViolations({ text: 'card', blocks })).toEqual([]);
  });

  it('shows the effective spec version', () => {
    const { blocks } = renderCard(buildCardModel({ artifact: { version: 1, specVersion: 3, blocks: [], summary: 's' } }));
    expect(JSON.stringify(blocks)).toContain('`research@3`');
  });

  it.each<[string, Partial<CardModel>]>([
    ['when not asked for (a spec-coach proposal)', { tightenSpec: false }],
    ['before there is an artifact', { tightenSpec: true, artifact: undefined, state: { status: 'running' } }],
  ])('is absent %s', (_label, overrides) => {
    expect(JSON.stringify(renderCard(buildCardModel(overrides)).blocks)).not.toContain(SPEC_ACTIONS.tighten);
  });

  it('survives trimming of a very long artifact (kept with the tail)', () => {
    const many = Array.from({ length: 80 }, (_, i) => section(`finding ${i}`));
    const { blocks } = renderCard(buildCardModel({ tightenSpec: true, artifact: { version: 2, specVersion: 1, blocks: many, summary: 's' } }));
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect((blocks.at(-1) as any).accessory.action_id).toBe(SPEC_ACTIONS.tighten);
    expect(actionIds(blocks)).toEqual([ACTIONS.approve, ACTIONS.refine, ACTIONS.reject]);
  });
});
