import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { evidence, itemActions, schedules, workItems } from '../../db/schema';
import { ACTIONS } from '../../src/views/slack-ids';
import { buildTechDebt } from '../specs/builders';
import type { SlackCall } from '../support/fake-slack';
import { startFakeGitHub } from '../support/fake-github';
import { addDebt } from '../support/fake-github-debt';
import { addHands } from '../support/fake-github-hands';
import { click, delegateCommand, eventually, gatheredText, itemRow, OWNER, refOf, validArtifactFor, waitForCard } from '../support/scenario';
import { useTestApp, type TestApp } from '../support/test-app';

// tech-debt end to end: signed /delegate, the real app, Octokit (its throttling plugin spaces
// code searches 2 s apart, so each run here makes few) against a loopback fake of GitHub.
const gh = await startFakeGitHub();
const debt = addDebt(gh); // before the hands: it answers only the issue listings filtered by label
const hands = addHands(gh);
afterAll(() => gh.close());
const app = useTestApp({ env: { GITHUB_TOKEN: 'ghp_test_token', GITHUB_API_URL: gh.apiUrl, WIP_LIMIT: '50' }, modelReply: validArtifactFor });
let t: TestApp;
beforeEach(() => {
  t = app();
  gh.allow();
});

debt.addRepo({
  owner: 'acme',
  repo: 'web',
  files: [
    { path: 'src/legacy/billing.ts', size: 182_000, words: ['TODO', 'FIXME', 'HACK'] },
    { path: 'src/legacy/tax.ts', size: 9_000, words: ['TODO'] },
    { path: 'src/api/routes.ts', size: 41_000, words: ['FIXME'] },
    { path: 'src/api/users.ts', size: 3_000 },
    { path: 'package-lock.json', size: 900_000 },
    { path: 'vendor/jquery.js', size: 300_000, words: ['TODO'] },
    { path: 'README.md', size: 2_000 },
  ],
  commits: [
    { sha: 'c1', daysAgo: 2, files: ['src/api/routes.ts', 'src/legacy/billing.ts'] },
    { sha: 'c2', daysAgo: 10, files: ['src/api/routes.ts', 'package-lock.json'] },
    { sha: 'c3', daysAgo: 30, files: ['src/api/routes.ts', 'src/api/users.ts'] },
    { sha: 'm1', daysAgo: 31, files: ['src/everything.ts'], merge: true },
    { sha: 'old', daysAgo: 200, files: ['src/ancient.ts'] },
  ],
  labels: ['bug', 'tech-debt', 'Refactor'],
  issues: [
    { number: 12, title: 'Split the billing module', labels: ['tech-debt'] },
    { number: 13, title: 'Routes repeat validation', labels: ['Refactor', 'bug'] },
    { number: 14, title: 'Login button is blue', labels: ['bug'] },
    { number: 15, title: 'PR: remove jQuery', labels: ['tech-debt'], pullRequest: true },
  ],
});

const cardText = (c: SlackCall) => JSON.stringify(c.body.blocks);
const gathered = () => gatheredText(t);
const itemsOf = () => t.delegate.database.db.$count(workItems, and(eq(workItems.ownerId, OWNER), eq(workItems.agent, 'tech-debt')));
const readsOf = async (itemId: string) => t.delegate.database.db.select().from(evidence).where(eq(evidence.workItemId, itemId));
const issuesIn = (repo: string) => hands.issues.filter((i) => `${i.owner}/${i.repo}` === repo);

