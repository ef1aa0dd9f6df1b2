import { describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { agentTrust } from '../../db/schema';
import { ACTIONS, INPUTS, VIEWS } from '../../src/views/slack-ids';
import { OWNER, click, delegateCommand, eventually, itemRow, refOf, submitView, validArtifactFor, waitForCard } from '../support/scenario';
import { useTestApp } from '../support/test-app';

const app = useTestApp({ env: { TRUST_PROMOTE_AFTER: '3' }, modelReply: validArtifactFor });

async function trustRow(agent: string) {
  const [row] = await app().delegate.database.db.select().from(agentTrust).where(and(eq(agentTrust.userId, OWNER), eq(agentTrust.agent, agent)));
  return row;
}

/** Delegates and waits for this item's review card. */
async function reviewCard(text: string) {
  const t = app();
  const before = t.slack.callsTo('chat.postMessage').length;
  await delegateCommand(t, text);
  return waitForCard(t, (c) => t.slack.callsTo('chat.postMessage').indexOf(c) >= before);
}

describe('track record per person and agent', () => {
  it('approvals build a streak; a refine resets it; status and /delegate trust show it', async () => {
    const t = app();
    for (const n of [1, 2]) {
      const card = await reviewCard(`summarize: notes ${n}`);
      const ref = refOf(card, ACTIONS.approve);
      await click(t, ACTIONS.approve, ref, OWNER, card.body.ts);
      await eventually(() => itemRow(t, ref.itemId), (r) => r.status !== 'awaiting_review');
    }
    expect(await trustRow('summarize')).toMatchObject({ level: 'propose', streak: 2, approvals: 2 });

    const card = await reviewCard('summarize: notes 3');
    const ref = refOf(card, ACTIONS.refine);
    await click(t, ACTIONS.refine, ref, OWNER, card.body.ts);
    const modal = await t.slack.waitFor('views.open');
    await submitView(t, VIEWS.refine, modal.body.view.private_metadata, {
      [INPUTS.feedback.block]: { [INPUTS.feedback.action]: { type: 'plain_text_input', value: 'shorter' } },
    });
    await eventually(() => trustRow('summarize'), (r) => r?.refines === 1);
    expect(await trustRow('summarize')).toMatchObject({ level: 'propose', streak: 0, approvals: 2, refines: 1 });

    const status = await (await delegateCommand(t, 'status')).reply();
    const text = JSON.stringify(status.body.blocks);
    expect(text).toContain('*summarize* proposes (actions wait for your approval)');
    expect(text).toContain('2 approved · 1 refined · 0 rejected · streak 0 · 3 more approvals in a row before it may act');

    const trust = await (await delegateCommand(t, 'trust')).reply();
    expect(JSON.stringify(trust.body.blocks)).toContain('*summarize* proposes');
  });

  it('/delegate trust <agent> observe steps it down; act cannot be set by command; unknown agents are named', async () => {
    const t = app();
    const observe = await (await delegateCommand(t, 'trust triage observe')).reply();
    expect(observe.body.text).toContain('`triage` now observes (artifact only, no actions offered), because you set it');
    expect(await trustRow('triage')).toMatchObject({ level: 'observe', levelReason: 'you set it' });

    const act = await (await delegateCommand(t, 'trust triage act')).reply();
    expect(act.body.text).toContain('promoted to act only from one of its cards, after 3 approvals in a row');
    expect(await trustRow('triage')).toMatchObject({ level: 'observe' });

    const again = await (await delegateCommand(t, 'trust triage observe')).reply();
    expect(again.body.text).toContain('already only observes. Nothing changed.');

    const unknown = await (await delegateCommand(t, 'trust reserch propose')).reply();
    expect(unknown.body.text).toContain('There is no agent called `reserch`');
  });

  it('a reject of an agent that acts demotes it to propose, and says so', async () => {
    const t = app();
    const card = await reviewCard('research: which queue?');
    // Promoted meanwhile (e.g. from another card); this item was already waiting for review.
    await t.delegate.database.db
      .insert(agentTrust)
      .values({ userId: OWNER, agent: 'research', level: 'act', streak: 4 })
      .onConflictDoUpdate({ target: [agentTrust.userId, agentTrust.agent], set: { level: 'act', streak: 4 } });

    const ref = refOf(card, ACTIONS.reject);
    await click(t, ACTIONS.reject, ref, OWNER, card.body.ts);
    const modal = await t.slack.waitFor('views.open');
    await submitView(t, VIEWS.reject, modal.body.view.private_metadata, {
      [INPUTS.reason.block]: { [INPUTS.reason.action]: { type: 'plain_text_input', value: 'made up sources' } },
    });
    const told = await t.slack.waitFor('chat.postEphemeral', (c) => String(c.body.text).includes('`research` now proposes'));
    expect(told.body.text).toContain('because you rejected its work');
    expect(await trustRow('research')).toMatchObject({ level: 'propose', streak: 0, rejects: 1, levelReason: 'you rejected its work' });
  });
});
