import { z } from 'zod';
import { defineSpec } from '../src/agents/spec';
import { planPublish } from '../src/domain/action-plan';
import { context, escapeMrkdwn, link, section } from '../src/views/kit';

const pull = {
  number: z.number().int().min(1).describe('The PR number.'),
  title: z.string().min(1).max(120).describe('Its title as read; shorten a long one.'),
  author: z.string().min(1).max(60).describe("The author's GitHub login."),
  url: z.string().min(1).max(300).describe("The PR's URL exactly as given in what you read (its html_url)."),
};
const pr = z.object(pull);

const repository = z.object({
  repository: z.string().min(1).max(140).describe('owner/repo, as read.'),
  summary: z.string().min(1).max(400).describe('The window in this repository in one or two sentences; for a quiet one, say so.'),
  opened: z.array(pr).max(10).describe('PRs opened in the window, newest first.'),
  merged: z.array(pr).max(10).describe('PRs merged in the window, newest first.'),
  closed: z.array(pr).max(5).describe('PRs closed without merging in the window.'),
  waiting_for_review: z
    .array(z.object({ ...pull, waiting_days: z.number().int().min(0).describe('Days waited, as given.'), requested: z.array(z.string().min(1).max(80)).max(10).describe('Who is requested (logins, @org/team), as given.') }))
    .max(5)
    .describe('Open PRs waiting longest for a review, oldest first, as listed.'),
  failing_checks: z
    .array(z.object({ ...pull, checks: z.array(z.string().min(1).max(100)).min(1).max(10).describe('The failing checks, as named.') }))
    .max(5)
    .describe('Open PRs whose latest commit fails its checks.'),
  stale: z.array(z.object({ ...pull, idle_days: z.number().int().min(0).describe('Days without activity, as given.') })).max(5).describe('Open PRs with no activity for the stale threshold or longer, longest idle first.'),
});

export const prSummaryArtifact = z.object({
  headline: z.string().min(1).max(300).describe('The one thing a reader should know first, across all the repositories.'),
  repositories: z.array(repository).min(1).max(5).describe('One entry per repository read, in the order read.'),
});

export type PrSummaryArtifact = z.infer<typeof prSummaryArtifact>;
type Pull = z.infer<typeof pr>;

const PULL_URL = /^https:\/\/([A-Za-z0-9.-]+(?::\d+)?)\/([A-Za-z0-9-]+)\/([A-Za-z0-9._-]+)\/pull\/(\d+)$/;

/**
 * Only a pull request's own URL becomes a link, labelled with where it goes (the host too, when
 * it is not github.com); any other URL is shown, not linked. Citations flag a URL it did not read.
 */
function pullLine(p: Pull, note = ''): string {
  const m = PULL_URL.exec(p.url);
  const name = m && Number(m[4]) === p.number ? link(p.url, `${m[1] === 'github.com' ? '' : `${m[1]}/`}${m[2]}/${m[3]}#${m[4]}`) : `#${p.number} (${escapeMrkdwn(p.url)})`;
  return `• ${name} ${escapeMrkdwn(p.title)} _(${escapeMrkdwn(p.author)})_${note}`;
}

const listed = (title: string, pulls: readonly Pull[]) => (pulls.length ? [`*${title} (${pulls.length})*\n${pulls.map((p) => pullLine(p)).join('\n')}`] : []);
const names = (xs: readonly string[]) => xs.map((x) => escapeMrkdwn(x)).join(', ');

export const prSummary = defineSpec<PrSummaryArtifact>({
  name: 'pr-summary',
  version: 1,
  title: 'PR summary',
  emoji: ':bar_chart:',
  description: 'Daily pull-request summary of GitHub repositories: opened, merged, closed, waiting for review, failing checks, stale.',
  example: 'acme/web acme/api',
  schema: prSummaryArtifact,
  prompt:
    "You write a team's daily pull-request summary. The lists you read are already sorted by the rules (the window, " +
    'waiting, failing, stale): copy them faithfully, each PR with its number, title, author and URL exactly as given, and ' +
    'never add a PR that is not listed. Keep the order given; when a list was cut, give its total in the summary. In the summaries, say what needs a person today ' +
    '(reviews waited on longest, red checks) before what merely happened. When little happened, say so and leave lists empty.',
  render: (a) => [
    section(`*${escapeMrkdwn(a.headline)}*`),
    ...a.repositories.flatMap((r) => {
      const done = [...listed('Merged', r.merged), ...listed('Closed', r.closed)];
      const attention = [
        ...(r.waiting_for_review.length
          ? [`:hourglass_flowing_sand: *Waiting for review*\n${r.waiting_for_review.map((p) => pullLine(p, ` · ${p.waiting_days} d · requested: ${names(p.requested) || 'nobody'}`)).join('\n')}`]
          : []),
        ...(r.failing_checks.length ? [`:x: *Failing checks*\n${r.failing_checks.map((p) => pullLine(p, ` · ${names(p.checks)}`)).join('\n')}`] : []),
        ...(r.stale.length ? [`:zzz: *Stale*\n${r.stale.map((p) => pullLine(p, ` · idle ${p.idle_days} d`)).join('\n')}`] : []),
      ];
      // Three sections at most per repository, so five stay within a card's blocks and each within its 3,000 characters.
      return [
        section([`*${escapeMrkdwn(r.repository)}*\n${escapeMrkdwn(r.summary)}`, ...listed('Opened', r.opened)].join('\n')),
        ...(done.length ? [section(done.join('\n'))] : []),
        ...(attention.length ? [section(attention.join('\n'))] : []),
      ];
    }),
    context('Waiting is counted from when a PR was opened; stale means no activity for the threshold said in the request (14 days unless it says otherwise).'),
  ],
  // Published as it stands: no owners to assign (GitHub logins are not Slack people).
  actions: (_a, ctx) => planPublish(ctx),
  eyes: { context: ['github_repos'], tools: [] },
  // Every PR it names must be one it read.
  citations: (a) => a.repositories.flatMap((r) => [...r.opened, ...r.merged, ...r.closed, ...r.waiting_for_review, ...r.failing_checks, ...r.stale].map((p) => p.url)),
  summarize: (a) => `${a.repositories.map((r) => r.repository).join(', ')}: ${a.headline}`,
});
