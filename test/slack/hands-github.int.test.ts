import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { agentTrust, itemActions } from '../../db/schema';
import { RUN_ACTION_JOB } from '../../src/jobs/run-action-job';
import { ACTIONS } from '../../src/views/slack-ids';
import { buildPrReview } from '../specs/builders';
import type { SlackCall } from '../support/fake-slack';
import { PAY_DIFF as DIFF, startFakeGitHub } from '../support/fake-github';
import { addHands } from '../support/fake-github-hands';
import { buildBlockAction, sendInteraction } from '../support/slack-requests';
import { buttonsOf, click, delegateCommand, eventually, itemRow, refOf, runJobNow, waitForCard } from '../support/scenario';
import { useTestApp, type TestApp } from '../support/test-app';

// GitHub hands end to end: a person approves the pr-review card in Slack, and the app writes
// one COMMENT review through Octokit to a loopback fake of GitHub's write endpoints.
const gh = await startFakeGitHub();
const hands = addHands(gh);
afterAll(() => gh.close());
const app = useTestApp({ env: { GITHUB_TOKEN: 'ghp_test_token', GITHUB_API_URL: gh.apiUrl, WIP_LIMIT: '50' } });
let t: TestApp;
beforeEach(() => {
  t = app();
  gh.allow();
});

let nextPr = 100;
/** A fresh PR per test (the fake keeps its reviews), and the review the model writes about it. */
function pullWithReview(owner = 'acme') {
  const number = nextPr++;
  gh.addPull({ owner, repo: 'web', number, title: 'Retry payments', diff: DIFF });
  t.openai.enqueue({
    json: buildPrReview({
      pull_request: `${owner}/web#${number}`,
      risky_changes: [
        { file: 'src/pay.ts', line: 11, why: 'Unbounded retry loop; ping @ana', severity: 'high' },
        { file: 'src/pay.ts', line: 99, why: 'A line the diff does not show.', severity: 'low' },
      ],
      coverage_gaps: [{ file: 'src/pay.ts', line: null, what: 'The retry path has no test.' }],
      antipatterns: [],
    }),
  });
  return { number, ref: `${owner}/web#${number}` };
}

const actionOf = async (itemId: string) => (await t.delegate.database.db.select().from(itemActions).where(eq(itemActions.workItemId, itemId)))[0]!;
const blocksText = (c: SlackCall) => JSON.stringify(c.body.blocks);
const reviewsOn = (number: number) => hands.reviews.filter((r) => r.number === number);
const reviewPosts = (number: number) => gh.calls.filter((c) => c.method === 'POST' && c.path === `/repos/acme/web/pulls/${number}/reviews`);

