import { zodResponseFormat } from 'openai/helpers/zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  EMPTY_CONSTRAINTS,
  applyConstraints,
  fieldPaths,
  promptWithRules,
  specConstraints,
  tighten,
  tighteningFromForm,
  type AppliedChange,
  type FieldChange,
  type SpecConstraints,
  type TighteningError,
} from '../../src/domain/spec-constraints';
import { researchArtifact } from '../../specs/research';
import { triageArtifact } from '../../specs/triage';
import { buildResearch, buildTriage } from '../specs/builders';

const change = (path: string, kind: FieldChange['kind'], value = ''): FieldChange => ({ path, kind, value });

function tightened(...changes: FieldChange[]): SpecConstraints {
  const result = tighten(researchArtifact, EMPTY_CONSTRAINTS, { changes, rule: null });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.constraints;
}

const jsonOf = (schema: z.ZodType) => z.toJSONSchema(schema) as any;

describe('fieldPaths', () => {
  it('lists fields through nested objects and arrays', () => {
    const paths = fieldPaths(researchArtifact).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['title', 'findings', 'findings.source', 'action_items.owner', 'open_questions']));
    expect(fieldPaths(researchArtifact).find((f) => f.path === 'findings.source')).toMatchObject({ node: 'string', nullable: true, maxLength: 300 });
  });
});

describe('tighten: accepted', () => {
  it.each<[string, FieldChange['kind'], string, Partial<SpecConstraints['fields'][number]>, AppliedChange]>([
    ['title', 'maxLength', '80', { maxLength: 80 }, { kind: 'maxLength', path: 'title', max: 80 }],
    ['findings.source', 'required', '', { required: true }, { kind: 'required', path: 'findings.source', meaning: 'not_null' }],
    ['action_items', 'required', '', { required: true }, { kind: 'required', path: 'action_items', meaning: 'at_least_one_item' }],
    ['action_items.owner', 'enum', 'Ana, Bo , Ana', { enum: ['Ana', 'Bo'] }, { kind: 'enum', path: 'action_items.owner', values: ['Ana', 'Bo'] }],
    ['findings.source', 'pattern', '^https?://', { pattern: '^https?://' }, { kind: 'pattern', path: 'findings.source', pattern: '^https?://' }],
    ['findings', 'minItems', '2', { minItems: 2 }, { kind: 'minItems', path: 'findings', min: 2 }],
    ['findings', 'maxItems', '3', { maxItems: 3 }, { kind: 'maxItems', path: 'findings', max: 3 }],
    ['action_items.priority', 'enum', 'critical,high', { enum: ['critical', 'high'] }, { kind: 'enum', path: 'action_items.priority', values: ['critical', 'high'] }],
  ])('%s %s %j', (path, kind, value, patch, applied) => {
    const result = tighten(researchArtifact, EMPTY_CONSTRAINTS, { changes: [change(path, kind, value)], rule: null });
    expect(result).toEqual({ ok: true, constraints: { fields: [{ path, ...patch }], rules: [] }, applied: [applied] });
  });

  it('a string field made required is not empty', () => {
    const base = z.object({ note: z.string() });
    expect(tighten(base, EMPTY_CONSTRAINTS, { changes: [change('note', 'required')], rule: null })).toMatchObject({
      ok: true,
      applied: [{ kind: 'required', path: 'note', meaning: 'not_empty' }],
    });
  });

  it('accumulates on the current constraints and adds a rule', () => {
    const current = tightened(change('title', 'maxLength', '80'));
    const result = tighten(researchArtifact, current, { changes: [change('title', 'maxLength', '60')], rule: ' every finding cites a source ' });
    expect(result).toEqual({
      ok: true,
      constraints: { fields: [{ path: 'title', maxLength: 60 }], rules: ['every finding cites a source'] },
      applied: [{ kind: 'maxLength', path: 'title', max: 60 }, { kind: 'rule', rule: 'every finding cites a source' }],
    });
  });
});