describe('tech-debt reads the repository and ranks its debt', () => {
  it('markers, largest files, churn and debt issues reach the model; the card ranks them; the issue is opened only on approval', async () => {
    const searchesBefore = debt.searches.length;
    t.openai.enqueue({
      json: buildTechDebt({
        items: [
          { rank: 1, area: 'src/legacy/billing.ts', what: 'One module does pricing, invoices and tax.', evidence: 'TODO, FIXME, HACK; 182 KB; issue #12.', effort: 'L', impact: 'high' },
          { rank: 2, area: 'src/api/', what: 'Routes repeat validation.', evidence: '3 commits in 90 days; issue #13.', effort: 'M', impact: 'medium' },
          { rank: 3, area: 'src/ghost.ts', what: 'A file nobody read.', evidence: 'none', effort: 'S', impact: 'low' },
        ],
      }),
    });
    await (await delegateCommand(t, 'tech-debt: acme/web')).reply();
    const card = await waitForCard(t, (c) => cardText(c).includes('src/legacy/billing.ts'));

    const text = gathered();
    expect(text).toMatch(/kind="github_repo" source="https:\/\/github.com\/acme\/web"/);
    expect(text).toContain('Coverage: complete');
    expect(text).toContain('- src/legacy/billing.ts: markers TODO, FIXME, HACK; 182 KB; 1 commit');
    expect(text).toContain('  src/legacy/billing.ts: TODO, FIXME, HACK');
    expect(text).toContain('- src/legacy: 2 files');
    expect(text).toContain('- src/api/routes.ts: 3 commits');
    expect(text).toMatch(/Most changed paths since \d{4}-\d{2}-\d{2} \(3 commits opened; merges skipped\)/);
    expect(text).toContain('labels: tech-debt, Refactor');
    expect(text).toContain('- #12 Split the billing module [tech-debt]');
    expect(text).toContain('- #13 Routes repeat validation [Refactor, bug]');
    // Lock files and vendored code are nobody's debt; a PR is not an issue; old commits and merges are not churn.
    for (const absent of ['package-lock.json', 'vendor/jquery.js', '#14', '#15', 'src/ancient.ts', 'src/everything.ts']) expect(text).not.toContain(absent);
    expect(debt.searches.slice(searchesBefore)).toEqual(['TODO repo:acme/web', 'FIXME repo:acme/web', 'HACK repo:acme/web']);

    // Ranked, and the area nobody read is flagged; the directory counts as read through its files.
    const blocks = cardText(card);
    expect(blocks.indexOf('src/legacy/billing.ts')).toBeLessThan(blocks.indexOf('src/api/'));
    expect(blocks).toContain('Cited but *not read by the agent*: src/ghost.ts');
    expect(blocks).toContain('Open an issue in acme/web: Tech debt: the 3 areas to pay down first');
    const ref = refOf(card, ACTIONS.approve);
    const reads = await readsOf(ref.itemId);
    expect(reads.map((r) => r.ref)).toEqual(expect.arrayContaining(['acme/web', 'acme/web code search: TODO', 'acme/web files at main', 'acme/web labels', 'acme/web issues labelled tech-debt', 'acme/web issues labelled Refactor']));
    expect(reads.every((r) => r.kind === 'github_repo' && r.problem === null)).toBe(true);
    expect(issuesIn('acme/web')).toHaveLength(0);

    await click(t, ACTIONS.approve, ref, undefined, card.body.ts);
    await eventually(() => itemRow(t, ref.itemId), (r) => r.status === 'completed');
    const [issue] = issuesIn('acme/web');
    expect(issuesIn('acme/web')).toHaveLength(1);
    expect(issue!.title).toBe('Tech debt: the 3 areas to pay down first');
    expect(issue!.body).toContain('1. **`src/legacy/billing.ts`**: impact **high**, effort **L**');
    expect(issue!.body).toContain('2. **`src/api/`**: impact **medium**, effort **M**');
    expect(issue!.body).toMatch(/<!-- delegate:action:[0-9a-f-]{36} -->$/);
    const [action] = await t.delegate.database.db.select().from(itemActions).where(eq(itemActions.workItemId, ref.itemId));
    expect(action).toMatchObject({ kind: 'github_issue', status: 'succeeded', result: { kind: 'github_issue', owner: 'acme', repo: 'web', number: issue!.number } });
  });

  it('partial search results are said to the model and on the card, and the run still completes', async () => {
    debt.addRepo({
      owner: 'acme',
      repo: 'partial',
      files: [{ path: 'src/a.ts', size: 5_000, words: ['TODO', 'XXX'] }, { path: 'src/b.ts', size: 4_000, words: ['FIXME'] }],
      // More commits in 90 days than a run opens: the newest 30 are, and the model is told.
      commits: Array.from({ length: 35 }, (_, i) => ({ sha: `p${i}`, daysAgo: i + 1, files: [i % 2 ? 'src/a.ts' : 'src/b.ts'] })),
      labels: ['tech-debt'],
      incomplete: ['TODO'],
      refuseSearch: { HACK: 422 },
    });
    gh.forbid('/repos/acme/partial/labels', 'issues=read');
    const searchesBefore = debt.searches.length;
    // Three words more than the markers: five searches fit the budget, the sixth is not run.
    await (await delegateCommand(t, 'tech-debt: acme/partial "XXX" "KLUDGE" "legacy api"')).reply();
    const card = await waitForCard(t, (c) => cardText(c).includes('acme/partial (main)'));

    expect(debt.searches.slice(searchesBefore)).toEqual(['TODO repo:acme/partial', 'FIXME repo:acme/partial', 'HACK repo:acme/partial', 'XXX repo:acme/partial', 'KLUDGE repo:acme/partial']);
    const text = gathered();
    expect(text).toContain('Coverage: PARTIAL. Say so in your summary, and why:');
    expect(text).toContain('GitHub stopped the search for “TODO” early and said its results were incomplete');
    expect(text).toContain('The search for “HACK” was refused (GitHub answered 422)');
    expect(text).toContain('The search for “legacy api” was not run: code search allows about 10 searches a minute, and a run makes at most 5.');
    expect(text).toContain('The issues could not be read (the token lacks issues=read)');
    expect(text).toContain('  src/a.ts: TODO, XXX');
    expect(text).toMatch(/Most changed paths since \d{4}-\d{2}-\d{2} \(30 commits opened, the newest only: there were more; merges skipped\):\n- src\/a.ts: 15 commits\n- src\/b.ts: 15 commits/);
    expect(gh.calls.filter((c) => c.path.startsWith('/repos/acme/partial/commits/')).map((c) => c.path)).toHaveLength(30);

    const blocks = cardText(card);
    expect(blocks).toContain('4 not read');
    expect(blocks).toContain('GitHub stopped this search early and said its results were incomplete');
    expect(blocks).toContain('acme/partial code search: HACK');
    const ref = refOf(card, ACTIONS.approve);
    expect(await itemRow(t, ref.itemId)).toMatchObject({ status: 'awaiting_review' });
    const problems = (await readsOf(ref.itemId)).filter((r) => r.problem).map((r) => [r.ref, (r.problem as { code: string }).code]);
    expect(problems).toEqual([
      ['acme/partial code search: TODO (incomplete)', 'search_incomplete'],
      ['acme/partial code search: HACK', 'github_refused'],
      ['acme/partial code search: legacy api', 'search_budget'],
      ['acme/partial labels', 'github_refused'],
    ]);
  });
});

