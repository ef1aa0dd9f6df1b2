import { z } from 'zod';
import { defineSpec } from '../src/agents/spec';
import { pickTarget, planGitHubIssue, type ActionPlan, type PlanContext } from '../src/domain/action-plan';
import { repoRefsIn } from '../src/domain/github-refs';
import { clampGh, ghCode, ghText, GITHUB_TITLE_MAX } from '../src/views/github-markdown';
import { clamp, context, escapeMrkdwn, section } from '../src/views/kit';

const area = z.string().min(1).max(80).describe('The part of the code, as named in the comparison (e.g. billing).');
const commits = z
  .array(
    z.object({
      sha: z.string().min(7).max(40).describe('A commit you read, by the 7-character sha given for it.'),
      what_changed: z.string().min(1).max(200).describe('What that commit changed in this area, in one sentence.'),
    }),
  )
  .min(1)
  .max(3)
  .describe('The commits that show the docs are behind, most telling first.');

export const docsArtifact = z.object({
  repository: z.string().min(1).max(140).describe('The repository checked, as owner/repo.'),
  summary: z.string().min(1).max(600).describe('How well the docs kept up with the code in this window, in two to four sentences.'),
  outdated_docs: z
    .array(
      z.object({
        doc_path: z.string().min(1).max(200).describe('The doc that no longer matches the code: a path you read, exactly.'),
        area,
        commits,
        draft: z.string().min(1).max(1500).describe('A short draft of the change: what the doc should say now (Markdown).'),
      }),
    )
    .max(8)
    .describe('Existing docs the changes made wrong or incomplete, most important first.'),
  missing_docs: z
    .array(
      z.object({
        area,
        doc_path: z.string().min(1).max(200).describe('Where the text belongs: a doc you read, or a new file to create.'),
        new_file: z.boolean().describe('True when doc_path does not exist yet.'),
        commits,
        draft: z.string().min(1).max(1500).describe('A short draft of the text to add (Markdown).'),
      }),
    )
    .max(8)
    .describe('Changes no doc covers yet, most important first.'),
});

export type DocsArtifact = z.infer<typeof docsArtifact>;

const code = (s: string) => `\`${escapeMrkdwn(s).replace(/`/g, "'")}\``;
const evidence = (cs: DocsArtifact['missing_docs'][number]['commits']) => cs.map((c) => `${code(c.sha.slice(0, 12))} ${escapeMrkdwn(c.what_changed)}`).join(' · ');
const cardDraft = (d: string) => escapeMrkdwn(clamp(d, 600, '…'));

export const docs = defineSpec<DocsArtifact>({
  name: 'docs',
  version: 1,
  title: 'Docs check',
  emoji: ':books:',
  description: 'Compares what changed in a repository since its last run with its docs: outdated and missing docs, each with a draft. On approval, one GitHub issue.',
  example: 'acme/web',
  schema: docsArtifact,
  prompt:
    'You keep a repository\'s documentation honest for a busy maintainer. You are given the commits since the last check with the files each changed, ' +
    'the documentation files in the tree, the docs themselves, and a comparison of changed code areas against docs that did not change. ' +
    'The comparison is a lead, not a verdict: read the docs and the commits, and report only docs a reader would now find wrong (outdated) ' +
    'or changes a reader would need explained and nothing explains (missing). Cite every commit by the 7-character sha given, and every existing doc by its path ' +
    'exactly as given; never a commit or doc you were not shown. Drafts are short and concrete, in the docs\' own voice. Empty lists are a fine answer.',
  render: (a) => [
    section(`*${escapeMrkdwn(a.repository)}* · ${a.outdated_docs.length} outdated, ${a.missing_docs.length} missing\n${escapeMrkdwn(a.summary)}`),
    ...a.outdated_docs.map((d) => section(clamp(`:memo: *Outdated* ${code(d.doc_path)} (${escapeMrkdwn(d.area)})\n${cardDraft(d.draft)}\n_Evidence:_ ${evidence(d.commits)}`, 3000))),
    ...a.missing_docs.map((d) =>
      section(clamp(`:heavy_plus_sign: *Missing* ${escapeMrkdwn(d.area)} → ${code(d.doc_path)}${d.new_file ? ' (new file)' : ''}\n${cardDraft(d.draft)}\n_Evidence:_ ${evidence(d.commits)}`, 3000)),
    ),
    ...(a.outdated_docs.length + a.missing_docs.length ? [] : [context('Nothing to change: the docs kept up with the code in this window.')]),
  ],
  eyes: { context: ['github_docs'], tools: [] },
  // Every commit and every existing doc it names must be one it read.
  citations: (a) => [
    ...[...a.outdated_docs, ...a.missing_docs].flatMap((d) => d.commits.map((c) => c.sha)),
    ...a.outdated_docs.map((d) => d.doc_path),
    ...a.missing_docs.filter((d) => !d.new_file).map((d) => d.doc_path),
  ],
  summarize: (a) => `${a.repository}: ${a.outdated_docs.length} outdated, ${a.missing_docs.length} missing. ${a.summary}`.replace(/\s+/g, ' '),
  actions: issuePlan,
});

/** Hands: one issue in the repository the request named, listing each doc to fix with its evidence and draft. Nothing to fix, no issue. */
function issuePlan(a: DocsArtifact, ctx: PlanContext): ActionPlan {
  if (!a.outdated_docs.length && !a.missing_docs.length) return { actions: [], notes: [] };
  const target = pickTarget(a.repository, ctx.repositories, repoRefsIn);
  if (!target) return { actions: [], notes: [{ code: 'github_target_unclear', named: a.repository }] };
  const quote = (d: string) => ghText(d).split('\n').map((l) => `> ${l}`).join('\n');
  const seen = (cs: DocsArtifact['missing_docs'][number]['commits']) => cs.map((c) => `  - ${ghText(c.sha)}: ${ghText(c.what_changed)}`).join('\n');
  const body = [
    `**Docs check for ${target.owner}/${target.repo}**`,
    ghText(a.summary),
    ...(a.outdated_docs.length
      ? [`### Outdated docs\n${a.outdated_docs.map((d) => `- [ ] ${ghCode(d.doc_path)} (${ghText(d.area)})\n${seen(d.commits)}\n\n${quote(d.draft)}`).join('\n\n')}`]
      : []),
    ...(a.missing_docs.length
      ? [`### Missing docs\n${a.missing_docs.map((d) => `- [ ] ${ghText(d.area)} → ${ghCode(d.doc_path)}${d.new_file ? ' (new file)' : ''}\n${seen(d.commits)}\n\n${quote(d.draft)}`).join('\n\n')}`]
      : []),
  ].join('\n\n');
  const title = `Docs to update: ${a.outdated_docs.length} outdated, ${a.missing_docs.length} missing`;
  return planGitHubIssue({ owner: target.owner, repo: target.repo, title: title.slice(0, GITHUB_TITLE_MAX), body: clampGh(body) });
}
