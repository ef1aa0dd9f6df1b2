import { z } from 'zod';
import { defineSpec } from '../src/agents/spec';
import { planGitHubIssue } from '../src/domain/action-plan';
import type { RepoRef } from '../src/domain/github-refs';
import { ECOSYSTEMS, packageKey } from '../src/domain/manifests';
import { clampGh, ghCode, ghText } from '../src/views/github-markdown';
import { context, escapeMrkdwn, section } from '../src/views/kit';

const version = (what: string) => z.string().min(1).max(60).describe(what);

const step = z.object({
  step: z.number().int().min(1).describe('Its place in the order, 1 first: the same as its position in the list.'),
  package: z.string().min(1).max(200).describe('The package exactly as a dependency file, an alert or a bot PR you read names it.'),
  ecosystem: z.enum(ECOSYSTEMS).describe('Where it comes from: npm, pip, go, cargo, or maven (Maven and Gradle builds).'),
  current_version: version('The version in use now: the lockfile\'s if it has one, else the manifest\'s requirement; "unknown" if neither says.'),
  target_version: version('The version to move to: the first patched version for an alert, the bot PR\'s for a PR.'),
  kind: z
    .enum(['security', 'major', 'minor'])
    .describe('security: fixes an open alert, whatever the version jump; major: a new major version; minor: a minor or patch release within the same major (patches count as minor).'),
  risk: z.enum(['high', 'medium', 'low']).describe('Of the upgrade breaking something: breaking changes, how widely it is used, how big the jump.'),
  why: z.string().min(1).max(300).describe('Why this upgrade, and why at this place in the order.'),
  advisory: z.string().min(1).max(40).nullable().describe('The GHSA or CVE id of the alert it fixes, exactly as read; null when it fixes none.'),
  pull_request: z.number().int().min(1).nullable().describe('The number of the open Dependabot or Renovate PR that does this upgrade; null when there is none.'),
});

export const depsArtifact = z
  .object({
    repository: z.string().min(1).max(140).describe('The repository reviewed, as owner/repo.'),
    summary: z.string().min(1).max(600).describe('Two to four sentences: what most needs doing, and what you could not check (alerts or PRs not read).'),
    steps: z
      .array(step)
      .max(15)
      .describe('The upgrades to do, in the order to do them: security fixes first (most severe first), then low-risk minor updates, then majors. Only packages you read.'),
  })
  // The order is the list's: a step number that disagrees with its place is asked again.
  .superRefine((a, ctx) => {
    a.steps.forEach((s, i) => {
      if (s.step !== i + 1) ctx.addIssue({ code: 'custom', path: ['steps', i, 'step'], message: `step must be ${i + 1}: steps are numbered in list order from 1` });
    });
  });

export type DepsArtifact = z.infer<typeof depsArtifact>;
type Step = DepsArtifact['steps'][number];

const KIND = { security: ':rotating_light: security', major: ':arrow_double_up: major', minor: ':arrow_up_small: minor' } as const;
const code = (t: string) => `\`${escapeMrkdwn(t).replace(/`/g, "'")}\``;
const STEPS_PER_SECTION = 3;

function stepLine(s: Step): string {
  const refs = [s.advisory ? `fixes ${escapeMrkdwn(s.advisory)}` : '', s.pull_request ? `PR #${s.pull_request}` : ''].filter(Boolean).join(' · ');
  return `*${s.step}.* ${code(s.package)} _${s.ecosystem}_ ${escapeMrkdwn(s.current_version)} → ${escapeMrkdwn(s.target_version)} · ${KIND[s.kind]} · risk ${s.risk}\n${escapeMrkdwn(s.why)}${refs ? ` _(${refs})_` : ''}`;
}

const counts = (a: DepsArtifact) => {
  const n = (k: Step['kind']) => a.steps.filter((s) => s.kind === k).length;
  return `${a.steps.length} upgrade${a.steps.length === 1 ? '' : 's'} (${n('security')} security, ${n('major')} major, ${n('minor')} minor)`;
};

