import { beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { evidence, schedules, workItems } from '../../db/schema';
import { ACTIONS, INPUTS, VIEWS } from '../../src/views/slack-ids';
import type { FakeMessage, SlackCall } from '../support/fake-slack';
import { OWNER, click, delegateCommand, eventually, itemRow, refOf, submitView, validArtifactFor, waitForCard } from '../support/scenario';
import { useTestApp, type TestApp } from '../support/test-app';

// Slack eyes end to end: signed /delegate, the real app, its jobs, and the loopback Slack
// serving conversations (paged, rate-limited) that the agent reads before the model runs.
// Every test here leaves its item open for review: the WIP limit is not what is under test.
const app = useTestApp({ env: { SLACK_READ_MAX_MESSAGES: '300', WIP_LIMIT: '50' }, modelReply: validArtifactFor });
let t: TestApp;
beforeEach(() => {
  t = app();
  t.slack.setMembers([
    { id: OWNER, name: 'owner', real_name: 'Olive Owner' },
    { id: 'U0ANA', name: 'ana', display_name: 'Ana' },
    { id: 'U0BEN', name: 'ben', real_name: 'Ben Bell' },
  ]);
});

const nowSec = () => Math.floor(Date.now() / 1000);
const ts = (secondsAgo: number, n = 0) => `${nowSec() - secondsAgo}.${String(n).padStart(6, '0')}`;
const cardText = (c: SlackCall) => JSON.stringify(c.body.blocks);
const itemsOf = async (agent: string) => t.delegate.database.db.$count(workItems, and(eq(workItems.ownerId, OWNER), eq(workItems.agent, agent)));
const lastModelRequest = () => t.openai.requests.at(-1)!.body;
const gathered = () => lastModelRequest().messages.find((m: any) => m.role === 'user' && m.content.startsWith('What was gathered'))?.content as string;

describe('Slack eyes: a channel', () => {
  it('reads the window, with active threads, names for ids and permalinks, through pages and a 429', async () => {
    const messages: FakeMessage[] = [
      { ts: ts(3 * 86_400), user: 'U0BEN', text: 'too old to be read' },
      { ts: ts(3_600, 1), user: 'U0ANA', text: 'We decided to use Agenda, <@U0BEN> agrees', replies: [{ ts: ts(1_800, 2), user: 'U0BEN', text: 'yes, Agenda it is' }] },
      { ts: ts(3_000, 3), subtype: 'channel_join', user: 'U0BEN', text: '<@U0BEN> has joined the channel' },
      ...Array.from({ length: 250 }, (_, i) => ({ ts: ts(2_900 - i, 4 + i), user: 'U0ANA', text: `status line ${i}` })),
    ];
    t.slack.addChannel({ id: 'C0ENG', name: 'eng', members: [OWNER, 'U0ANA'], messages });
    t.slack.failNext('conversations.history', { status: 429, retryAfter: 1 });

    const cmd = await delegateCommand(t, 'channel-digest: <#C0ENG|eng>');
    expect(JSON.stringify((await cmd.reply()).body)).toContain('channel-digest');
    const card = await waitForCard(t, (c) => cardText(c).includes('Looked at'));

    // Slack said 429 once; the read waited its Retry-After and went on, page by page.
    const history = t.slack.callsTo('conversations.history');
    expect(history[0]!.failed).toBe('ratelimited');
    expect(history.length).toBeGreaterThanOrEqual(3); // the retried first page, then the second
    const text = gathered();
    expect(text).toContain('kind="slack_channel" source="https://example.slack.com/archives/C0ENG"');
    expect(text).toContain('Ana (https://example.slack.com/archives/C0ENG/p');
    expect(text).toContain('We decided to use Agenda, @Ben Bell agrees');
    expect(text).toMatch(/↳ \[[^\]]+\] Ben Bell \(https:\/\/example\.slack\.com\/archives\/C0ENG\/p\d+\?thread_ts=\d+\.000001&cid=C0ENG\): yes, Agenda it is/);
    expect(text).not.toContain('too old to be read');
    expect(text).not.toContain('has joined the channel');
    expect(text).toContain('status line 249');

    expect(cardText(card)).toContain('Looked at: <https://example.slack.com/archives/C0ENG|#eng>, 252 messages since');
    const ref = refOf(card, ACTIONS.approve);
    const [read] = await t.delegate.database.db.select().from(evidence).where(eq(evidence.workItemId, ref.itemId));
    expect(read).toMatchObject({ kind: 'slack_channel', via: 'context', label: '#eng', items: 252, truncated: false, problem: null });
    expect(read!.aliases).toHaveLength(252);
  });

  it('cuts at the message cap and says so; the next run starts where this one read', async () => {
    t.slack.addChannel({ id: 'C0BUSY', name: 'busy', messages: Array.from({ length: 400 }, (_, i) => ({ ts: ts(4_000 - i, i), user: 'U0ANA', text: `m${i}` })) });
    await (await delegateCommand(t, 'channel-digest: <#C0BUSY|busy>')).reply();
    const card = await waitForCard(t, (c) => cardText(c).includes('#busy>, 300 messages'));
    expect(cardText(card)).toContain('(cut at the message cap)');
    const first = refOf(card, ACTIONS.approve);
    const [firstRead] = await t.delegate.database.db.select().from(evidence).where(eq(evidence.workItemId, first.itemId));
    expect(firstRead!.truncated).toBe(true);

    t.slack.addChannel({ id: 'C0BUSY', name: 'busy', messages: [{ ts: ts(0, 999_999), user: 'U0BEN', text: 'one new message' }] });
    await (await delegateCommand(t, 'channel-digest: <#C0BUSY|busy>')).reply();
    const next = await waitForCard(t, (c) => cardText(c).includes('#busy>, 1 message since'));
    const [nextRead] = await t.delegate.database.db.select().from(evidence).where(eq(evidence.workItemId, refOf(next, ACTIONS.approve).itemId));
    expect(nextRead!.since!.getTime()).toBe(firstRead!.readAt.getTime());
  });

  it('a channel the bot is not in: a clear answer, and nothing is created', async () => {
    t.slack.addChannel({ id: 'C0OUT', name: 'outside', botMember: false, messages: [] });
    const before = await itemsOf('channel-digest');
    const reply = await (await delegateCommand(t, 'channel-digest: <#C0OUT|outside>')).reply();
    expect(JSON.stringify(reply.body)).toContain('Invite @Delegate to #outside first');
    expect(JSON.stringify(reply.body)).toContain('Nothing was created.');
    expect(await itemsOf('channel-digest')).toBe(before);
    expect(t.slack.callsTo('conversations.history')).toHaveLength(0);
  });

  it('a daily channel digest of a channel the bot is not in is refused when it is set up, and nothing is scheduled', async () => {
    t.slack.addChannel({ id: 'C0OUT2', name: 'outside2', botMember: false, messages: [] });
    const count = () => t.delegate.database.db.$count(schedules, eq(schedules.ownerId, OWNER));
    const before = await count();
    const refused = await (await delegateCommand(t, 'every weekday 9:00 channel-digest: <#C0OUT2|outside2>')).reply();
    expect(JSON.stringify(refused.body)).toContain('Invite @Delegate to #outside2 first');
    expect(JSON.stringify(refused.body)).toContain('Nothing was scheduled.');
    expect(await count()).toBe(before);

    t.slack.addChannel({ id: 'C0IN', name: 'inside', messages: [] });
    const created = await (await delegateCommand(t, 'every weekday 9:00 channel-digest: <#C0IN|inside>')).reply();
    expect(JSON.stringify(created.body)).not.toContain('Nothing was scheduled');
    expect(await count()).toBe(before + 1);
  });

  it('a private channel the person is not in is refused; one they are in is read', async () => {
    t.slack.addChannel({ id: 'G0HR', name: 'hr', isPrivate: true, botMember: true, members: ['U0ANA'], messages: [{ ts: ts(60), user: 'U0ANA', text: 'salaries' }] });
    const before = await itemsOf('summarize');
    const reply = await (await delegateCommand(t, 'summarize: <#G0HR|hr>')).reply();
    expect(JSON.stringify(reply.body)).toContain('#hr is private and you are not in it');
    expect(await itemsOf('summarize')).toBe(before);
    expect(t.slack.callsTo('conversations.history')).toHaveLength(0);

    t.slack.addChannel({ id: 'G0TEAM', name: 'team', isPrivate: true, botMember: true, members: ['U0ANA', OWNER], messages: [{ ts: ts(60), user: 'U0ANA', text: 'offsite on friday' }] });
    await (await delegateCommand(t, 'summarize: <#G0TEAM|team>')).reply();
    const card = await waitForCard(t, (c) => cardText(c).includes('#team>, 1 message'));
    expect(gathered()).toContain('offsite on friday');
    // Asked from another channel: what a private channel says goes to the owner's DM, not there.
    expect(card.body.channel).toBe(OWNER);
  });

  it('a guest gets only the public channels they are in', async () => {
    const guest = 'U0GUEST';
    t.slack.setUser(guest, { is_restricted: true });
    t.slack.addChannel({ id: 'C0PUBLIC', name: 'public', members: [OWNER], messages: [{ ts: ts(60), user: OWNER, text: 'roadmap' }] });
    const reply = await (await delegateCommand(t, 'summarize: <#C0PUBLIC|public>', guest)).reply();
    expect(JSON.stringify(reply.body)).toContain('#public is private and you are not in it');
    expect(await t.delegate.database.db.$count(workItems, eq(workItems.ownerId, guest))).toBe(0);
  });

  it('a DM is never read, and an unknown channel is answered plainly', async () => {
    t.slack.addChannel({ id: 'D0SOMEONE', name: 'D0SOMEONE', isIm: true, messages: [{ ts: ts(60), user: 'U0ANA', text: 'private words' }] });
    const dm = await (await delegateCommand(t, 'summarize: <#D0SOMEONE>')).reply();
    expect(JSON.stringify(dm.body)).toContain("I don't read direct messages");
    const gone = await (await delegateCommand(t, 'summarize: <#C0GONE|old-project>')).reply();
    expect(JSON.stringify(gone.body)).toContain("I can't see #old-project");
    expect(t.slack.callsTo('conversations.history')).toHaveLength(0);
  });
});

