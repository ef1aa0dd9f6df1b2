import { z } from 'zod';
import { defineSpec } from '../src/agents/spec';
import { pickTarget, planGitHubIssue, type ActionPlan, type PlanContext } from '../src/domain/action-plan';
import { repoRefsIn } from '../src/domain/github-refs';
import { ghCode, ghText } from '../src/views/github-markdown';
import { context, escapeMrkdwn, section } from '../src/views/kit';

export const techDebtArtifact = z.object({
  repository: z.string().min(1).max(140).describe('The repository, as owner/repo.'),
  summary: z
    .string()
    .min(1)
    .max(700)
    .describe('Where the debt sits and what to pay down first, in two to four sentences. When the material says its coverage was partial, say so and why.'),
  items: z
    .array(
      z.object({
        rank: z.number().int().min(1).describe('1 is the first to pay down.'),
        area: z.string().min(1).max(200).describe('A file or a directory, exactly as the material names it.'),
        what: z.string().min(1).max(300).describe('The debt: what is wrong there and what it costs the team.'),
        evidence: z.string().min(1).max(300).describe('What in the material shows it: markers, size, commits in 90 days, issue numbers.'),
        effort: z.enum(['S', 'M', 'L']).describe('S: a day or less; M: up to a week; L: more.'),
        impact: z.enum(['high', 'medium', 'low']).describe('What paying it down is worth.'),
      }),
    )
    .max(10)
    .describe('The debt worth paying down, most valuable for its effort first. Only areas the material names.'),
});

export type TechDebtArtifact = z.infer<typeof techDebtArtifact>;

const IMPACT = { high: ':red_circle: high', medium: ':large_yellow_circle: medium', low: ':white_circle: low' } as const;
const byRank = (a: TechDebtArtifact) => [...a.items].sort((x, y) => x.rank - y.rank);
const code = (text: string) => `\`${escapeMrkdwn(text).replace(/`/g, "'")}\``;

export const techDebt = defineSpec<TechDebtArtifact>({
  name: 'tech-debt',
  version: 1,
  title: 'Tech debt',
  emoji: ':broom:',
  description: 'Ranks the tech debt in a repository from its TODOs, largest files, churn and debt issues; opens one issue with the list.',
  example: 'acme/web',
  schema: techDebtArtifact,
  prompt:
    'You rank the technical debt in one repository for the engineers who will spend a cleanup block on it. ' +
    'Judge only from the material: debt markers found by code search, the largest files, the paths that changed most in 90 days, ' +
    'and the open issues labelled as debt. A path several signals point at (large, often changed, full of FIXMEs) comes before one ' +
    'that only one signal names. Name each area exactly as the material writes it, a file or a directory; never one it does not list. ' +
    'Prefer a few items worth the effort over many. When the material says its coverage is partial, say so in the summary.',
  render: (a) => [
    section(`*${escapeMrkdwn(a.repository)}* · ${a.items.length ? `${a.items.length} area${a.items.length === 1 ? '' : 's'} to pay down` : 'nothing pressing'}\n${escapeMrkdwn(a.summary)}`),
    ...byRank(a).map((i) => section(`*${i.rank}.* ${code(i.area)} · impact ${IMPACT[i.impact]} · effort *${i.effort}*\n${escapeMrkdwn(i.what)}\n_Evidence:_ ${escapeMrkdwn(i.evidence)}`)),
    ...(a.items.length ? [context('Effort: S a day or less, M up to a week, L more.')] : []),
  ],
  eyes: { context: ['github_debt'], tools: [] },
  // Every area must be a path (or a directory of paths) the run read.
  citations: (a) => a.items.map((i) => i.area.trim().replace(/^\.?\//, '').replace(/\/+$/, '')),
  summarize: (a) => `${a.repository}: ${a.items.length} tech-debt area${a.items.length === 1 ? '' : 's'}. ${a.summary}`.replace(/\s*\n\s*/g, ' '),
  actions: issuePlan,
});

/** Hands: one issue, in the repository the request named, with the ranked list. Nothing ranked, nothing opened. */
function issuePlan(a: TechDebtArtifact, ctx: PlanContext): ActionPlan {
  if (!a.items.length) return { actions: [], notes: [] };
  const target = pickTarget(a.repository, ctx.repositories, repoRefsIn);
  if (!target) return { actions: [], notes: [{ code: 'github_target_unclear', named: a.repository }] };
  const line = (text: string) => ghText(text.replace(/\s*\n\s*/g, ' '));
  const items = byRank(a).map((i) => `${i.rank}. **${ghCode(i.area)}**: impact **${i.impact}**, effort **${i.effort}**\n   ${line(i.what)}\n   _Evidence:_ ${line(i.evidence)}`);
  const body = [
    `**Tech debt in ${target.owner}/${target.repo}, ranked**`,
    ghText(a.summary),
    items.join('\n'),
    '_Effort: S a day or less, M up to a week, L more._',
  ].join('\n\n');
  const title = `Tech debt: the ${a.items.length} area${a.items.length === 1 ? '' : 's'} to pay down first`;
  return planGitHubIssue({ owner: target.owner, repo: target.repo, title, body });
}
