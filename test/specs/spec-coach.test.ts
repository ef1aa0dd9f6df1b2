import { zodResponseFormat } from 'openai/helpers/zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agentNames, getSpec } from '../../specs/index';
import { SPEC_COACH, specCoach } from '../../specs/spec-coach';
import { agentInfos } from '../../src/use-cases/agents';
import { blockKitViolations } from '../support/block-kit-limits';
import { buildMaximal, buildSpecCoach } from './builders';

const HOSTILE = '<!channel> <@U999> <https://evil.example|x>';

describe('spec-coach spec', () => {
  it('accepts a proposal and refuses an unknown constraint kind', () => {
    expect(specCoach.schema.safeParse(buildSpecCoach()).success).toBe(true);
    expect(specCoach.schema.safeParse(buildSpecCoach({ rule: null, field_changes: [] })).success).toBe(true);
    expect(specCoach.schema.safeParse(buildSpecCoach({ field_changes: [{ path: 'title', kind: 'shorter' as never, value: '' }] })).success).toBe(false);
  });

  it('makes a strict response_format: every property required, nothing optional', () => {
    const format = zodResponseFormat(specCoach.schema, SPEC_COACH);
    expect(format.json_schema).toMatchObject({ name: SPEC_COACH, strict: true });
    const schema = format.json_schema.schema as any;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required.sort()).toEqual(['agent', 'field_changes', 'reason', 'rule']);
    expect(schema.properties.field_changes.items.required.sort()).toEqual(['kind', 'path', 'value']);
    expect(schema.properties.field_changes.items.properties.kind.enum).toEqual(['maxLength', 'required', 'enum', 'pattern', 'minItems', 'maxItems']);
    const json = z.toJSONSchema(specCoach.schema) as any;
    for (const [key, prop] of Object.entries<any>(json.properties)) expect(prop.description, key).toBeTruthy();
  });

  it('renders escaped, within Slack limits', () => {
    const rendered = JSON.stringify(specCoach.render(buildSpecCoach({ reason: HOSTILE, rule: HOSTILE })));
    expect(rendered).not.toContain('<!channel>');
    expect(rendered).not.toContain('<@U999>');
    expect(rendered).toContain('`findings.source` required');
    const maximal = specCoach.schema.parse(buildMaximal(specCoach.schema, (n) => 'w'.repeat(n)));
    expect(blockKitViolations({ text: specCoach.summarize(maximal), blocks: specCoach.render(maximal) })).toEqual([]);
  });

  it('is runnable but never offered to people', () => {
    expect(getSpec(SPEC_COACH)).toBe(specCoach);
    expect(agentNames).not.toContain(SPEC_COACH);
    expect(agentInfos().map((a) => a.name)).not.toContain(SPEC_COACH);
  });
});