describe('tighten: refused', () => {
  it.each([
    [change('nope', 'maxLength', '10'), { on: 'path', code: 'no_such_field', path: 'nope' }],
    [change('findings.nope', 'required'), { on: 'path', code: 'no_such_field', path: 'findings.nope' }],
    [change('findings', 'maxLength', '10'), { on: 'kind', code: 'kind_does_not_apply', path: 'findings', node: 'array', kind: 'maxLength' }],
    [change('title', 'minItems', '2'), { on: 'kind', code: 'kind_does_not_apply', path: 'title', node: 'string', kind: 'minItems' }],
    [change('title', 'shorter' as FieldChange['kind'], '2'), { on: 'kind', code: 'unknown_kind', kind: 'shorter' }],
    [change('title', 'maxLength', '200'), { on: 'value', code: 'not_tighter', kind: 'maxLength', path: 'title', current: 100 }],
    [change('title', 'maxLength', '100'), { on: 'value', code: 'not_tighter', kind: 'maxLength', path: 'title', current: 100 }],
    [change('title', 'maxLength', 'ten'), { on: 'value', code: 'not_a_count', kind: 'maxLength' }],
    [change('title', 'maxLength', '0'), { on: 'value', code: 'not_a_count', kind: 'maxLength' }],
    [change('title', 'required'), { on: 'value', code: 'already_required', path: 'title' }],
    [change('title', 'enum', ' , '), { on: 'value', code: 'no_values' }],
    [change('title', 'enum', Array.from({ length: 51 }, (_, i) => `v${i}`).join(',')), { on: 'value', code: 'too_many_values', max: 50 }],
    [change('action_items.priority', 'enum', 'critical,urgent'), { on: 'value', code: 'values_not_allowed', path: 'action_items.priority', outside: ['urgent'], allowed: ['critical', 'high', 'medium', 'low'] }],
    [change('action_items.priority', 'enum', 'critical,high,medium,low'), { on: 'value', code: 'values_not_tighter', path: 'action_items.priority', allowed: ['critical', 'high', 'medium', 'low'] }],
    [change('title', 'enum', 'x'.repeat(101)), { on: 'value', code: 'values_not_allowed', path: 'title', outside: ['x'.repeat(101)], allowed: null }],
    [change('findings.source', 'pattern', ' '), { on: 'value', code: 'no_pattern' }],
    [change('findings.source', 'pattern', 'x'.repeat(201)), { on: 'value', code: 'pattern_too_long', max: 200 }],
    [change('findings', 'minItems', '0'), { on: 'value', code: 'not_a_count', kind: 'minItems' }],
    [change('findings', 'minItems', '1'), { on: 'value', code: 'not_tighter', kind: 'minItems', path: 'findings', current: 1 }],
    [change('findings', 'minItems', '9'), { on: 'value', code: 'conflicts', kind: 'minItems', path: 'findings', bound: 8, asked: 9 }],
    [change('findings', 'maxItems', 'x'), { on: 'value', code: 'not_a_count', kind: 'maxItems' }],
    [change('findings', 'maxItems', '8'), { on: 'value', code: 'not_tighter', kind: 'maxItems', path: 'findings', current: 8 }],
    [change('findings', 'required'), { on: 'value', code: 'already_required', path: 'findings' }],
  ] as Array<[FieldChange, TighteningError]>)('%j → %j', (c, error) => {
    expect(tighten(researchArtifact, EMPTY_CONSTRAINTS, { changes: [c], rule: null })).toEqual({ ok: false, errors: [error] });
  });

  it('a pattern that does not compile keeps the reason', () => {
    const result = tighten(researchArtifact, EMPTY_CONSTRAINTS, { changes: [change('title', 'pattern', '(unclosed')], rule: null });
    expect(result).toMatchObject({ ok: false, errors: [{ on: 'value', code: 'pattern_invalid', detail: expect.stringContaining('(unclosed') }] });
  });

  it('refuses a maximum below an earlier minimum', () => {
    const current = tightened(change('findings', 'minItems', '3'));
    expect(tighten(researchArtifact, current, { changes: [change('findings', 'maxItems', '2')], rule: null })).toEqual({
      ok: false,
      errors: [{ on: 'value', code: 'conflicts', kind: 'maxItems', path: 'findings', bound: 3, asked: 2 }],
    });
  });

  it('refuses a second pattern (which of two is tighter cannot be told)', () => {
    const current = tightened(change('findings.source', 'pattern', '^https://'));
    const result = tighten(researchArtifact, current, { changes: [change('findings.source', 'pattern', '.*')], rule: null });
    expect(result).toEqual({ ok: false, errors: [{ on: 'value', code: 'pattern_in_force', path: 'findings.source', existing: new RegExp('^https://').source }] });
  });

  it('refuses a limit looser than an earlier tightening', () => {
    const current = tightened(change('title', 'maxLength', '80'));
    const result = tighten(researchArtifact, current, { changes: [change('title', 'maxLength', '90')], rule: null });
    expect(result).toEqual({ ok: false, errors: [{ on: 'value', code: 'not_tighter', kind: 'maxLength', path: 'title', current: 80 }] });
  });

  it('a maximum length below the field\'s own minimum conflicts with it', () => {
    const base = z.object({ note: z.string().min(5) });
    expect(tighten(base, EMPTY_CONSTRAINTS, { changes: [change('note', 'maxLength', '3')], rule: null })).toEqual({
      ok: false,
      errors: [{ on: 'value', code: 'conflicts', kind: 'maxLength', path: 'note', bound: 5, asked: 3 }],
    });
  });

  it.each<[string, TighteningError]>([
    ['', { on: 'kind', code: 'nothing_to_tighten' }],
    ['x'.repeat(301), { on: 'rule', code: 'rule_too_long', max: 300 }],
  ])('rule %j → refused', (rule, error) => {
    expect(tighten(researchArtifact, EMPTY_CONSTRAINTS, { changes: [], rule })).toEqual({ ok: false, errors: [error] });
  });

  it('refuses a rule already in force', () => {
    const current = { fields: [], rules: ['Cite sources'] };
    expect(tighten(researchArtifact, current, { changes: [], rule: 'cite sources' })).toEqual({ ok: false, errors: [{ on: 'rule', code: 'rule_in_force' }] });
  });

  it('refuses a twenty-first rule', () => {
    const current = { fields: [], rules: Array.from({ length: 20 }, (_, i) => `rule ${i}`) };
    expect(tighten(researchArtifact, current, { changes: [], rule: 'one more' })).toEqual({ ok: false, errors: [{ on: 'rule', code: 'too_many_rules', max: 20 }] });
  });
});

