import { zodResponseFormat } from 'openai/helpers/zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { deps, depsArtifact, issueDraft, type DepsArtifact } from '../../specs/deps';
import { blockKitViolations } from '../support/block-kit-limits';
import { buildDeps, buildMaximal } from './builders';

const ZWJ = '\u200d';

describe('deps spec', () => {
  it('accepts a valid plan and makes a strict response_format with every property required', () => {
    expect(depsArtifact.safeParse(buildDeps()).success).toBe(true);
    const format = zodResponseFormat(depsArtifact, 'deps');
    expect(format.json_schema).toMatchObject({ name: 'deps', strict: true });
    const json = z.toJSONSchema(depsArtifact) as any;
    expect(json.required.sort()).toEqual(['repository', 'steps', 'summary']);
    const item = json.properties.steps.items;
    expect(item.required.sort()).toEqual(['advisory', 'current_version', 'ecosystem', 'kind', 'package', 'pull_request', 'risk', 'step', 'target_version', 'why']);
    expect(item.properties.kind.enum).toEqual(['security', 'major', 'minor']);
    expect(item.properties.ecosystem.enum).toEqual(['npm', 'pip', 'go', 'cargo', 'maven']);
  });

  it.each<[string, (a: DepsArtifact) => unknown]>([
    ['a kind it does not know (patch counts as minor)', (a) => ({ ...a, steps: [{ ...a.steps[0]!, kind: 'patch' }] })],
    ['an ecosystem it does not read', (a) => ({ ...a, steps: [{ ...a.steps[0]!, ecosystem: 'nuget' }] })],
    ['steps out of list order', (a) => ({ ...a, steps: [a.steps[1], a.steps[0]] })],
    ['a step number with a gap', (a) => ({ ...a, steps: [a.steps[0], { ...a.steps[1]!, step: 3 }] })],
    ['more than 15 steps', (a) => ({ ...a, steps: Array.from({ length: 16 }, (_, i) => ({ ...a.steps[0]!, step: i + 1 })) })],
  ])('refuses %s', (_name, change) => {
    expect(depsArtifact.safeParse(change(buildDeps())).success).toBe(false);
  });

  it('says which step number is wrong, so the repair request can fix it', () => {
    const a = buildDeps();
    const result = depsArtifact.safeParse({ ...a, steps: [a.steps[0], { ...a.steps[1]!, step: 5 }] });
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['steps.1.step', 'step must be 2: steps are numbered in list order from 1']]);
  });

  it('cites every package by ecosystem and name, and every advisory and PR it names', () => {
    expect(deps.citations!(buildDeps())).toEqual(['npm:lodash', 'GHSA-35jh-r3h4-6jhm', 'npm:express', 'acme/web#12', 'go:github.com/gin-gonic/gin']);
    expect(deps.citations!(buildDeps({ steps: [{ ...buildDeps().steps[0]!, package: 'Django_Rest', ecosystem: 'pip', advisory: null }] }))).toEqual(['pip:django-rest']);
  });

  it('renders the steps in order, escaping everything the model wrote', () => {
    const rendered = JSON.stringify(deps.render(buildDeps()));
    expect(rendered).not.toContain('<!channel>');
    expect(rendered).not.toContain('<@U0VICTIM>');
    expect(rendered).toContain('&lt;!channel&gt;');
    expect(rendered.indexOf('*1.* `lodash`')).toBeLessThan(rendered.indexOf('*2.* `express`'));
    expect(rendered).toContain('4.17.20 → 4.17.21 · :rotating_light: security · risk low');
    expect(rendered).toContain('fixes GHSA-35jh-r3h4-6jhm');
    expect(rendered).toContain('PR #12');
    expect(rendered).toContain('3 upgrades (1 security, 0 major, 2 minor)');
  });

  it('renders a maximal plan within Slack limits and at most 20 blocks', () => {
    const maximal = buildMaximal(depsArtifact, (n) => 'w'.repeat(n)) as DepsArtifact;
    const artifact = depsArtifact.parse({ ...maximal, steps: Array.from({ length: 15 }, (_, i) => ({ ...maximal.steps[0]!, step: i + 1 })) });
    const blocks = deps.render(artifact);
    expect(blocks.length).toBeLessThanOrEqual(20);
    expect(blockKitViolations({ text: deps.summarize(artifact), blocks })).toEqual([]);
  });

  it('says so when there is nothing to upgrade, and summarises in one line', () => {
    expect(JSON.stringify(deps.render(buildDeps({ steps: [] })))).toContain('Nothing to upgrade now.');
    expect(deps.summarize(buildDeps({ summary: 'one\ntwo' }))).toBe('acme/web: 3 upgrades (1 security, 0 major, 2 minor). one two');
  });
});

describe('issueDraft', () => {
  const repo = { owner: 'acme', repo: 'web' };

  it('opens the issue on the repository the run read, not the one the model wrote, with the plan in order', () => {
    const draft = issueDraft(buildDeps({ repository: 'evil/elsewhere', summary: 'Two things.' }), repo);
    expect(draft).toMatchObject({ owner: 'acme', repo: 'web', title: 'Dependency upgrade plan: 3 upgrades, 1 security fix' });
    expect(draft.body).toContain('Two things.\n\n## Upgrades, in order\n\n1. **`lodash`** (npm) `4.17.20` → `4.17.21`: security, risk low\n   Fixes the open alert; a patch release.');
    expect(draft.body).toContain('(fixes GHSA-35jh-r3h4-6jhm)');
    expect(draft.body).toContain('2. **`express`** (npm) `4.18.2` → `4.19.2`: minor, risk low');
    expect(draft.body).toContain('(PR #12)');
    expect(draft.body.indexOf('1. **')).toBeLessThan(draft.body.indexOf('3. **'));
    expect(draft.body).not.toContain('evil/elsewhere');
  });

  it('neutralises mentions and hidden comments in everything the model wrote, and keeps each step on its lines', () => {
    const a = buildDeps({
      summary: 'cc @acme/security <!-- delegate:action:1 -->',
      steps: [{ ...buildDeps().steps[0]!, package: '@types/node`', why: 'ask @ana\n\n## Injected heading <!--', advisory: '@GHSA' }],
    });
    const { body, title } = issueDraft(a, repo);
    expect(body.replace(/`[^`]*`/g, '')).not.toMatch(/@(?!\u200D)[\w-]/i);
    expect(body).not.toContain('<!--');
    expect(body).toContain(`cc @${ZWJ}acme/security &lt;!-- delegate:action:1 --&gt;`);
    expect(body).toContain("**`@types/node'`**");
    expect(body).toContain(`ask @${ZWJ}ana ## Injected heading &lt;!--`);
    expect(body).not.toMatch(/^## Injected/m);
    expect(title).not.toContain('@');
  });

  it('an empty plan is still a plan', () => {
    const draft = issueDraft(buildDeps({ steps: [] }), repo);
    expect(draft.title).toBe('Dependency upgrade plan: 0 upgrades');
    expect(draft.body).toContain('Nothing to upgrade now.');
  });
});