export const deps = defineSpec<DepsArtifact>({
  name: 'deps',
  version: 1,
  title: 'Dependency upgrades',
  emoji: ':package:',
  description: 'Reviews a repository\'s dependencies, Dependabot alerts and bot PRs: an ordered upgrade plan.',
  example: 'acme/web',
  schema: depsArtifact,
  prompt:
    'You plan dependency upgrades for a busy engineer. Work only from the dependency files, the open Dependabot alerts and the open ' +
    'Dependabot or Renovate pull requests you read: name only packages they name, with the versions they show, and cite an alert by its ' +
    'GHSA or CVE id and a bot PR by its number. Put security fixes first, then the upgrades that are cheap and safe, then majors that need ' +
    'work. Patch releases count as minor; leave out upgrades not worth a step. If alerts or pull requests could not be read, say so in the ' +
    'summary. An empty plan is a fine answer when nothing needs doing.',
  render: (a) => {
    const chunks: Step[][] = [];
    for (let i = 0; i < a.steps.length; i += STEPS_PER_SECTION) chunks.push(a.steps.slice(i, i + STEPS_PER_SECTION));
    return [
      section(`*${escapeMrkdwn(a.repository)}* · ${counts(a)}\n${escapeMrkdwn(a.summary)}`),
      ...chunks.map((c) => section(c.map(stepLine).join('\n'))),
      ...(a.steps.length ? [] : [context('Nothing to upgrade now.')]),
    ];
  },
  eyes: { context: ['github_deps'], tools: [] },
  // Every package it names must be one a dependency file, an alert or a bot PR it read names; so must every advisory and PR.
  citations: (a) =>
    a.steps.flatMap((s) => [packageKey(s.ecosystem, s.package), ...(s.advisory ? [s.advisory] : []), ...(s.pull_request ? [`${a.repository}#${s.pull_request}`] : [])]),
  summarize: (a) => `${a.repository}: ${counts(a)}. ${a.summary}`.replace(/\s+/g, ' '),
  // Hands: one issue with the plan, in the repository the run read (the first the request names).
  actions: (a, ctx) => {
    const repo = ctx.repositories[0];
    if (!repo) return { actions: [], notes: [{ code: 'github_target_unclear', named: a.repository }] };
    return a.steps.length ? planGitHubIssue(issueDraft(a, repo)) : { actions: [], notes: [] };
  },
});

/** Model text on one line of an issue: no mention, no hidden comment, no newline to break the list. */
const ghLine = (t: string) => ghText(t).replace(/\s*[\r\n]+\s*/g, ' ').trim();
/** Inline code: inert to mentions and comments; a backtick becomes a quote so the span cannot close early. */
const ghInline = (t: string) => ghCode(t.replace(/`/g, "'"));

/**
 * The GitHub issue an approved plan opens (pure), for planGitHubIssue: the repository is the
 * one the run read, never the one the model wrote; every model-written word goes through the
 * GitHub kit (ghText), so it mentions no one and forges no hidden marker. The hand adds the
 * marker and the footer.
 */
export function issueDraft(a: DepsArtifact, repo: RepoRef): { owner: string; repo: string; title: string; body: string } {
  const security = a.steps.filter((s) => s.kind === 'security').length;
  const title = `Dependency upgrade plan: ${a.steps.length} upgrade${a.steps.length === 1 ? '' : 's'}${security ? `, ${security} security fix${security === 1 ? '' : 'es'}` : ''}`;
  const item = (s: Step) => {
    const refs = [s.advisory ? `fixes ${ghLine(s.advisory)}` : '', s.pull_request ? `PR #${s.pull_request}` : ''].filter(Boolean).join(' · ');
    return (
      `${s.step}. **${ghInline(s.package)}** (${s.ecosystem}) ${ghInline(s.current_version)} → ${ghInline(s.target_version)}: ${s.kind}, risk ${s.risk}` +
      `\n   ${ghLine(s.why)}${refs ? ` (${refs})` : ''}`
    );
  };
  const body = [ghLine(a.summary), '## Upgrades, in order', a.steps.length ? a.steps.map(item).join('\n') : 'Nothing to upgrade now.'].join('\n\n');
  return { owner: repo.owner, repo: repo.repo, title, body: clampGh(body) };
}
