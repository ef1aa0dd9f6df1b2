import type { KnownBlock } from '@slack/types';
import { zodResponseFormat } from 'openai/helpers/zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { docs } from '../../specs/docs';
import { getSpec } from '../../specs/index';
import type { PlanContext } from '../../src/domain/action-plan';
import { blockKitViolations } from '../support/block-kit-limits';
import { buildMaximal } from './builders';
import { buildDocs } from './docs-builders';

const ctx = (repositories: PlanContext['repositories']): PlanContext => ({
  publishChannelId: null,
  incidentChannelId: null,
  resolve: () => ({ ok: false, why: 'no_directory' }),
  pullRequests: [],
  repositories,
});

describe('docs spec', () => {
  it('is registered, and makes a strict response_format with every property required and described', () => {
    expect(getSpec('docs')).toBe(docs);
    expect(docs.schema.safeParse(buildDocs()).success).toBe(true);
    expect(zodResponseFormat(docs.schema, docs.name).json_schema).toMatchObject({ name: 'docs', strict: true });
    const json = z.toJSONSchema(docs.schema) as any;
    expect(json.required.sort()).toEqual(Object.keys(json.properties).sort());
    for (const [key, prop] of Object.entries<any>(json.properties)) expect(prop.description, key).toBeTruthy();
  });

  it.each([
    ['an outdated doc with no evidence commit', { outdated_docs: [{ ...buildDocs().outdated_docs[0]!, commits: [] }] }],
    ['a sha shorter than 7', { outdated_docs: [{ ...buildDocs().outdated_docs[0]!, commits: [{ sha: 'a1b2', what_changed: 'x' }] }] }],
    ['nine missing docs', { missing_docs: Array.from({ length: 9 }, () => buildDocs().missing_docs[0]!) }],
  ])('refuses %s', (_name, patch) => {
    expect(docs.schema.safeParse(buildDocs(patch as never)).success).toBe(false);
  });

  it('escapes everything the model wrote, and renders a maximal artifact within Slack limits in at most 20 blocks', () => {
    const rendered = JSON.stringify(docs.render(buildDocs()));
    expect(rendered).not.toContain('<!channel>');
    expect(rendered).not.toContain('<https://evil');
    expect(rendered).toContain('&lt;!channel&gt;');
    const artifact = docs.schema.parse(buildMaximal(docs.schema, (n) => 'w'.repeat(n)));
    const blocks: KnownBlock[] = docs.render(artifact);
    expect(blocks.length).toBeLessThanOrEqual(20);
    expect(blockKitViolations({ text: docs.summarize(artifact), blocks })).toEqual([]);
    expect(docs.summarize(buildDocs())).not.toContain('\n');
  });

  it('cites every commit, every outdated doc and every existing doc it would add to; a new file is a proposal, not a citation', () => {
    const artifact = buildDocs({
      missing_docs: [
        { ...buildDocs().missing_docs[0]! },
        { ...buildDocs().missing_docs[0]!, doc_path: 'README.md', new_file: false, commits: [{ sha: 'c0ffee1', what_changed: 'x' }] },
      ],
    });
    expect(docs.citations!(artifact)).toEqual(['a1b2c3d', 'e4f5a6b', 'c0ffee1', 'docs/billing.md', 'README.md']);
  });

  it('plans one issue in the repository the request named, with each doc, its evidence and its draft, made safe for GitHub', () => {
    const plan = docs.actions!(buildDocs(), ctx([{ owner: 'acme', repo: 'web' }]));
    expect(plan.notes).toEqual([]);
    expect(plan.actions).toHaveLength(1);
    const [action] = plan.actions;
    expect(action).toMatchObject({ key: 'github_issue:acme/web', kind: 'github_issue', params: { kind: 'github_issue', owner: 'acme', repo: 'web', title: 'Docs to update: 1 outdated, 1 missing' } });
    const body = (action!.params as { body: string }).body;
    expect(body).toContain('### Outdated docs\n- [ ] `docs/billing.md` (billing');
    expect(body).toContain('  - a1b2c3d: Invoices are now prorated.');
    expect(body).toContain('> Invoices are prorated to the day');
    expect(body).toContain('### Missing docs\n- [ ] webhooks');
    expect(body).toContain('`docs/webhooks.md` (new file)');
    expect(body).not.toMatch(/(^|[^\u200d])@U0VICTIM/);
  });

  it.each([
    ['a repository the request did not name', [{ owner: 'acme', repo: 'api' }, { owner: 'acme', repo: 'cli' }], [{ code: 'github_target_unclear', named: 'acme/web' }]],
    ['no repository in the request', [], [{ code: 'github_target_unclear', named: 'acme/web' }]],
  ])('plans no issue for %s', (_name, repositories, notes) => {
    expect(docs.actions!(buildDocs(), ctx(repositories))).toEqual({ actions: [], notes });
  });

  it('plans no issue when there is nothing to fix', () => {
    expect(docs.actions!(buildDocs({ outdated_docs: [], missing_docs: [] }), ctx([{ owner: 'acme', repo: 'web' }]))).toEqual({ actions: [], notes: [] });
  });
});
