import { zodResponseFormat } from 'openai/helpers/zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  EMPTY_CONSTRAINTS,
  applyConstraints,
  describeConstraints,
  fieldPaths,
  promptWithRules,
  specConstraints,
  tighten,
  tighteningFromForm,
  type FieldChange,
  type SpecConstraints,
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
  it.each([
    ['title', 'maxLength', '80', { maxLength: 80 }, '`title` at most 80 characters'],
    ['findings.source', 'required', '', { required: true }, '`findings.source` required (never null)'],
    ['action_items', 'required', '', { required: true }, '`action_items` required (at least one item)'],
    ['action_items.owner', 'enum', 'Ana, Bo , Ana', { enum: ['Ana', 'Bo'] }, '`action_items.owner` one of Ana, Bo'],
    ['findings.source', 'pattern', '^https?://', { pattern: '^https?://' }, '`findings.source` matches /^https?:///'],
    ['findings', 'minItems', '2', { minItems: 2 }, '`findings` at least 2 items'],
    ['findings', 'maxItems', '3', { maxItems: 3 }, '`findings` at most 3 items'],
    ['action_items.priority', 'enum', 'critical,high', { enum: ['critical', 'high'] }, '`action_items.priority` one of critical, high'],
  ] as const)('%s %s %j', (path, kind, value, patch, words) => {
    const result = tighten(researchArtifact, EMPTY_CONSTRAINTS, { changes: [change(path, kind, value)], rule: null });
    expect(result).toEqual({ ok: true, constraints: { fields: [{ path, ...patch }], rules: [] }, change: words });
  });

  it('accumulates on the current constraints and adds a rule', () => {
    const current = tightened(change('title', 'maxLength', '80'));
    const result = tighten(researchArtifact, current, { changes: [change('title', 'maxLength', '60')], rule: ' every finding cites a source ' });
    expect(result).toMatchObject({ ok: true, constraints: { fields: [{ path: 'title', maxLength: 60 }], rules: ['every finding cites a source'] } });
  });
});

describe('tighten: refused', () => {
  it.each([
    [change('nope', 'maxLength', '10'), 'path', 'There is no field `nope`'],
    [change('findings.nope', 'required'), 'path', 'no field'],
    [change('findings', 'maxLength', '10'), 'kind', 'a list; a maximum length does not apply'],
    [change('title', 'minItems', '2'), 'kind', 'does not apply'],
    [change('title', 'maxLength', '200'), 'value', 'already at most 100 characters'],
    [change('title', 'maxLength', '100'), 'value', 'already at most 100'],
    [change('title', 'maxLength', 'ten'), 'value', 'whole number'],
    [change('title', 'maxLength', '0'), 'value', 'whole number'],
    [change('title', 'required'), 'value', 'already required'],
    [change('title', 'enum', ' , '), 'value', 'List the allowed values'],
    [change('action_items.priority', 'enum', 'critical,urgent'), 'value', '“urgent” is not allowed'],
    [change('action_items.priority', 'enum', 'critical,high,medium,low'), 'value', 'leave at least one out'],
    [change('title', 'enum', 'x'.repeat(101)), 'value', 'is not allowed'],
    [change('title', 'pattern', '(unclosed'), 'value', 'does not compile'],
    [change('findings', 'minItems', '1'), 'value', 'already needs at least 1'],
    [change('findings', 'minItems', '9'), 'value', 'at most 8 items'],
    [change('findings', 'maxItems', '8'), 'value', 'already holds at most 8'],
    [change('findings', 'required'), 'value', 'already required'],
  ] as const)('%j → %s', (c, on, message) => {
    const result = tighten(researchArtifact, EMPTY_CONSTRAINTS, { changes: [c], rule: null });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors[0]!.on).toBe(on);
      expect(result.errors[0]!.message).toContain(message);
    }
  });

  it('refuses a second pattern (which of two is tighter cannot be told)', () => {
    const current = tightened(change('findings.source', 'pattern', '^https://'));
    const result = tighten(researchArtifact, current, { changes: [change('findings.source', 'pattern', '.*')], rule: null });
    expect(result).toMatchObject({ ok: false, errors: [{ on: 'value', message: expect.stringContaining('a field holds one pattern') }] });
  });

  it('refuses a limit looser than an earlier tightening', () => {
    const current = tightened(change('title', 'maxLength', '80'));
    const result = tighten(researchArtifact, current, { changes: [change('title', 'maxLength', '90')], rule: null });
    expect(result).toMatchObject({ ok: false, errors: [{ on: 'value', message: expect.stringContaining('already at most 80') }] });
  });

  it.each([
    ['', 'Choose a field constraint or write a rule'],
    ['x'.repeat(301), 'at most 300'],
  ])('rule %j → refused', (rule, message) => {
    const result = tighten(researchArtifact, EMPTY_CONSTRAINTS, { changes: [], rule });
    expect(result).toMatchObject({ ok: false, errors: [{ message: expect.stringContaining(message) }] });
  });

  it('refuses a rule already in force', () => {
    const current = { fields: [], rules: ['Cite sources'] };
    expect(tighten(researchArtifact, current, { changes: [], rule: 'cite sources' })).toMatchObject({ ok: false, errors: [{ on: 'rule' }] });
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
    [{ field: 'title' }, { ok: false, errors: [{ on: 'kind', message: 'Choose a constraint for this field.' }] }],
    [{ kind: 'maxLength', value: '3' }, { ok: false, errors: [{ on: 'path', message: 'Choose the field to constrain.' }] }],
    [{ rule: '   ' }, { ok: false, errors: [{ on: 'path', message: 'Choose a field and a constraint, or write a rule.' }] }],
    [{ field: 'title', kind: 'shorter' }, { ok: false, errors: [{ on: 'kind', message: 'Choose one of the constraints.' }] }],
  ])('%j', (form, expected) => {
    expect(tighteningFromForm(form)).toEqual(expected);
  });
});

describe('describeConstraints', () => {
  it('says what is in force', () => {
    expect(describeConstraints({ fields: [{ path: 'title', maxLength: 80, required: true }, { path: 'findings', maxItems: 3 }], rules: ['cite'] })).toEqual([
      '`title` required',
      '`title` at most 80 characters',
      '`findings` at most 3 items',
      'rule: “cite”',
    ]);
  });
});
