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
import type { ArtifactSpec } from '../../src/agents/spec';
import { blockKitViolations } from '../support/block-kit-limits';
import { buildActionItem, buildChannelDigest, buildMaximal, buildPrReview, buildResearch, buildSummarize, buildTriage } from './builders';

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
  it('knows the eight agents, research by default', () => {
    expect(agentNames).toEqual(['research', 'triage', 'summarize', 'channel-digest', 'pr-review', 'pr-summary', 'deps', 'docs']);
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
