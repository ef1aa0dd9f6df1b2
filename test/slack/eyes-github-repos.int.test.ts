import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { evidence, githubEtagCache, schedules, workItems } from '../../db/schema';
import { SCHEDULED_RUN_JOB } from '../../src/jobs/scheduled-run-job';
import { ACTIONS } from '../../src/views/slack-ids';
import type { PrSummaryArtifact } from '../../specs/pr-summary';
import { buildPrSummary } from '../specs/builders';
import type { SlackCall } from '../support/fake-slack';
import { startFakeGitHub } from '../support/fake-github';
import { daysAgo, fakeRepos } from '../support/fake-github-repos';
import { delegateCommand, gatheredText, refOf, validArtifactFor, waitForCard } from '../support/scenario';
import { useTestApp, type TestApp } from '../support/test-app';

// pr-summary end to end: signed /delegate, the real app, Octokit against the loopback fake
// GitHub with the repository endpoints of fake-github-repos.ts (ETags and 304s included).
const gh = await startFakeGitHub();
const repos = fakeRepos();
gh.route(...repos.routes);
afterAll(() => gh.close());
const app = useTestApp({ env: { GITHUB_TOKEN: 'ghp_test_token', GITHUB_API_URL: gh.apiUrl, WIP_LIMIT: '50' }, modelReply: validArtifactFor });
let t: TestApp;
beforeEach(() => {
  t = app();
  gh.allow();
  repos.allowChecks();
});

repos.addRepo('acme', 'web', [
  { number: 101, title: 'Add login', author: 'ana', createdAt: daysAgo(0, 2), requested: ['bob'] },
  { number: 102, title: 'Retry payments', author: 'bob', createdAt: daysAgo(3), mergedAt: daysAgo(0, 3) },
  { number: 103, title: 'Old approach', author: 'cy', createdAt: daysAgo(4), closedAt: daysAgo(0, 5) },
  { number: 90, title: 'Dark mode', author: 'dee', createdAt: daysAgo(9), updatedAt: daysAgo(1), requested: ['ana'], teams: ['design'] },
  { number: 91, title: 'Bump deps', author: 'eve', createdAt: daysAgo(2), updatedAt: daysAgo(0, 6), checks: [{ name: 'ci', conclusion: 'failure' }, { name: 'e2e', conclusion: 'success' }], statuses: [{ context: 'lint', state: 'error' }] },
  { number: 80, title: 'Spike: GraphQL', author: 'fay', createdAt: daysAgo(40), updatedAt: daysAgo(20) },
  { number: 70, title: 'Merged last week', author: 'gus', createdAt: daysAgo(9), mergedAt: daysAgo(6) },
  { number: 92, title: 'Draft: new nav', author: 'hal', draft: true, createdAt: daysAgo(5), updatedAt: daysAgo(1), requested: ['bob'], checks: [{ name: 'ci', conclusion: 'failure' }] },
]);
repos.addRepo('acme', 'api', [
  { number: 7, title: 'Rate limiter', author: 'ivy', createdAt: daysAgo(0, 1) },
  { number: 5, title: 'Pagination', author: 'jo', createdAt: daysAgo(3), updatedAt: daysAgo(1), statuses: [{ context: 'ci/jenkins', state: 'failure' }] },
]);

const cardText = (c: SlackCall) => JSON.stringify(c.body.blocks);
const gathered = () => gatheredText(t);
const itemsOf = (owner: string) => t.delegate.database.db.$count(workItems, and(eq(workItems.ownerId, owner), eq(workItems.agent, 'pr-summary')));
const readsOf = (card: SlackCall) => t.delegate.database.db.select().from(evidence).where(eq(evidence.workItemId, refOf(card, ACTIONS.approve).itemId)).orderBy(evidence.seq);
const url = (repo: string, n: number) => `https://github.com/acme/${repo}/pull/${n}`;
const pull = (repo: string, number: number, title: string, author: string) => ({ number, title, author, url: url(repo, number) });

