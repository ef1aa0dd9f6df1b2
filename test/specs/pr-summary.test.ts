import { zodResponseFormat } from 'openai/helpers/zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { prSummary } from '../../specs/pr-summary';
import type { ArtifactSpec } from '../../src/agents/spec';
import type { PlanContext } from '../../src/domain/action-plan';
import { blockKitViolations } from '../support/block-kit-limits';
import { buildMaximal, buildPrSummary } from './builders';

const spec = prSummary as ArtifactSpec<any>;
const ctx = (publishChannelId: string | null): PlanContext => ({ publishChannelId, incidentChannelId: null, resolve: () => ({ ok: false, why: 'unknown' }), pullRequests: [], repositories: [{ owner: 'acme', repo: 'web' }] });

describe('pr-summary spec', () => {
  it('accepts a valid summary, with every property required, and makes a strict response_format', () => {
    expect(spec.schema.safeParse(buildPrSummary()).success).toBe(true);
    const json = z.toJSONSchema(spec.schema) as any;
    expect(json.required.sort()).toEqual(Object.keys(json.properties).sort());
    const repo = json.properties.repositories.items;
    expect(repo.required.sort()).toEqual(Object.keys(repo.properties).sort());
    for (const [key, prop] of Object.entries<any>(repo.properties)) expect(prop.description, key).toBeTruthy();
    expect(zodResponseFormat(spec.schema, spec.name).json_schema).toMatchObject({ name: 'pr-summary', strict: true });
  });

  it.each([
    ['no repository', { repositories: [] }],
    ['a PR number that is not a positive whole number', { repositories: [{ ...buildPrSummary().repositories[0]!, opened: [{ number: 0, title: 't', author: 'a', url: 'u' }] }] }],
    ['a failing PR without a check named', { repositories: [{ ...buildPrSummary().repositories[0]!, failing_checks: [{ number: 1, title: 't', author: 'a', url: 'u', checks: [] }] }] }],
  ])('refuses %s', (_name, patch) => {
    expect(spec.schema.safeParse(buildPrSummary(patch as never)).success).toBe(false);
  });

  it('links each PR by its own URL, labelled with where it goes; any other URL is shown, not linked; everything the model wrote is escaped', () => {
    const a = buildPrSummary();
    a.repositories[0]!.opened.push({ number: 13, title: 'Forged', author: 'eve', url: 'https://evil.example/acme/web/pull/13' });
    a.repositories[0]!.merged.push({ number: 14, title: 'Wrong number', author: 'eve', url: 'https://github.com/acme/web/pull/99' });
    a.repositories[0]!.closed.push({ number: 15, title: 'Not a PR', author: 'eve', url: 'javascript:alert(1)' });
    const rendered = JSON.stringify(spec.render(a));
    expect(rendered).toContain('<https://github.com/acme/web/pull/12|acme/web#12>');
    expect(rendered).toContain('<https://evil.example/acme/web/pull/13|evil.example/acme/web#13>');
    expect(rendered).toContain('#14 (https://github.com/acme/web/pull/99)');
    expect(rendered).toContain('#15 (javascript:alert(1))');
    expect(rendered).toContain('requested: bob');
    expect(rendered).not.toContain('<!channel>');
    expect(rendered).not.toContain('<https://evil.example|');
    expect(rendered).toContain('&lt;!channel&gt;');
  });

  it('renders a maximal summary within Slack limits and 20 blocks', () => {
    const artifact = spec.schema.parse(buildMaximal(spec.schema, (n) => 'w'.repeat(n)));
    const blocks = spec.render(artifact);
    expect(blocks.length).toBeLessThanOrEqual(20);
    expect(blockKitViolations({ text: spec.summarize(artifact), blocks })).toEqual([]);
  });

  it('cites every PR it names, and summarises in one line', () => {
    expect(spec.citations!(buildPrSummary())).toEqual([12, 10, 9, 3, 4, 5].map((n) => `https://github.com/acme/web/pull/${n}`));
    expect(spec.summarize(buildPrSummary())).not.toContain('\n');
  });

  it('its hands are publishing to the chosen channel, nothing else', () => {
    expect(spec.actions!(buildPrSummary(), ctx('C0PUB')).actions.map((x) => x.params)).toEqual([{ kind: 'publish', channelId: 'C0PUB' }]);
    expect(spec.actions!(buildPrSummary(), ctx(null))).toEqual({ actions: [], notes: [] });
  });
});
