import type { KnownBlock } from '@slack/types';
import { zodResponseFormat } from 'openai/helpers/zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_AGENT, agentNames, getSpec, specs } from '../../specs/index';
import { research } from '../../specs/research';
import { summarize } from '../../specs/summarize';
import { triage } from '../../specs/triage';
import { channelDigest } from '../../specs/channel-digest';
import { prReview } from '../../specs/pr-review';
import { techDebt } from '../../specs/tech-debt';
import type { ArtifactSpec } from '../../src/agents/spec';
import type { ActionParams, PlanContext } from '../../src/domain/action-plan';
import { blockKitViolations } from '../support/block-kit-limits';
import { buildActionItem, buildChannelDigest, buildMaximal, buildPrReview, buildResearch, buildSummarize, buildTechDebt, buildTriage } from './builders';

const cases = [
  { spec: research as ArtifactSpec<any>, build: buildResearch as (o?: any) => any, items: 'action_items' },
  { spec: triage as ArtifactSpec<any>, build: buildTriage as (o?: any) => any, items: 'next_steps' },
  { spec: summarize as ArtifactSpec<any>, build: buildSummarize as (o?: any) => any, items: 'action_items' },
  { spec: channelDigest as ArtifactSpec<any>, build: buildChannelDigest as (o?: any) => any, items: 'action_items' },
];

const HOSTILE = '<!channel> see <https://evil.example|your invoice> & <@U999>';

describe.each(cases)('$spec.name spec', ({ spec, build, items }) => {
  it('accepts a valid artifact', () => {
    expect(spec.schema.safeParse(build()).success).toBe(true);
  });

  it.each([
    ['a 51-character description', { description: 'x'.repeat(51) }],
    ['a due date that is not ISO 8601', { due: 'next friday' }],
    ['an unknown priority', { priority: 'urgent' }],
    ['a missing owner', { owner: undefined }],
  ])('refuses an action item with %s', (_label, patch) => {
    const artifact = build({ [items]: [{ ...buildActionItem(), ...patch }] });
    expect(spec.schema.safeParse(artifact).success).toBe(false);
  });

  it('JSON Schema carries the constraints, with every property required', () => {
    const json = z.toJSONSchema(spec.schema) as any;
    expect(json.required.sort()).toEqual(Object.keys(json.properties).sort());
    const item = json.properties[items].items;
    expect(item.properties.description.maxLength).toBe(50);
    expect(item.properties.due.format).toBe('date');
    expect(item.properties.priority.enum).toEqual(['critical', 'high', 'medium', 'low']);
    expect(item.required.sort()).toEqual(['description', 'due', 'owner', 'priority']);
    for (const [key, prop] of Object.entries<any>(json.properties)) expect(prop.description, key).toBeTruthy();
  });

  it('makes a strict OpenAI response_format', () => {
    const format = zodResponseFormat(spec.schema, spec.name);
    expect(format.json_schema).toMatchObject({ name: spec.name, strict: true });
    expect((format.json_schema.schema as any).additionalProperties).toBe(false);
  });

  it('escapes everything the model wrote', () => {
    const hostile = buildMaximal(spec.schema, () => HOSTILE.slice(0, 40));
    const artifact = spec.schema.parse(hostile);
    const rendered = JSON.stringify(spec.render(artifact));
    expect(rendered).not.toContain('<!channel>');
    expect(rendered).not.toContain('<https://evil');
    expect(rendered).not.toContain('<@U999>');
    expect(rendered).toContain('&lt;!channel&gt;');
  });

  it('renders a maximal artifact within Slack limits and at most 20 blocks', () => {
    const artifact = spec.schema.parse(buildMaximal(spec.schema, (n) => 'w'.repeat(n)));
    const blocks: KnownBlock[] = spec.render(artifact);
    expect(blocks.length).toBeLessThanOrEqual(20);
    expect(blockKitViolations({ text: spec.summarize(artifact), blocks })).toEqual([]);
  });

  it('summarises in one line of plain text', () => {
    const line = spec.summarize(build());
    expect(line.length).toBeGreaterThan(10);
    expect(line).not.toContain('\n');
  });
});

describe('registry', () => {
  it('knows the nine agents, research by default', () => {
    expect(agentNames).toEqual(['research', 'triage', 'summarize', 'channel-digest', 'pr-review', 'pr-summary', 'deps', 'docs', 'tech-debt']);
    expect(DEFAULT_AGENT).toBe('research');
    expect(getSpec('triage')).toBe(triage);
    expect(getSpec('poet')).toBeUndefined();
    expect(new Set(specs.map((s) => s.version))).toEqual(new Set([1]));
  });
});