describe('tech-debt refuses what it cannot read, before anything is created', () => {
  it.each([
    ['a repository that does not exist', 'tech-debt: acme/nope', 'acme/nope: GitHub says there is no such repository, or the token cannot see it.'],
    ['no repository named', 'tech-debt: our frontend', 'Tell `tech-debt` which repository: `owner/repo` or its URL.'],
  ])('%s: a clear answer, nothing created', async (_name, request, says) => {
    const before = await itemsOf();
    const searchesBefore = debt.searches.length;
    const reply = await (await delegateCommand(t, request)).reply();
    expect(JSON.stringify(reply.body)).toContain(says);
    expect(JSON.stringify(reply.body)).toContain('Nothing was created.');
    expect(await itemsOf()).toBe(before);
    expect(debt.searches.length).toBe(searchesBefore);
    expect(hands.issues.some((i) => i.repo === 'nope')).toBe(false);
  });

  it('a token without Contents: read: the run stops before searching, naming the permission', async () => {
    debt.addRepo({ owner: 'acme', repo: 'locked', files: [{ path: 'a.ts', size: 1 }] });
    gh.forbid('/repos/acme/locked/git', 'contents=read');
    const searchesBefore = debt.searches.length;
    await (await delegateCommand(t, 'tech-debt: acme/locked')).reply();
    const failed = await t.slack.waitFor('chat.postMessage', (c) => JSON.stringify(c.body).includes('acme/locked files'), 15_000);
    expect(JSON.stringify(failed.body)).toContain('the GitHub token lacks the permission this needs (contents=read)');
    expect(debt.searches.length).toBe(searchesBefore);
    expect(issuesIn('acme/locked')).toHaveLength(0);
  });
});

describe('tech-debt on the monthly cleanup block', () => {
  it('"ready by last friday 9:00" schedules it for the last Friday of each month, checked first', async () => {
    const user = 'U0DEBTSCHED';
    t.slack.setUser(user, { tz: 'Europe/Berlin' });
    const reply = await (await delegateCommand(t, 'ready by last friday 9:00 tech-debt: acme/web', user)).reply();
    expect(reply.body.text).toContain('Scheduled: tech-debt every month on the last Friday ready by 9:00 (Europe/Berlin)');
    const [row] = await t.delegate.database.db.select().from(schedules).where(eq(schedules.ownerId, user));
    expect(row).toMatchObject({ agent: 'tech-debt', instructions: 'acme/web', cron: '45 8 * * 5L', cadence: { cadence: { kind: 'monthly_last', day: 5 }, mode: 'ready_by' } });

    const refused = await (await delegateCommand(t, 'ready by last friday 9:00 tech-debt: acme/nope', user)).reply();
    expect(JSON.stringify(refused.body)).toContain('acme/nope: GitHub says there is no such repository');
    expect(await t.delegate.database.db.$count(schedules, eq(schedules.ownerId, user))).toBe(1);
  });
});