describe('Slack eyes: refining', () => {
  it('a refinement reads the same window again, not only what came since the first version', async () => {
    t.slack.addChannel({ id: 'C0REF', name: 'refine', messages: [{ ts: ts(7_200, 1), user: 'U0ANA', text: 'the decision was Agenda' }] });
    await (await delegateCommand(t, 'channel-digest: <#C0REF|refine>')).reply();
    const card = await waitForCard(t, (c) => cardText(c).includes('#refine>, 1 message'));
    const v1 = refOf(card, ACTIONS.refine);
    await click(t, ACTIONS.refine, v1, OWNER, card.body.ts);
    const modal = await t.slack.waitFor('views.open', (c) => c.body.view?.callback_id === VIEWS.refine);
    await submitView(t, VIEWS.refine, modal.body.view.private_metadata, {
      [INPUTS.feedback.block]: { [INPUTS.feedback.action]: { type: 'plain_text_input', value: 'shorter please' } },
    });
    await eventually(() => itemRow(t, v1.itemId), (r) => r.currentVersion === 2 && r.status === 'awaiting_review');
    const [first, second] = await t.delegate.database.db.select().from(evidence).where(eq(evidence.workItemId, v1.itemId)).orderBy(evidence.version);
    expect(second!.version).toBe(2);
    expect(second!.items).toBe(1);
    // The same 24-hour window (moved on by the seconds between runs), not "since version 1 was read".
    expect(second!.since!.getTime() - first!.since!.getTime()).toBeLessThan(60_000);
    expect(second!.since!.getTime()).toBeLessThan(first!.readAt.getTime() - 3_600_000);
  });
});

