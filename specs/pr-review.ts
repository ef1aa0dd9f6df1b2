import { z } from 'zod';
import { defineSpec } from '../src/agents/spec';
import { pickTarget, planGitHubReview, type ActionPlan, type PlanContext } from '../src/domain/action-plan';
import { prRefsIn } from '../src/domain/github-refs';
import { ghCode, ghText } from '../src/views/github-markdown';
import { context, escapeMrkdwn, section } from '../src/views/kit';

const file = z.string().min(1).max(300).describe('The file path exactly as in the diff.');
const line = z.number().int().min(1).nullable().describe('A line number on the new side of the diff, as shown in it; null for the file as a whole.');

export const prReviewArtifact = z.object({
  pull_request: z.string().min(1).max(120).describe('The pull request reviewed, as owner/repo#number.'),
  verdict: z.enum(['looks good', 'needs changes', 'risky']).describe('Your call; the merge decision stays with a person.'),
  risk_summary: z.string().min(1).max(600).describe('What could go wrong if this is merged, in two to four sentences.'),
  risky_changes: z
    .array(z.object({ file, line, why: z.string().min(1).max(300), severity: z.enum(['high', 'medium', 'low']) }))
    .max(10)
    .describe('Changes that could break something, most severe first. Only lines the diff shows.'),
  coverage_gaps: z.array(z.object({ file, line, what: z.string().min(1).max(300).describe('The changed behaviour no test in the diff exercises.') })).max(10).describe('Changed code that no test in this pull request touches.'),
  antipatterns: z.array(z.object({ file, line, pattern: z.string().min(1).max(100), why: z.string().min(1).max(300) })).max(10).describe('Known bad patterns the change introduces.'),
  suggestions: z.array(z.string().min(1).max(300)).max(8).describe('Concrete improvements, in order of value.'),
});

export type PrReviewArtifact = z.infer<typeof prReviewArtifact>;

const at = (f: string, l: number | null) => `\`${escapeMrkdwn(f).replace(/`/g, "'")}${l ? `:${l}` : ''}\``;
const VERDICT = { 'looks good': ':large_green_circle: Looks good', 'needs changes': ':large_yellow_circle: Needs changes', risky: ':red_circle: Risky' } as const;

export const prReview = defineSpec<PrReviewArtifact>({
  name: 'pr-review',
  version: 1,
  title: 'PR review',
  emoji: ':mag_right:',
  description: 'Reviews a pull request: risky changes, coverage gaps, antipatterns. You make the merge call.',
  example: 'acme/web#42',
  schema: prReviewArtifact,
  prompt:
    'You review a pull request for a busy engineer who makes the merge decision. Judge only what the diff, the description, ' +
    'the checks and the reviews show. Cite every finding by a file and a line the diff shows (new side); never a line it does not show. ' +
    'Prefer a few findings that matter over many that do not; an empty list is a fine answer.',
  render: (a) => [
    section(`*${escapeMrkdwn(a.pull_request)}* · ${VERDICT[a.verdict]}\n${escapeMrkdwn(a.risk_summary)}`),
    ...(a.risky_changes.length
      ? [section(`*Risky changes*\n${a.risky_changes.map((r) => `• ${at(r.file, r.line)} _${r.severity}_: ${escapeMrkdwn(r.why)}`).join('\n')}`)]
      : []),
    ...(a.coverage_gaps.length ? [section(`*Not covered by tests*\n${a.coverage_gaps.map((g) => `• ${at(g.file, g.line)}: ${escapeMrkdwn(g.what)}`).join('\n')}`)] : []),
    ...(a.antipatterns.length
      ? [section(`*Antipatterns*\n${a.antipatterns.map((p) => `• ${at(p.file, p.line)} ${escapeMrkdwn(p.pattern)}: ${escapeMrkdwn(p.why)}`).join('\n')}`)]
      : []),
    ...(a.suggestions.length ? [context(`*Suggestions:* ${a.suggestions.map((s) => escapeMrkdwn(s)).join(' · ')}`)] : []),
  ],
  eyes: { context: ['github_pr'], tools: [] },
  // Every file and line it names must be one the diff it read shows.
  citations: (a) => [...a.risky_changes, ...a.coverage_gaps, ...a.antipatterns].map((x) => (x.line ? `${x.file}:${x.line}` : x.file)),
  summarize: (a) => `${a.pull_request}: ${a.verdict}. ${a.risk_summary}`,
  actions: reviewPlan,
});

/**
 * Hands: one COMMENT review on the PR the request named, with the summary in its body and a
 * remark on each line the artifact names (placed inline at execution where the diff shows it).
 */
function reviewPlan(a: PrReviewArtifact, ctx: PlanContext): ActionPlan {
  const target = pickTarget(a.pull_request, ctx.pullRequests, prRefsIn);
  if (!target) return { actions: [], notes: [{ code: 'github_target_unclear', named: a.pull_request }] };
  const comments = [
    ...a.risky_changes.map((r) => ({ path: r.file, line: r.line, body: `**Risk (${r.severity}):** ${ghText(r.why)}` })),
    ...a.coverage_gaps.map((g) => ({ path: g.file, line: g.line, body: `**Not covered by tests:** ${ghText(g.what)}` })),
    ...a.antipatterns.map((p) => ({ path: p.file, line: p.line, body: `**${ghText(p.pattern)}:** ${ghText(p.why)}` })),
  ];
  const body = [
    `**Delegate review: ${a.verdict}**`,
    ghText(a.risk_summary),
    ...(a.suggestions.length ? [`**Suggestions**\n${a.suggestions.map((s) => `- ${ghText(s)}`).join('\n')}`] : []),
    ...(comments.length ? [`${comments.length} remark${comments.length === 1 ? '' : 's'} on ${[...new Set(comments.map((c) => ghCode(c.path)))].join(', ')}.`] : []),
  ].join('\n\n');
  return planGitHubReview({ ...target, body, comments });
}