describe('applyConstraints', () => {
  it('puts each constraint in the JSON Schema and keeps descriptions', () => {
    const applied = applyConstraints(
      researchArtifact,
      tightened(
        change('title', 'maxLength', '80'),
        change('findings.source', 'required'),
        change('findings.source', 'pattern', '^https://'),
        change('action_items.owner', 'enum', 'Ana,Bo'),
        change('findings', 'maxItems', '3'),
        change('action_items', 'required'),
      ),
    );
    const json = jsonOf(applied);
    expect(json.properties.title).toMatchObject({ type: 'string', maxLength: 80, description: 'The question answered, as a short headline.' });
    const source = json.properties.findings.items.properties.source;
    expect(source).toMatchObject({ type: 'string', pattern: new RegExp('^https://').source, description: expect.stringContaining('URL or citation') });
    expect(source.anyOf).toBeUndefined();
    expect(json.properties.findings).toMatchObject({ minItems: 1, maxItems: 3, description: expect.stringContaining('findings') });
    expect(json.properties.action_items).toMatchObject({ minItems: 1, maxItems: 10 });
    expect(json.properties.action_items.items.properties.owner).toMatchObject({ enum: ['Ana', 'Bo'], description: expect.stringContaining('Exactly one person') });
    const format = zodResponseFormat(applied, 'research');
    expect(format.json_schema.strict).toBe(true);
    expect((format.json_schema.schema as any).properties.title.maxLength).toBe(80);
  });

  it('validates output with the same constraints', () => {
    const applied = applyConstraints(researchArtifact, tightened(change('title', 'maxLength', '10'), change('findings.source', 'required')));
    const cited = buildResearch({ title: 'Short' });
    cited.findings = cited.findings.map((f) => ({ ...f, source: 'https://example.com' }));
    expect(applied.safeParse(cited).success).toBe(true);
    expect(applied.safeParse({ ...cited, title: 'Far too long a title' }).success).toBe(false);
    const nullSource = buildResearch({ title: 'Short' });
    nullSource.findings[0]!.source = null;
    expect(applied.safeParse(nullSource).success).toBe(false);
    expect(researchArtifact.safeParse(nullSource).success).toBe(true);
  });

  it('keeps null allowed under an enum or a pattern on a nullable field', () => {
    const result = tighten(triageArtifact, EMPTY_CONSTRAINTS, { changes: [change('escalate_to', 'enum', 'payments-oncall,sre')], rule: null });
    if (!result.ok) throw new Error('refused');
    const applied = applyConstraints(triageArtifact, result.constraints);
    expect(applied.safeParse(buildTriage({ escalate_to: null })).success).toBe(true);
    expect(applied.safeParse(buildTriage({ escalate_to: 'sre' })).success).toBe(true);
    expect(applied.safeParse(buildTriage({ escalate_to: 'someone' })).success).toBe(false);
  });

  it('puts the rules in the top-level description and the prompt', () => {
    const applied = applyConstraints(researchArtifact, { fields: [], rules: ['every finding cites a source'] });
    expect(jsonOf(applied).description).toContain('- every finding cites a source');
    expect(promptWithRules('Be careful.', ['every finding cites a source'])).toBe('Be careful.\n\nRules every answer must follow:\n- every finding cites a source');
    expect(promptWithRules('Be careful.', [])).toBe('Be careful.');
  });

  it('leaves the schema unchanged without constraints', () => {
    expect(jsonOf(applyConstraints(researchArtifact, EMPTY_CONSTRAINTS))).toEqual(jsonOf(researchArtifact));
  });
});