describe('pr-review hands: one COMMENT review, after approval only', () => {
  it('posts nothing before approval; on Approve posts one COMMENT review with the summary and remarks inline where the diff shows the line', async () => {
    const pr = pullWithReview();
    await (await delegateCommand(t, `pr-review: ${pr.ref}`)).reply();
    const card = await waitForCard(t, (c) => blocksText(c).includes(`${pr.ref}: 1 file`));
    expect(blocksText(card)).toContain(`Comment on ${pr.ref} on GitHub (3 remarks, never approve or block)`);
    expect(reviewPosts(pr.number)).toHaveLength(0);

    const ref = refOf(card, ACTIONS.approve);
    await click(t, ACTIONS.approve, ref, undefined, card.body.ts);
    const row = await eventually(() => itemRow(t, ref.itemId), (r) => r.status === 'completed');
    expect(row.status).toBe('completed');
    const [review] = reviewsOn(pr.number);
    expect(reviewsOn(pr.number)).toHaveLength(1);
    expect(review!.event).toBe('COMMENT');
    expect(review!.commitId).toBe(String(pr.number).padStart(40, 'a'));
    expect(review!.body).toContain('**Delegate review: needs changes**');
    expect(review!.body).toMatch(/<!-- delegate:action:[0-9a-f-]{36} -->$/);
    // Line 11 is in the diff: inline. Line 99 and the whole-file remark are listed in the body.
    expect([...review!.comments.values()]).toEqual([{ path: 'src/pay.ts', line: 11, body: expect.stringContaining('**Risk (high):** Unbounded retry loop; ping @\u200dana') }]);
    expect(review!.body).toContain('**Also noted** (not on a line the diff shows):\n- `src/pay.ts:99`: **Risk (low):** A line the diff does not show.');
    expect(review!.body).toContain('- `src/pay.ts`: **Not covered by tests:** The retry path has no test.');
    const [action] = await t.delegate.database.db.select().from(itemActions).where(eq(itemActions.workItemId, ref.itemId));
    expect(action).toMatchObject({ kind: 'github_review', status: 'succeeded', result: { kind: 'github_review', reviewId: review!.id, commentIds: [...review!.comments.keys()] } });
    const done = await t.slack.waitFor('chat.update', (c) => c.body.ts === row.cardTs && blocksText(c).includes('pullrequestreview-'));
    expect(blocksText(done)).toContain(`https://github.com/acme/web/pull/${pr.number}#pullrequestreview-${review!.id}`);

    // The same job delivered again does nothing: the row is finished.
    await runJobNow(t, RUN_ACTION_JOB, { actionId: action!.id, runSeq: action!.runSeq });
    expect(reviewPosts(pr.number)).toHaveLength(1);
  });

  it('GitHub made the review but its answer was lost: Retry finds the review by its marker and posts nothing twice', async () => {
    const pr = pullWithReview();
    await (await delegateCommand(t, `pr-review: ${pr.ref}`)).reply();
    const card = await waitForCard(t, (c) => blocksText(c).includes(`${pr.ref}: 1 file`));
    hands.loseNextAnswer();
    const ref = refOf(card, ACTIONS.approve);
    await click(t, ACTIONS.approve, ref, undefined, card.body.ts);
    const { cardTs } = await itemRow(t, ref.itemId);
    const failed = await t.slack.waitFor('chat.update', (c) => c.body.ts === cardTs && buttonsOf(c).some((b) => b.text === 'Retry the GitHub review'));
    expect(blocksText(failed)).toContain('GitHub refused it: GitHub answered 502');
    expect(reviewsOn(pr.number)).toHaveLength(1); // made, though the app never heard so

    const retry = buttonsOf(failed).find((b) => b.text === 'Retry the GitHub review')!;
    await sendInteraction(t.target, buildBlockAction({ userId: 'U0OWNER', actionId: retry.action_id, value: retry.value, messageTs: cardTs ?? undefined }));
    const action = await eventually(() => actionOf(ref.itemId), (a) => a.status === 'succeeded');
    expect(reviewPosts(pr.number)).toHaveLength(1);
    expect(reviewsOn(pr.number)).toHaveLength(1);
    expect(action).toMatchObject({ status: 'succeeded', result: { reviewId: reviewsOn(pr.number)[0]!.id, commentIds: [...reviewsOn(pr.number)[0]!.comments.keys()] } });
  });

  it('a token that may read but not write pull requests: the action fails naming the permission, with Retry, and nothing is posted', async () => {
    const pr = pullWithReview();
    gh.forbid(`/repos/acme/web/pulls/${pr.number}/reviews`, 'pull_requests=write', 'POST');
    await (await delegateCommand(t, `pr-review: ${pr.ref}`)).reply();
    const card = await waitForCard(t, (c) => blocksText(c).includes(`${pr.ref}: 1 file`));
    const ref = refOf(card, ACTIONS.approve);
    await click(t, ACTIONS.approve, ref, undefined, card.body.ts);
    const { cardTs } = await itemRow(t, ref.itemId);
    const failed = await t.slack.waitFor('chat.update', (c) => c.body.ts === cardTs && buttonsOf(c).some((b) => b.text === 'Retry the GitHub review'));
    expect(blocksText(failed)).toContain('the GitHub token lacks the permission this needs (pull_requests=write)');
    expect(reviewsOn(pr.number)).toHaveLength(0);
  });
});

describe('pr-review at the act level', () => {
  it('reviews without asking (it writes back only to the PR it read); Undo deletes the inline comments and withdraws the body', async () => {
    const owner = 'U0REVIEWER';
    await t.delegate.database.db.insert(agentTrust).values({ userId: owner, agent: 'pr-review', level: 'act', streak: 5, approvals: 5 });
    const pr = pullWithReview();
    await (await delegateCommand(t, `pr-review: ${pr.ref}`, owner)).reply();
    const card = await waitForCard(t, (c) => blocksText(c).includes(`${pr.ref}: 1 file`) && buttonsOf(c).some((b) => b.text === 'Undo'));
    const ref = refOf(card, ACTIONS.undo);
    await eventually(() => itemRow(t, ref.itemId), (r) => r.status === 'completed');
    const [review] = reviewsOn(pr.number);
    expect(review!.comments.size).toBe(1);

    await click(t, ACTIONS.undo, ref, owner, card.body.ts);
    // The row is marked undone only once GitHub took the review back.
    await eventually(() => actionOf(ref.itemId), (a) => a.status === 'undone');
    expect(review!.comments.size).toBe(0);
    expect(review!.body).toMatch(/^Withdrawn: the person who approved this through Delegate took it back\.\n<!-- delegate:action:/);
    expect(await itemRow(t, ref.itemId)).toMatchObject({ status: 'awaiting_review' });
    expect(reviewsOn(pr.number)).toHaveLength(1);
  });

  it('an agent at the act level that read a PR but would write elsewhere still asks first', async () => {
    const owner = 'U0CAREFUL';
    await t.delegate.database.db.insert(agentTrust).values({ userId: owner, agent: 'pr-review', level: 'act', streak: 5, approvals: 5 });
    const pr = pullWithReview();
    const other = nextPr++;
    gh.addPull({ owner: 'acme', repo: 'web', number: other, title: 'Other', diff: DIFF });
    // Two PRs read, one reviewed: the other PR's text could have steered this review.
    await (await delegateCommand(t, `pr-review: ${pr.ref} and acme/web#${other}`, owner)).reply();
    const card = await waitForCard(t, (c) => blocksText(c).includes(`${pr.ref}: 1 file`));
    expect(buttonsOf(card).map((b) => b.text)).toContain('Approve');
    expect(reviewPosts(pr.number)).toHaveLength(0);
  });
});
