import { describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { agentTrust, artifacts, rejectedOutputs, specVersions, workItems } from '../../db/schema';
import { ACTIONS, INPUTS, SPEC_ACTIONS, VIEWS } from '../../src/views/slack-ids';
import { SPEC_COACH } from '../../specs/spec-coach';
import { buildResearch, buildSpecCoach } from '../specs/builders';
import type { Reply } from '../support/fake-openai';
import { CHANNEL, OWNER, buttonsOf, click, delegateCommand, eventually, itemRow, refOf, submitView, validArtifactFor, waitForCard } from '../support/scenario';
import type { SlackCall } from '../support/fake-slack';
import { buildAppHomeOpened, sendEvent } from '../support/slack-requests';
import type { TestApp } from '../support/test-app';
import { useTestApp } from '../support/test-app';

const app = useTestApp();

const select = (value: string) => ({ type: 'static_select', selected_option: { value, text: { type: 'plain_text', text: value } } });
const text = (value: string) => ({ type: 'plain_text_input', value });

/** The card's "Tighten spec" button (an accessory of its own section, apart from the review buttons). */
function tightenButton(card: SlackCall): { value: string; blockId: string } {
  const block = (card.body.blocks as any[]).find((b) => b.accessory?.action_id === SPEC_ACTIONS.tighten);
  if (!block) throw new Error('No Tighten spec button on the card');
  return { value: block.accessory.value, blockId: block.block_id };
}

async function openTighten(t: TestApp, card: SlackCall, user = OWNER) {
  const ref = refOf(card, ACTIONS.approve);
  const { value } = tightenButton(card);
  t.slack.reset();
  await click(t, SPEC_ACTIONS.tighten, JSON.parse(value), user);
  const modal = await t.slack.waitFor('views.open');
  expect(modal.body.view.callback_id).toBe(VIEWS.tighten);
  return { modal, ref };
}

async function submitTighten(t: TestApp, metadata: string, fields: { field?: string; kind?: string; value?: string; rule?: string; everyone?: boolean }, user = OWNER) {
  const values: Record<string, Record<string, object>> = {};
  if (fields.field) values[INPUTS.specField.block] = { [INPUTS.specField.action]: select(fields.field) };
  if (fields.kind) values[INPUTS.specKind.block] = { [INPUTS.specKind.action]: select(fields.kind) };
  values[INPUTS.specValue.block] = { [INPUTS.specValue.action]: text(fields.value ?? '') };
  values[INPUTS.specRule.block] = { [INPUTS.specRule.action]: text(fields.rule ?? '') };
  if (fields.everyone !== undefined) {
    values[INPUTS.specEveryone.block] = { [INPUTS.specEveryone.action]: { type: 'checkboxes', selected_options: fields.everyone ? [{ value: 'everyone' }] : [] } };
  }
  return submitView(t, VIEWS.tighten, metadata, values, user);
}

/** Spec-coach proposals in the database (a proposal is an item, created with the decision that triggers it). */
const proposalsFor = (t: TestApp, owner: string, about: string) =>
  t.delegate.database.db.$count(workItems, and(eq(workItems.ownerId, owner), eq(workItems.agent, SPEC_COACH), eq(workItems.aboutAgent, about)));

const versionsOf = (t: TestApp, agent: string) =>
  t.delegate.database.db.select().from(specVersions).where(eq(specVersions.agent, agent)).orderBy(asc(specVersions.version));

describe('tightening a spec from the card', () => {
  it('creates a new version whose JSON Schema goes to the model, and the card shows it', async () => {
    const t = app();
    t.openai.setDefault(validArtifactFor);
    await delegateCommand(t, 'research: compare pg-boss and Agenda');
    const card = await waitForCard(t);
    expect(buttonsOf(card).map((b) => b.text)).toEqual(['Approve', 'Refine', 'Reject']);
    expect(tightenButton(card).blockId).toMatch(/^spec:/);

    const { modal } = await openTighten(t, card);
    const blocks = JSON.stringify(modal.body.view.blocks);
    expect(blocks).toContain('research@1');
    expect(blocks).toContain('findings.source');
    expect(blocks).not.toContain(INPUTS.specEveryone.block); // not an admin

    // A looser limit is refused inline, and nothing is created.
    const loose = await submitTighten(t, modal.body.view.private_metadata, { field: 'title', kind: 'maxLength', value: '200' });
    expect(await loose.json()).toEqual({ response_action: 'errors', errors: { [INPUTS.specValue.block]: expect.stringContaining('already at most 100') } });
    expect(await versionsOf(t, 'research')).toEqual([]);

    const res = await submitTighten(t, modal.body.view.private_metadata, { field: 'title', kind: 'maxLength', value: '40', rule: 'every finding cites a source' });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const confirmation = await t.slack.waitFor('chat.postEphemeral', (c) => String(c.body.text).includes('research@2'));
    expect(confirmation.body.text).toContain('`title` at most 40 characters');
    const [v2] = await versionsOf(t, 'research');
    expect(v2).toMatchObject({ version: 2, ownerId: OWNER, baseVersion: 1, source: 'tighten', createdBy: OWNER, constraints: { fields: [{ path: 'title', maxLength: 40 }], rules: ['every finding cites a source'] } });

    // The next run sends the constraint and the rule; output violating it gets a repair request.
    t.openai.reset();
    t.openai.enqueue({ json: buildResearch({ title: 'A title that is far longer than forty characters' }) }, { json: buildResearch({ title: 'Short title' }) });
    await delegateCommand(t, 'research: pick a queue');
    const next = await waitForCard(t, (c) => JSON.stringify(c.body.blocks).includes('Short title'));
    expect(JSON.stringify(next.body.blocks)).toContain('research@2');
    const [first, repair] = await t.openai.waitForRequests(2);
    const schema = first!.body.response_format.json_schema.schema;
    expect(schema.properties.title.maxLength).toBe(40);
    expect(schema.description).toContain('every finding cites a source');
    expect(first!.body.messages[0].content).toContain('- every finding cites a source');
    expect(repair!.body.messages.at(-1).content).toContain('title');
    const item = refOf(next, ACTIONS.approve).itemId;
    const [artifact] = await t.delegate.database.db.select().from(artifacts).where(eq(artifacts.workItemId, item));
    expect(artifact).toMatchObject({ specName: 'research', specVersion: 2, repaired: 1 });
    expect(await t.delegate.database.db.select().from(rejectedOutputs).where(eq(rejectedOutputs.workItemId, item))).toHaveLength(1);
  });

  it('fails as before when the output misses the tightened spec twice', async () => {
    const t = app();
    const tooLong = { json: buildResearch({ title: 'A title that is far longer than forty characters' }) };
    t.openai.setDefault(tooLong);
    await delegateCommand(t, 'research: still too long');
    const failed = await t.slack.waitFor('chat.postMessage', (c) => buttonsOf(c).some((b) => b.action_id === ACTIONS.retry));
    expect(JSON.stringify(failed.body.blocks)).toContain('research@2');
    expect(JSON.stringify(failed.body.blocks)).toContain('did not match');
  });

  it('another person still gets the file spec; an admin may tighten for everyone', async () => {
    const t = app();
    t.openai.setDefault(validArtifactFor);
    const OTHER = 'U0ADMIN';
    t.slack.setUser(OTHER, { is_admin: true });
    await delegateCommand(t, 'research: for the admin', OTHER);
    const card = await waitForCard(t, (c) => JSON.stringify(c.body.blocks).includes('for the admin'));
    expect(JSON.stringify(card.body.blocks)).toContain('research@1');

    const { modal } = await openTighten(t, card, OTHER);
    expect(JSON.stringify(modal.body.view.blocks)).toContain(INPUTS.specEveryone.block);
    await submitTighten(t, modal.body.view.private_metadata, { field: 'findings', kind: 'maxItems', value: '3', everyone: true }, OTHER);
    await t.slack.waitFor('chat.postEphemeral', (c) => String(c.body.text).includes('for everyone'));
    const rows = await versionsOf(t, 'research');
    expect(rows.at(-1)).toMatchObject({ version: 3, ownerId: null, baseVersion: 1 });

    // The owner's effective spec is now the global v3 (it supersedes their personal v2).
    t.openai.reset();
    t.openai.setDefault(validArtifactFor);
    await delegateCommand(t, 'research: after the admin');
    const next = await waitForCard(t, (c) => JSON.stringify(c.body.blocks).includes('after the admin'));
    expect(JSON.stringify(next.body.blocks)).toContain('research@3');
    expect(t.openai.requests[0]!.body.response_format.json_schema.schema.properties.findings.maxItems).toBe(3);
  });

  it('refuses "for everyone" from someone who is not an admin', async () => {
    const t = app();
    t.openai.setDefault(validArtifactFor);
    await delegateCommand(t, 'summarize: some notes');
    const card = await waitForCard(t, (c) => JSON.stringify(c.body.blocks).includes('some notes'));
    const { modal } = await openTighten(t, card);
    const res = await submitTighten(t, modal.body.view.private_metadata, { rule: 'quote numbers exactly', everyone: true });
    expect(await res.json()).toEqual({ response_action: 'errors', errors: { [INPUTS.specEveryone.block]: expect.stringContaining('workspace admin') } });
  });
});

describe('Home', () => {
  it('splits the retro by spec version and offers Tighten spec per agent', async () => {
    const t = app();
    await sendEvent(t.target, buildAppHomeOpened({ userId: OWNER }));
    const published = await t.slack.waitFor('views.publish', (c) => c.body.user_id === OWNER && JSON.stringify(c.body.view).includes('Retro'));
    const blocks: any[] = published.body.view.blocks;
    const text = JSON.stringify(blocks);
    // From the tests above: research ran at @1 (the first card), at @2 (after the tightening), at @3 (the admin's),
    // and once without a result (the run that missed the tightened spec twice).
    expect(text).toMatch(/\*research@1\*: 1 runs/);
    expect(text).toMatch(/\*research@2\*: 1 runs/);
    expect(text).toMatch(/\*research@3\*: 1 runs/);
    expect(text).toMatch(/\*research\* \(no result yet\): 1 runs/);
    const tighten = blocks.find((b) => b.block_id === 'retro-spec:research');
    expect(tighten.accessory).toMatchObject({ action_id: SPEC_ACTIONS.tighten });

    await click(t, SPEC_ACTIONS.tighten, JSON.parse(tighten.accessory.value));
    const modal = await t.slack.waitFor('views.open', (c) => c.body.view.callback_id === VIEWS.tighten);
    expect(JSON.stringify(modal.body.view.blocks)).toContain('research@3');
  });
});

describe('Refine: make this a rule', () => {
  it('turns the feedback into a rule on a new version, and the refinement runs with it', async () => {
    const t = app();
    const RULER = 'U0RULER'; // a fresh person: the owner's WIP is full from the tests above
    t.openai.setDefault(validArtifactFor);
    await delegateCommand(t, 'triage: disk alert on db-1', RULER);
    const card = await waitForCard(t, (c) => JSON.stringify(c.body.blocks).includes('disk alert'));
    const v1 = refOf(card, ACTIONS.refine);
    await click(t, ACTIONS.refine, v1, RULER);
    const modal = await t.slack.waitFor('views.open', (c) => c.body.view.callback_id === VIEWS.refine);
    expect(JSON.stringify(modal.body.view.blocks)).toContain('Make this a rule for triage');
    t.openai.reset();
    t.openai.setDefault(validArtifactFor);
    await submitView(t, VIEWS.refine, modal.body.view.private_metadata, {
      [INPUTS.feedback.block]: { [INPUTS.feedback.action]: text('Always name the runbook') },
      [INPUTS.refineAsRule.block]: { [INPUTS.refineAsRule.action]: { type: 'checkboxes', selected_options: [{ value: 'rule' }] } },
    }, RULER);
    await eventually(() => itemRow(t, v1.itemId), (r) => r.status === 'awaiting_review' && r.currentVersion === 2);
    const rows = await versionsOf(t, 'triage');
    expect(rows).toEqual([expect.objectContaining({ version: 2, ownerId: RULER, source: 'refine_rule', constraints: { fields: [], rules: ['Always name the runbook'] } })]);
    const request = t.openai.requests.at(-1)!.body;
    expect(request.messages[0].content).toContain('- Always name the runbook');
    expect(request.response_format.json_schema.schema.description).toContain('Always name the runbook');
    const [, v2] = await t.delegate.database.db.select().from(artifacts).where(eq(artifacts.workItemId, v1.itemId)).orderBy(asc(artifacts.version));
    expect(v2).toMatchObject({ version: 2, specVersion: 2, feedback: 'Always name the runbook' });
    await t.slack.waitFor('chat.postEphemeral', (c) => String(c.body.text).includes('triage@2'));
  });
});

describe('spec-coach', () => {
  const COACHED = 'U0COACHED';
  const coachOrArtifact: Reply = (req) =>
    req.body.response_format?.json_schema?.name === SPEC_COACH ? { json: buildSpecCoach() } : (validArtifactFor as (r: typeof req) => Reply)(req);

  async function refine(t: TestApp, itemId: string, version: number, feedback: string) {
    await submitView(t, VIEWS.refine, JSON.stringify({ itemId, version }), { [INPUTS.feedback.block]: { [INPUTS.feedback.action]: text(feedback) } }, COACHED);
    await eventually(() => itemRow(t, itemId), (r) => r.status === 'awaiting_review' && r.currentVersion === version + 1);
  }

  it('three related refines propose a spec change as a delegation; approving it creates the version', async () => {
    const t = app();
    t.openai.setDefault(coachOrArtifact);
    // Even a stray `act` record for the spec-coach must not approve a proposal by itself.
    await t.delegate.database.db.insert(agentTrust).values({ userId: COACHED, agent: SPEC_COACH, level: 'act', streak: 9 });
    await delegateCommand(t, 'research: which queue', COACHED);
    const card = await waitForCard(t, (c) => JSON.stringify(c.body.blocks).includes('which queue'));
    const { itemId } = refOf(card, ACTIONS.approve);
    await refine(t, itemId, 1, 'Cite a source for each finding');
    await refine(t, itemId, 2, 'Finding two has no sources');
    expect(await proposalsFor(t, COACHED, 'research')).toBe(0);
    await refine(t, itemId, 3, 'Which source says this?');

    const proposal = await waitForCard(t, (c) => JSON.stringify(c.body.blocks).includes('Spec change proposal'));
    expect(buttonsOf(proposal).map((b) => b.text)).toEqual(['Approve', 'Refine', 'Reject']);
    expect(JSON.stringify(proposal.body.blocks)).toContain('spec-coach@1');
    expect(JSON.stringify(proposal.body.blocks)).not.toContain(SPEC_ACTIONS.tighten);
    const coachRef = refOf(proposal, ACTIONS.approve);
    expect(await itemRow(t, coachRef.itemId)).toMatchObject({ agent: SPEC_COACH, source: 'coach', aboutAgent: 'research', ownerId: COACHED });
    const brief = t.openai.requests.find((r) => r.body.response_format.json_schema.name === SPEC_COACH)!.body.messages.at(-1).content;
    // The admin's global research@3 (earlier test) is this person's spec too.
    expect(brief).toContain('Agent: research (spec research@3)');
    expect(brief).toContain('Already tightened: `findings` at most 3 items.');
    expect(brief).toContain('- findings.source:');
    expect(brief).toContain('Recurring theme: “source”');
    expect(brief).toContain('Which source says this?');

    // A proposal is refined like any card, but offers no "Make this a rule" (the spec-coach's spec is built in).
    await click(t, ACTIONS.refine, coachRef, COACHED);
    const refineForm = await t.slack.waitFor('views.open', (c) => c.body.view.callback_id === VIEWS.refine);
    expect(JSON.stringify(refineForm.body.view.blocks)).not.toContain(INPUTS.refineAsRule.block);

    await click(t, ACTIONS.approve, coachRef, COACHED);
    const told = await t.slack.waitFor('chat.postEphemeral', (c) => c.body.user === COACHED && String(c.body.text).includes('is now the spec for you'));
    // The spec-coach earns no trust: its proposals always wait for the person's own Approve.
    const [coachTrust] = await t.delegate.database.db.select().from(agentTrust).where(and(eq(agentTrust.userId, COACHED), eq(agentTrust.agent, SPEC_COACH)));
    expect(coachTrust).toMatchObject({ approvals: 0, streak: 9 });
    const [version] = await t.delegate.database.db.select().from(specVersions).where(and(eq(specVersions.ownerId, COACHED), eq(specVersions.source, 'spec_coach')));
    expect(version).toMatchObject({
      agent: 'research',
      baseVersion: 3,
      constraints: { fields: [{ path: 'findings', maxItems: 3 }, { path: 'findings.source', required: true }], rules: [buildSpecCoach().rule] }, // as the model wrote it
    });
    expect(told.body.text).toContain(`research@${version!.version}`);
    expect(await itemRow(t, coachRef.itemId)).toMatchObject({ status: 'approved' });

    // A fourth refine on the same theme does not propose again (the count restarts after a proposal).
    // The next run uses the new version: a null source would now be refused, so the model cites one.
    const cited = buildResearch();
    cited.findings = cited.findings.map((f) => ({ ...f, source: 'https://example.com/doc' }));
    t.openai.setDefault({ json: cited });
    await refine(t, itemId, 4, 'still no source');
    const [, , , , v5] = await t.delegate.database.db.select().from(artifacts).where(eq(artifacts.workItemId, itemId)).orderBy(asc(artifacts.version));
    expect(v5).toMatchObject({ version: 5, specVersion: version!.version });
    const schema = t.openai.requests.at(-1)!.body.response_format.json_schema.schema;
    expect(schema.properties.findings.items.properties.source.type).toBe('string');
    expect(await proposalsFor(t, COACHED, 'research')).toBe(1);
  });

  it('at the WIP limit nothing is proposed; the next matching reject proposes', async () => {
    const t = app();
    const BUSY = 'U0BUSY';
    t.openai.setDefault(coachOrArtifact);
    await (await delegateCommand(t, 'limit 1', BUSY)).reply();
    await delegateCommand(t, 'triage: queue lag', BUSY);
    const card = await waitForCard(t, (c) => JSON.stringify(c.body.blocks).includes('queue lag'));
    const { itemId } = refOf(card, ACTIONS.approve);
    for (const [version, feedback] of [[1, 'Name the runbook'], [2, 'runbook link missing'], [3, 'which runbook?']] as const) {
      await submitView(t, VIEWS.refine, JSON.stringify({ itemId, version }), { [INPUTS.feedback.block]: { [INPUTS.feedback.action]: text(feedback) } }, BUSY);
      await eventually(() => itemRow(t, itemId), (r) => r.status === 'awaiting_review' && r.currentVersion === version + 1);
    }
    const coachRequests = () => t.openai.requests.filter((r) => r.body.response_format.json_schema.name === SPEC_COACH && r.body.messages.at(-1).content.includes('Agent: triage'));
    expect(await proposalsFor(t, BUSY, 'triage')).toBe(0); // the refined item held the only slot

    await submitView(t, VIEWS.reject, JSON.stringify({ itemId, version: 4 }), { [INPUTS.reason.block]: { [INPUTS.reason.action]: text('still no runbook') } }, BUSY);
    const proposal = await waitForCard(t, (c) => c.body.channel === CHANNEL && JSON.stringify(c.body.blocks).includes('Spec change proposal') && JSON.stringify(c.body.blocks).includes('<@U0BUSY>'));
    expect(await itemRow(t, refOf(proposal, ACTIONS.approve).itemId)).toMatchObject({ ownerId: BUSY, aboutAgent: 'triage' });
    expect(coachRequests()[0]!.body.messages.at(-1).content).toContain('still no runbook');
  });

  it('an approved proposal that does not fit the spec applies nothing, and says why', async () => {
    const t = app();
    const PERSON = 'U0COACH2';
    t.openai.setDefault((req) =>
      req.body.response_format?.json_schema?.name === SPEC_COACH
        ? { json: buildSpecCoach({ field_changes: [{ path: 'no_such_field<!channel>', kind: 'required', value: '' }], rule: null }) }
        : (validArtifactFor as (r: typeof req) => Reply)(req),
    );
    await delegateCommand(t, 'summarize: notes', PERSON);
    const card = await waitForCard(t, (c) => JSON.stringify(c.body.blocks).includes('notes'));
    const { itemId } = refOf(card, ACTIONS.approve);
    for (const [version, feedback] of [[1, 'Numbers wrong'], [2, 'the numbers again'], [3, 'check numbers']] as const) {
      await submitView(t, VIEWS.refine, JSON.stringify({ itemId, version }), { [INPUTS.feedback.block]: { [INPUTS.feedback.action]: text(feedback) } }, PERSON);
      await eventually(() => itemRow(t, itemId), (r) => r.status === 'awaiting_review' && r.currentVersion === version + 1);
    }
    const proposal = await waitForCard(t, (c) => JSON.stringify(c.body.blocks).includes('Spec change proposal'));
    await click(t, ACTIONS.approve, refOf(proposal, ACTIONS.approve), PERSON);
    const told = await t.slack.waitFor('chat.postEphemeral', (c) => c.body.user === PERSON && String(c.body.text).includes('nothing was applied'));
    expect(told.body.text).toContain('There is no field `no_such_field&lt;!channel&gt;`'); // what the model wrote cannot ping anyone
    expect(JSON.stringify(told.body.blocks)).not.toContain('<!channel>');
    expect(await t.delegate.database.db.select().from(specVersions).where(eq(specVersions.ownerId, PERSON))).toEqual([]);
    expect(await itemRow(t, refOf(proposal, ACTIONS.approve).itemId)).toMatchObject({ status: 'approved' });
  });
});