describe('specConstraints (jsonb)', () => {
  it.each([
    [{}, { fields: [], rules: [] }],
    [{ fields: [{ path: 'title', maxLength: 80 }], rules: ['x'] }, { fields: [{ path: 'title', maxLength: 80 }], rules: ['x'] }],
  ])('parses %j', (raw, parsed) => {
    expect(specConstraints.parse(raw)).toEqual(parsed);
  });

  it('refuses a malformed row', () => {
    expect(specConstraints.safeParse({ fields: [{ path: '', maxLength: -1 }] }).success).toBe(false);
  });
});

describe('tighteningFromForm', () => {
  it.each<[Parameters<typeof tighteningFromForm>[0], ReturnType<typeof tighteningFromForm>]>([
    [{ field: 'title', kind: 'maxLength', value: '80' }, { ok: true, request: { changes: [{ path: 'title', kind: 'maxLength', value: '80' }], rule: null } }],
    [{ rule: '  cite sources ' }, { ok: true, request: { changes: [], rule: 'cite sources' } }],
    [{ field: 'title', kind: 'required', rule: 'x' }, { ok: true, request: { changes: [{ path: 'title', kind: 'required', value: '' }], rule: 'x' } }],
    [{ field: 'title' }, { ok: false, errors: [{ on: 'kind', code: 'choose_kind' }] }],
    [{ kind: 'maxLength', value: '3' }, { ok: false, errors: [{ on: 'path', code: 'choose_field' }] }],
    [{ rule: '   ' }, { ok: false, errors: [{ on: 'path', code: 'choose_something' }] }],
    [{ field: 'title', kind: 'shorter' }, { ok: false, errors: [{ on: 'kind', code: 'choose_listed_kind' }] }],
  ])('%j', (form, expected) => {
    expect(tighteningFromForm(form)).toEqual(expected);
  });
});