describe('Slack eyes: a thread', () => {
  it('triage reads the thread a permalink points at', async () => {
    const parent = ts(600, 7);
    t.slack.addChannel({
      id: 'C0ALERTS',
      name: 'alerts',
      messages: [{ ts: parent, text: 'FIRING: checkout p95 > 2s', replies: [{ ts: ts(500, 8), user: 'U0ANA', text: 'looking, pool is saturated' }] }],
    });
    const link = `https://example.slack.com/archives/C0ALERTS/p${parent.replace('.', '')}`;
    await (await delegateCommand(t, `triage: <${link}>`)).reply();
    const card = await waitForCard(t, (c) => cardText(c).includes('thread in #alerts'));
    expect(cardText(card)).toContain(`<${link}|thread in #alerts>, 2 messages`);
    expect(gathered()).toContain('pool is saturated');
  });

  it('a permalink to a message that is gone fails the run with a clear line, and keeps the request', async () => {
    t.slack.addChannel({ id: 'C0ALERTS2', name: 'alerts2', messages: [] });
    await (await delegateCommand(t, 'triage: <https://example.slack.com/archives/C0ALERTS2/p1700000000000100>')).reply();
    const card = await t.slack.waitFor('chat.postMessage', (c) => cardText(c).includes('That message is gone'), 15_000);
    expect(cardText(card)).toContain('Nothing is lost');
    const itemId = refOf(card, ACTIONS.retry).itemId;
    expect((await eventually(() => itemRow(t, itemId), (r) => r.status === 'failed')).status).toBe('failed');
    expect(t.openai.requests.filter((r) => JSON.stringify(r.body).includes('C0ALERTS2'))).toHaveLength(0);
  });
});
