import { describe, expect, it } from 'vitest';
import { EMPTY_CONSTRAINTS, tighten, type AppliedChange, type FieldChange, type TighteningRefusal } from '../../src/domain/spec-constraints';
import { appliedChangeText, describeChanges, describeConstraints, tighteningErrorText } from '../../src/views/spec-constraints';
import { proposalAppliedMessage, ruleNotAddedMessage } from '../../src/views/spec-messages';
import { researchArtifact } from '../../specs/research';

const change = (path: string, kind: FieldChange['kind'], value = ''): FieldChange => ({ path, kind, value });

describe('describeConstraints', () => {
  it('says what is in force', () => {
    expect(describeConstraints({ fields: [{ path: 'title', maxLength: 80, required: true }, { path: 'findings', maxItems: 3 }], rules: ['cite'] })).toEqual([
      '`title` required',
      '`title` at most 80 characters',
      '`findings` at most 3 items',
      'rule: “cite”',
    ]);
  });

  it('every kind, and nothing for no constraints', () => {
    expect(describeConstraints({ fields: [{ path: 'a', enum: ['x', 'y'], pattern: '^h', minItems: 2 }], rules: [] })).toEqual(['`a` one of x, y', '`a` matches /^h/', '`a` at least 2 items']);
    expect(describeConstraints(EMPTY_CONSTRAINTS)).toEqual([]);
  });
});

describe('appliedChangeText', () => {
  it.each<[AppliedChange, string]>([
    [{ kind: 'maxLength', path: 'title', max: 80 }, '`title` at most 80 characters'],
    [{ kind: 'required', path: 'findings.source', meaning: 'not_null' }, '`findings.source` required (never null)'],
    [{ kind: 'required', path: 'action_items', meaning: 'at_least_one_item' }, '`action_items` required (at least one item)'],
    [{ kind: 'required', path: 'note', meaning: 'not_empty' }, '`note` required (not empty)'],
    [{ kind: 'enum', path: 'action_items.owner', values: ['Ana', 'Bo'] }, '`action_items.owner` one of Ana, Bo'],
    [{ kind: 'pattern', path: 'findings.source', pattern: '^https?://' }, '`findings.source` matches /^https?:///'],
    [{ kind: 'minItems', path: 'findings', min: 2 }, '`findings` at least 2 items'],
    [{ kind: 'maxItems', path: 'findings', max: 3 }, '`findings` at most 3 items'],
    [{ kind: 'rule', rule: 'cite sources' }, 'rule: “cite sources”'],
  ])('%j', (applied, words) => {
    expect(appliedChangeText(applied)).toBe(words);
  });

  it('a tightening of several changes reads as one line', () => {
    expect(describeChanges([{ kind: 'maxLength', path: 'title', max: 60 }, { kind: 'rule', rule: 'cite' }])).toBe('`title` at most 60 characters; rule: “cite”');
  });
});