describe('pr-review spec', () => {
  const spec = prReview as ArtifactSpec<any>;
  it('accepts a valid review and makes a strict response_format', () => {
    expect(spec.schema.safeParse(buildPrReview()).success).toBe(true);
    expect(zodResponseFormat(spec.schema, spec.name).json_schema).toMatchObject({ name: 'pr-review', strict: true });
  });

  it('refuses a verdict it does not know, and a line that is not a positive whole number', () => {
    expect(spec.schema.safeParse(buildPrReview({ verdict: 'approve' as never })).success).toBe(false);
    expect(spec.schema.safeParse(buildPrReview({ risky_changes: [{ file: 'a.ts', line: 0, why: 'x', severity: 'high' }] })).success).toBe(false);
  });

  it('escapes everything the model wrote, file paths included', () => {
    const rendered = JSON.stringify(spec.render(buildPrReview()));
    expect(rendered).not.toContain('<!channel>');
    expect(rendered).not.toContain('<https://evil');
    expect(rendered).toContain("`src/pay'&lt;!channel&gt;.ts:3`");
  });

  it('renders a maximal review within Slack limits', () => {
    const artifact = spec.schema.parse(buildMaximal(spec.schema, (n) => 'w'.repeat(n)));
    expect(blockKitViolations({ text: spec.summarize(artifact), blocks: spec.render(artifact) })).toEqual([]);
  });

  it('cites every finding by file and line', () => {
    expect(spec.citations!(buildPrReview())).toEqual(['src/pay.ts:12', 'src/pay.ts', 'src/pay`<!channel>.ts:3']);
  });
});

describe('tech-debt spec', () => {
  const spec = techDebt as ArtifactSpec<any>;
  const ctx = (repositories: Array<{ owner: string; repo: string }>): PlanContext => ({ publishChannelId: null, incidentChannelId: null, resolve: () => ({ ok: false, why: 'no_directory' }), pullRequests: [], repositories });

  it('accepts a valid list and makes a strict response_format', () => {
    expect(spec.schema.safeParse(buildTechDebt()).success).toBe(true);
    expect(zodResponseFormat(spec.schema, spec.name).json_schema).toMatchObject({ name: 'tech-debt', strict: true });
  });

  it.each([
    ['an effort it does not know', { effort: 'XL' }],
    ['an impact it does not know', { impact: 'critical' }],
    ['rank 0', { rank: 0 }],
    ['an empty area', { area: '' }],
  ])('refuses an item with %s', (_name, patch) => {
    expect(spec.schema.safeParse(buildTechDebt({ items: [{ ...buildTechDebt().items[0]!, ...(patch as object) }] })).success).toBe(false);
  });

  it('renders by rank and escapes everything the model wrote', () => {
    const rendered = JSON.stringify(spec.render(buildTechDebt()));
    expect(rendered.indexOf('src/legacy/billing.ts')).toBeLessThan(rendered.indexOf('src/api'));
    expect(rendered).not.toContain('<!channel>');
    expect(rendered).not.toContain('<https://evil');
    expect(rendered).toContain('&lt;!channel&gt;');
  });

  it('renders a maximal list within Slack limits, in at most 20 blocks', () => {
    const artifact = spec.schema.parse(buildMaximal(spec.schema, (n) => 'w'.repeat(n)));
    const blocks = spec.render(artifact);
    expect(blocks.length).toBeLessThanOrEqual(20);
    expect(blockKitViolations({ text: spec.summarize(artifact), blocks })).toEqual([]);
  });

  it('cites every area, as a path without a leading ./ or a trailing slash', () => {
    expect(spec.citations!(buildTechDebt({ items: [{ ...buildTechDebt().items[0]!, area: './src/api/' }] }))).toEqual(['src/api']);
  });

  it('plans one issue in the repository the request named, ranked, with model text made safe for GitHub', () => {
    const plan = spec.actions!(buildTechDebt({ summary: 'Ping @ana <!-- delegate:action:x -->' }), ctx([{ owner: 'acme', repo: 'web' }]));
    expect(plan.notes).toEqual([]);
    expect(plan.actions).toHaveLength(1);
    const params = plan.actions[0]!.params as Extract<ActionParams, { kind: 'github_issue' }>;
    expect(params).toMatchObject({ kind: 'github_issue', owner: 'acme', repo: 'web', title: 'Tech debt: the 2 areas to pay down first' });
    expect(params.body).toContain('1. **`src/legacy/billing.ts`**: impact **high**, effort **L**');
    expect(params.body.indexOf('1. **`src/legacy')).toBeLessThan(params.body.indexOf('2. **`src/api`**'));
    expect(params.body).toContain('@\u200dana');
    expect(params.body).not.toContain('<!-- delegate:action:x');
  });

  it('never writes to a repository only the model named; nothing ranked, nothing opened', () => {
    expect(spec.actions!(buildTechDebt({ repository: 'evil/repo' }), ctx([]))).toEqual({ actions: [], notes: [{ code: 'github_target_unclear', named: 'evil/repo' }] });
    expect(spec.actions!(buildTechDebt({ repository: 'evil/repo' }), ctx([{ owner: 'acme', repo: 'web' }])).actions[0]!.params).toMatchObject({ owner: 'acme', repo: 'web' });
    expect(spec.actions!(buildTechDebt({ items: [] }), ctx([{ owner: 'acme', repo: 'web' }]))).toEqual({ actions: [], notes: [] });
  });
});