/** A summary as a faithful model writes it from what it was given; `headline` tells one run's card from another's. */
function summary(headline: string, web: Partial<PrSummaryArtifact['repositories'][number]> = {}): PrSummaryArtifact {
  const empty = { opened: [], merged: [], closed: [], waiting_for_review: [], failing_checks: [], stale: [] };
  return buildPrSummary({
    headline,
    repositories: [
      { ...empty, repository: 'acme/web', summary: 'Busy.', ...web },
      { ...empty, repository: 'acme/api', summary: 'Quiet.', opened: [pull('api', 7, 'Rate limiter', 'ivy')], failing_checks: [{ ...pull('api', 5, 'Pagination', 'jo'), checks: ['ci/jenkins'] }] },
    ],
  });
}

describe('pr-summary reads the repositories it is given', () => {
  it('two repositories: opened, merged, closed, waiting, failing and stale, sorted before the model runs, each PR linked on the card', async () => {
    const owner = 'U0SUMMARY';
    t.openai.enqueue({
      json: summary('Dark mode has waited 9 days; Bump deps is red.', {
        opened: [pull('web', 101, 'Add login', 'ana')],
        merged: [pull('web', 102, 'Retry payments', 'bob')],
        closed: [pull('web', 103, 'Old approach', 'cy')],
        waiting_for_review: [{ ...pull('web', 90, 'Dark mode', 'dee'), waiting_days: 9, requested: ['ana', '@acme/design'] }],
        failing_checks: [{ ...pull('web', 91, 'Bump deps', 'eve'), checks: ['ci', 'lint'] }],
        stale: [{ ...pull('web', 80, 'Spike: GraphQL', 'fay'), idle_days: 20 }],
      }),
    });
    await (await delegateCommand(t, 'pr-summary: acme/web <https://github.com/acme/api>', owner)).reply();
    const card = await waitForCard(t, (c) => cardText(c).includes('Dark mode has waited 9 days'));

    const text = gathered();
    expect(text).toMatch(/kind="github_repo" source="https:\/\/github.com\/acme\/web"/);
    expect(text).toMatch(/acme\/web \(https:\/\/github.com\/acme\/web\): pull requests from \S+ to \S+ \(the last 24 hours: no earlier run\)/);
    expect(text).toContain(`Opened in the window (1):\n- #101 "Add login" by ana, still open: ${url('web', 101)}`);
    expect(text).toContain(`Merged in the window (1):\n- #102 "Retry payments" by bob: ${url('web', 102)}`);
    expect(text).toContain(`Closed without merging in the window (1):\n- #103 "Old approach" by cy: ${url('web', 103)}`);
    // Oldest first; the draft is not waiting; #101 waits too, for less long.
    expect(text).toMatch(/Waiting longest for a review[^\n]*\(2\):\n- #90 "Dark mode" by dee, waiting 9 days, requested: ana, @acme\/design: \S+\n- #101 "Add login" by ana, waiting 0 days, requested: bob/);
    // Check runs and statuses together; the draft's red check does not count.
    expect(text).toContain(`Failing checks on the latest commit (1):\n- #91 "Bump deps" by eve, failing: ci, lint: ${url('web', 91)}`);
    expect(text).toContain(`Stale (longest idle first) (1):\n- #80 "Spike: GraphQL" by fay, idle 20 days: ${url('web', 80)}`);
    expect(text).not.toContain('Merged last week');
    expect(text).toContain(`Failing checks on the latest commit (1):\n- #5 "Pagination" by jo, failing: ci/jenkins`);
    expect(text).toContain('Stale means open with no activity for 14 days or more.');

    const shown = cardText(card);
    expect(shown).toContain(`<${url('web', 90)}|acme/web#90> Dark mode _(dee)_ · 9 d · requested: ana, @acme/design`);
    expect(shown).toContain(`<${url('web', 91)}|acme/web#91> Bump deps _(eve)_ · ci, lint`);
    expect(shown).toContain(`<${url('api', 7)}|acme/api#7>`);
    // Read in the order repoRefsIn gives (URLs first).
    expect(shown).toContain('Looked at: <https://github.com/acme/api/pulls|acme/api: 1 opened, 0 merged, 0 closed>, <https://github.com/acme/web/pulls|acme/web: 1 opened, 1 merged, 1 closed>');
    expect(shown).not.toContain('not read by the agent');

    const reads = await readsOf(card);
    expect(reads.map((r) => [r.kind, r.ref.replace(/since .*/, 'since …'), r.items, r.truncated, r.problem])).toEqual([
      ['github_repo', 'acme/api since …', 2, false, null],
      ['github_repo', 'acme/web since …', 8, false, null],
    ]);
    expect(reads[1]!.aliases).toContain(url('web', 80));
    expect(gh.calls.every((c) => c.auth === 'token ghp_test_token')).toBe(true);
  });

  it('the next run reads since the last one, with conditional requests: unchanged answers come back 304 and are served from the stored copy', async () => {
    const owner = 'U0DAILY';
    t.openai.enqueue({ json: summary('first run') });
    await (await delegateCommand(t, 'pr-summary: acme/web acme/api', owner)).reply();
    await waitForCard(t, (c) => cardText(c).includes('first run'));
    const stored = await t.delegate.database.db.$count(githubEtagCache);
    expect(stored).toBeGreaterThanOrEqual(18); // per repository: itself, 2 lists; per open, ready PR: checks and statuses

    // Nothing changed on GitHub: every read asks If-None-Match and is answered 304.
    const from = repos.calls.length;
    t.openai.enqueue({ json: summary('second run', { waiting_for_review: [{ ...pull('web', 90, 'Dark mode', 'dee'), waiting_days: 9, requested: ['ana', '@acme/design'] }] }) });
    await (await delegateCommand(t, 'pr-summary: acme/web acme/api', owner)).reply();
    const second = await waitForCard(t, (c) => cardText(c).includes('second run'));
    const run = repos.since(from);
    // Asked before anything is created: can the token see each repository and read its PRs (plain reads).
    expect(run.filter((c) => !c.ifNoneMatch).map((c) => `${c.path}${c.query}`)).toEqual(['/repos/acme/web', '/repos/acme/web/pulls?state=open&per_page=1', '/repos/acme/api', '/repos/acme/api/pulls?state=open&per_page=1']);
    // Then the run: per repository itself, its open and closed lists, and the checks and statuses of its 4 and 2 open, ready PRs.
    const conditional = run.filter((c) => c.ifNoneMatch);
    expect(conditional).toHaveLength(2 * 3 + (4 + 2) * 2);
    expect(conditional.filter((c) => c.path.endsWith('/check-runs'))).toHaveLength(6);
    expect(conditional.filter((c) => c.status !== 304)).toEqual([]);

    // The window moved on: what happened before the first run is not new, what waits still waits.
    const text = gathered();
    expect(text).toMatch(/pull requests from \S+ to \S+ \(since the last run\)/);
    expect(text).toContain('Opened in the window (0):\n- none');
    expect(text).toContain('Merged in the window (0):\n- none');
    expect(text).toMatch(/Waiting longest for a review[^\n]*\(2\):\n- #90 "Dark mode"/);
    expect(text).toContain('failing: ci, lint');
    expect(text).toContain('idle 20 days');
    expect(cardText(second)).toContain(`<${url('web', 90)}|acme/web#90> Dark mode`);
    const [web] = await readsOf(second);
    expect(web!.since!.getTime()).toBeGreaterThan(Date.now() - 60_000);

    // Something happens: the changed list is read in full (200), the rest is still 304.
    repos.setPull('acme', 'web', { number: 104, title: 'Fix typo', author: 'kim', createdAt: new Date() });
    const next = repos.calls.length;
    t.openai.enqueue({ json: summary('third run', { opened: [pull('web', 104, 'Fix typo', 'kim')] }) });
    await (await delegateCommand(t, 'pr-summary: acme/web acme/api', owner)).reply();
    await waitForCard(t, (c) => cardText(c).includes('third run'));
    const open = repos.since(next).find((c) => c.path === '/repos/acme/web/pulls' && c.query.includes('state=open') && c.query.includes('per_page=100'));
    expect(open).toMatchObject({ status: 200 });
    expect(open!.ifNoneMatch).toMatch(/^W\/"/);
    expect(repos.since(next).find((c) => c.path === '/repos/acme/api/pulls' && c.query.includes('per_page=100'))).toMatchObject({ status: 304 });
    expect(gathered()).toContain(`Opened in the window (1):\n- #104 "Fix typo" by kim, still open: ${url('web', 104)}`);
  });

  it('a busy repository: open PRs over two pages, closed ones paged only until the window starts, later pages conditional too', async () => {
    const owner = 'U0BUSY';
    repos.addRepo('acme', 'busy', [
      ...Array.from({ length: 120 }, (_, i) => ({ number: 1000 + i, title: `Open ${i}`, createdAt: daysAgo(2 + i / 10), updatedAt: daysAgo(1) })),
      ...Array.from({ length: 55 }, (_, i) => ({ number: 2000 + i, title: `Merged ${i}`, createdAt: daysAgo(3), mergedAt: daysAgo(0, 1 + i / 10) })),
      ...Array.from({ length: 60 }, (_, i) => ({ number: 3000 + i, title: `Closed long ago ${i}`, createdAt: daysAgo(90), closedAt: daysAgo(30 + i) })),
    ]);
    const lists = (from: number) => repos.since(from).filter((c) => c.path === '/repos/acme/busy/pulls' && !c.query.endsWith('per_page=1'));
    const from = repos.calls.length;
    await (await delegateCommand(t, 'pr-summary: acme/busy', owner)).reply();
    const card = await waitForCard(t, (c) => cardText(c).includes('acme/busy: 0 opened, 55 merged, 0 closed'));
    // Open: 100 + 20. Closed, newest update first: 50 in the window, then a page that reaches past its start, and no third page.
    expect(lists(from).map((c) => [new URLSearchParams(c.query).get('state'), new URLSearchParams(c.query).get('page') ?? '1'])).toEqual([
      ['open', '1'],
      ['open', '2'],
      ['closed', '1'],
      ['closed', '2'],
    ]);
    const [read] = await readsOf(card);
    expect(read).toMatchObject({ items: 220, truncated: false });
    expect(gathered()).toContain('Merged in the window (55; the first 10 shown):\n- #2000 "Merged 0"');

    const again = repos.calls.length;
    await (await delegateCommand(t, 'pr-summary: acme/busy last 2 days', owner)).reply();
    await waitForCard(t, (c) => cardText(c).includes('acme/busy: 0 opened, 55 merged, 0 closed') && c !== card);
    expect(lists(again).map((c) => [new URLSearchParams(c.query).get('page') ?? '1', c.status, !!c.ifNoneMatch])).toEqual([
      ['1', 304, true],
      ['2', 304, true],
      ['1', 304, true],
      ['2', 304, true],
    ]);
  });

  it.each([
    ['a repository that does not exist', 'pr-summary: acme/web acme/nope', 'acme/nope: GitHub says there is no such repository, or the token cannot see it.'],
    ['no repository named', 'pr-summary: the web app', 'Tell `pr-summary` which repository: `owner/repo` or its URL.'],
  ])('%s: a clear answer, and nothing is created', async (_name, text, says) => {
    const owner = 'U0REFUSED';
    const reply = await (await delegateCommand(t, text, owner)).reply();
    expect(JSON.stringify(reply.body)).toContain(says);
    expect(JSON.stringify(reply.body)).toContain('Nothing was created.');
    expect(await itemsOf(owner)).toBe(0);
  });

  it('a token that may not read pull requests: the answer names the permission, and nothing is created', async () => {
    gh.forbid('/repos/acme/api/pulls', 'pull_requests=read');
    const reply = await (await delegateCommand(t, 'pr-summary: acme/web acme/api', 'U0NOPERM')).reply();
    expect(JSON.stringify(reply.body)).toContain('acme/api: the GitHub token lacks the permission this needs (pull_requests=read)');
    expect(await itemsOf('U0NOPERM')).toBe(0);
  });

  it('a token that may not read checks: the summary is still made from the statuses, and the card names the permission', async () => {
    repos.forbidChecks('acme/web', 'checks=read');
    const from = repos.calls.length;
    t.openai.enqueue({ json: summary('no check runs') });
    await (await delegateCommand(t, 'pr-summary: acme/web', 'U0NOCHECKS')).reply();
    const card = await waitForCard(t, (c) => cardText(c).includes('no check runs'));
    const text = gathered();
    expect(text).toContain('Not readable: check runs (github_missing_permission: the token lacks checks=read), so failing checks may be missing.');
    expect(text).toContain('#91 "Bump deps" by eve, failing: lint');
    expect(cardText(card)).toContain('the GitHub token lacks the permission this needs (checks=read)');
    // Refused once, then not asked again for the other PRs; their statuses are still read.
    expect(repos.since(from).filter((c) => c.path.endsWith('/check-runs')).map((c) => c.status)).toEqual([403]);
    const checked = Number(/Checks were read on the latest commit of (\d+) open/.exec(text)![1]);
    expect(checked).toBeGreaterThanOrEqual(4);
    expect(repos.since(from).filter((c) => c.path.endsWith('/status'))).toHaveLength(checked);
    const reads = await readsOf(card);
    expect(reads.map((r) => [r.ref.replace(/since .*/, 'since …'), (r.problem as any)?.problem ?? null])).toEqual([
      ['acme/web since …', null],
      ['acme/web check runs', { code: 'github_missing_permission', permission: 'checks=read' }],
    ]);
  });
});

describe('pr-summary on a schedule', () => {
  it('every weekday at 9:00: the schedule is made once the repositories are readable, and each run is a summary card', async () => {
    const owner = 'U0SCHEDULE';
    const refused = await (await delegateCommand(t, 'every weekday 9:00 pr-summary: acme/web acme/gone', owner)).reply();
    expect(JSON.stringify(refused.body)).toContain('acme/gone: GitHub says there is no such repository, or the token cannot see it.');
    expect(await t.delegate.database.db.$count(schedules, eq(schedules.ownerId, owner))).toBe(0);

    const made = await (await delegateCommand(t, 'every weekday 9:00 pr-summary: acme/web acme/api', owner)).reply();
    expect(made.body.text).toContain('Scheduled: pr-summary');
    const [row] = await t.delegate.database.db.select().from(schedules).where(eq(schedules.ownerId, owner));
    expect(row).toMatchObject({ agent: 'pr-summary', cron: '0 9 * * 1-5', state: 'active' });

    // The clock reaches 9:00: the schedule's own job runs, and the run reads both repositories.
    t.openai.enqueue({ json: summary('scheduled run') });
    await t.delegate.database.db.execute(sql`update agenda_jobs set next_run_at = now() where name = ${SCHEDULED_RUN_JOB} and data->>'scheduleId' = ${row!.id}`);
    const card = await waitForCard(t, (c) => cardText(c).includes('scheduled run'));
    expect((await readsOf(card)).map((r) => r.ref.replace(/ since .*/, ''))).toEqual(['acme/web', 'acme/api']);
    expect(gathered()).toContain('Failing checks on the latest commit (1):\n- #91 "Bump deps"');
  });
});