describe('tighteningErrorText', () => {
  it.each<[TighteningRefusal, string]>([
    [{ on: 'path', code: 'choose_field' }, 'Choose the field to constrain.'],
    [{ on: 'path', code: 'choose_something' }, 'Choose a field and a constraint, or write a rule.'],
    [{ on: 'path', code: 'no_such_field', path: 'nope' }, 'There is no field `nope` in this spec.'],
    [{ on: 'kind', code: 'choose_kind' }, 'Choose a constraint for this field.'],
    [{ on: 'kind', code: 'choose_listed_kind' }, 'Choose one of the constraints.'],
    [{ on: 'kind', code: 'nothing_to_tighten' }, 'Choose a field constraint or write a rule.'],
    [{ on: 'kind', code: 'unknown_kind', kind: 'shorter' }, 'Unknown constraint shorter.'],
    [{ on: 'kind', code: 'kind_does_not_apply', path: 'findings', node: 'array', kind: 'maxLength' }, '`findings` is a list; a maximum length does not apply to it.'],
    [{ on: 'kind', code: 'kind_does_not_apply', path: 'title', node: 'string', kind: 'minItems' }, '`title` is text; a minimum count of items does not apply to it.'],
    [{ on: 'value', code: 'not_a_count', kind: 'maxLength' }, 'A maximum length is a whole number of characters, 1 or more.'],
    [{ on: 'value', code: 'not_a_count', kind: 'minItems' }, 'A minimum count is a whole number, 1 or more.'],
    [{ on: 'value', code: 'not_a_count', kind: 'maxItems' }, 'A maximum count is a whole number, 1 or more.'],
    [{ on: 'value', code: 'not_tighter', kind: 'maxLength', path: 'title', current: 100 }, '`title` is already at most 100 characters; a tighter limit is below 100.'],
    [{ on: 'value', code: 'not_tighter', kind: 'minItems', path: 'findings', current: 1 }, '`findings` already needs at least 1; a tighter minimum is above 1.'],
    [{ on: 'value', code: 'not_tighter', kind: 'maxItems', path: 'findings', current: 8 }, '`findings` already holds at most 8; a tighter maximum is below 8.'],
    [{ on: 'value', code: 'conflicts', kind: 'maxLength', path: 'note', bound: 5, asked: 3 }, '`note` needs at least 5 characters, so its maximum cannot be 3.'],
    [{ on: 'value', code: 'conflicts', kind: 'minItems', path: 'findings', bound: 8, asked: 9 }, '`findings` holds at most 8 items, so its minimum cannot be 9.'],
    [{ on: 'value', code: 'conflicts', kind: 'maxItems', path: 'findings', bound: 3, asked: 2 }, '`findings` needs at least 3 items, so its maximum cannot be 2.'],
    [{ on: 'value', code: 'already_required', path: 'title' }, '`title` is already required.'],
    [{ on: 'value', code: 'no_values' }, 'List the allowed values, separated by commas.'],
    [{ on: 'value', code: 'too_many_values', max: 50 }, 'At most 50 allowed values.'],
    [{ on: 'value', code: 'values_not_allowed', path: 'p', outside: ['urgent'], allowed: ['critical', 'high'] }, '“urgent” is not allowed by `p` as it stands (critical, high).'],
    [{ on: 'value', code: 'values_not_allowed', path: 'title', outside: ['a', 'b'], allowed: null }, '“a”, “b” are not allowed by `title` as it stands.'],
    [{ on: 'value', code: 'values_not_tighter', path: 'p', allowed: ['critical', 'high'] }, '`p` already allows only critical, high; leave at least one out.'],
    [{ on: 'value', code: 'no_pattern' }, 'Give a regular expression, e.g. ^https?://'],
    [{ on: 'value', code: 'pattern_too_long', max: 200 }, 'A pattern is at most 200 characters.'],
    [{ on: 'value', code: 'pattern_in_force', path: 'src', existing: '^https:' }, '`src` already must match /^https:/; a field holds one pattern.'],
    [{ on: 'value', code: 'pattern_invalid', detail: 'Unterminated group' }, 'That pattern does not compile: Unterminated group'],
    [{ on: 'rule', code: 'rule_too_long', max: 300 }, 'A rule is at most 300 characters.'],
    [{ on: 'rule', code: 'rule_in_force' }, 'That rule is already in force.'],
    [{ on: 'rule', code: 'too_many_rules', max: 20 }, 'A spec holds at most 20 rules.'],
    [{ on: 'agent', code: 'unknown_agent', agent: 'poet' }, 'There is no agent called poet.'],
    [{ on: 'everyone', code: 'not_admin' }, 'Only a workspace admin or owner can change a spec for everyone.'],
  ])('%j', (error, words) => {
    expect(tighteningErrorText(error)).toBe(words);
  });

  it.each([
    [change('findings', 'maxLength', '10'), 'a list; a maximum length does not apply'],
    [change('action_items.priority', 'enum', 'critical,urgent'), '“urgent” is not allowed'],
    [change('title', 'pattern', '(unclosed'), 'does not compile'],
    [change('findings', 'minItems', '9'), 'at most 8 items'],
  ])('words what tighten refuses: %j', (c, words) => {
    const result = tighten(researchArtifact, EMPTY_CONSTRAINTS, { changes: [c], rule: null });
    if (result.ok) throw new Error('expected a refusal');
    expect(tighteningErrorText(result.errors[0]!)).toContain(words);
  });
});

describe('spec messages word coded refusals', () => {
  it('a rule that could not be added says why', () => {
    const message = ruleNotAddedMessage({ why: 'invalid', errors: [{ on: 'rule', code: 'rule_in_force' }] });
    expect(message.text).toBe('No rule was added: That rule is already in force.');
  });

  it('a proposal nothing of which applied says each reason, escaped', () => {
    const message = proposalAppliedMessage({ kind: 'refused', agent: 'research', errors: [{ on: 'path', code: 'no_such_field', path: '<!here>' }, { on: 'rule', code: 'rule_in_force' }] });
    expect(message.text).toBe("Approved, but nothing was applied to `research`'s spec: There is no field `&lt;!here&gt;` in this spec. That rule is already in force.");
  });
});
