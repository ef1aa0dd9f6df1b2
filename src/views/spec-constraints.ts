import type { AppliedChange, ConstraintKind, Node, SpecConstraints, TighteningError, TighteningRefusal } from '../domain/spec-constraints';

/**
 * Tightened specs in words, for people: what is in force (Tighten modal, the spec-coach's
 * brief), what a tightening changed (kept with the version), and why one was refused (next to
 * the field in the Tighten modal, or in a message). Plain text: it quotes field names, values
 * and rules as written, so the caller escapes it.
 */

export const KIND_WORDS: Record<ConstraintKind, string> = {
  maxLength: 'a maximum length',
  required: 'required',
  enum: 'allowed values',
  pattern: 'a pattern',
  minItems: 'a minimum count of items',
  maxItems: 'a maximum count of items',
};

const NODE_WORDS: Record<Node, string> = { string: 'text', enum: 'a choice', array: 'a list', object: 'a group of fields', other: 'a number or yes/no' };

const code = (path: string) => `\`${path}\``;

/** The constraints in force, in words (for the Tighten modal and the spec-coach's brief). */
export function describeConstraints(constraints: SpecConstraints): string[] {
  const words: string[] = [];
  for (const f of constraints.fields) {
    const p = code(f.path);
    if (f.required) words.push(`${p} required`);
    if (f.maxLength !== undefined) words.push(`${p} at most ${f.maxLength} characters`);
    if (f.enum) words.push(`${p} one of ${f.enum.join(', ')}`);
    if (f.pattern !== undefined) words.push(`${p} matches /${f.pattern}/`);
    if (f.minItems !== undefined) words.push(`${p} at least ${f.minItems} items`);
    if (f.maxItems !== undefined) words.push(`${p} at most ${f.maxItems} items`);
  }
  for (const r of constraints.rules) words.push(`rule: “${r}”`);
  return words;
}

const REQUIRED_MEANS = { not_null: 'never null', at_least_one_item: 'at least one item', not_empty: 'not empty' } as const;

/** One change a tightening made: "`title` at most 80 characters", "rule: “cite sources”". */
export function appliedChangeText(c: AppliedChange): string {
  switch (c.kind) {
    case 'maxLength':
      return `${code(c.path)} at most ${c.max} characters`;
    case 'required':
      return `${code(c.path)} required (${REQUIRED_MEANS[c.meaning]})`;
    case 'enum':
      return `${code(c.path)} one of ${c.values.join(', ')}`;
    case 'pattern':
      return `${code(c.path)} matches /${c.pattern}/`;
    case 'minItems':
      return `${code(c.path)} at least ${c.min} items`;
    case 'maxItems':
      return `${code(c.path)} at most ${c.max} items`;
    case 'rule':
      return `rule: “${c.rule}”`;
  }
}

/** What a tightening changed, in one line (kept with the spec version and confirmed to the person). */
export function describeChanges(applied: readonly AppliedChange[]): string {
  return applied.map(appliedChangeText).join('; ');
}

const COUNT_WORDS = {
  maxLength: 'A maximum length is a whole number of characters, 1 or more.',
  minItems: 'A minimum count is a whole number, 1 or more.',
  maxItems: 'A maximum count is a whole number, 1 or more.',
} as const;

/** Why a tightening was refused, in one sentence. */
export function tighteningErrorText(e: TighteningRefusal): string {
  switch (e.code) {
    case 'unknown_agent':
      return `There is no agent called ${e.agent}.`;
    case 'not_admin':
      return 'Only a workspace admin or owner can change a spec for everyone.';
    case 'choose_field':
      return 'Choose the field to constrain.';
    case 'choose_something':
      return 'Choose a field and a constraint, or write a rule.';
    case 'no_such_field':
      return `There is no field ${code(e.path)} in this spec.`;
    case 'choose_kind':
      return 'Choose a constraint for this field.';
    case 'choose_listed_kind':
      return 'Choose one of the constraints.';
    case 'nothing_to_tighten':
      return 'Choose a field constraint or write a rule.';
    case 'unknown_kind':
      return `Unknown constraint ${e.kind}.`;
    case 'kind_does_not_apply':
      return `${code(e.path)} is ${NODE_WORDS[e.node]}; ${KIND_WORDS[e.kind]} does not apply to it.`;
    case 'not_a_count':
      return COUNT_WORDS[e.kind];
    case 'not_tighter':
      return notTighterText(e);
    case 'conflicts':
      return conflictText(e);
    case 'already_required':
      return `${code(e.path)} is already required.`;
    case 'no_values':
      return 'List the allowed values, separated by commas.';
    case 'too_many_values':
      return `At most ${e.max} allowed values.`;
    case 'values_not_allowed':
      return `${e.outside.map((v) => `“${v}”`).join(', ')} ${e.outside.length === 1 ? 'is' : 'are'} not allowed by ${code(e.path)} as it stands${e.allowed ? ` (${e.allowed.join(', ')})` : ''}.`;
    case 'values_not_tighter':
      return `${code(e.path)} already allows only ${e.allowed.join(', ')}; leave at least one out.`;
    case 'no_pattern':
      return 'Give a regular expression, e.g. ^https?://';
    case 'pattern_too_long':
      return `A pattern is at most ${e.max} characters.`;
    case 'pattern_in_force':
      return `${code(e.path)} already must match /${e.existing}/; a field holds one pattern.`;
    case 'pattern_invalid':
      return `That pattern does not compile: ${e.detail}`;
    case 'rule_too_long':
      return `A rule is at most ${e.max} characters.`;
    case 'rule_in_force':
      return 'That rule is already in force.';
    case 'too_many_rules':
      return `A spec holds at most ${e.max} rules.`;
  }
}

function notTighterText(e: Extract<TighteningError, { code: 'not_tighter' }>): string {
  const p = code(e.path);
  switch (e.kind) {
    case 'maxLength':
      return `${p} is already at most ${e.current} characters; a tighter limit is below ${e.current}.`;
    case 'minItems':
      return `${p} already needs at least ${e.current}; a tighter minimum is above ${e.current}.`;
    case 'maxItems':
      return `${p} already holds at most ${e.current}; a tighter maximum is below ${e.current}.`;
  }
}

function conflictText(e: Extract<TighteningError, { code: 'conflicts' }>): string {
  const p = code(e.path);
  switch (e.kind) {
    case 'maxLength':
      return `${p} needs at least ${e.bound} characters, so its maximum cannot be ${e.asked}.`;
    case 'minItems':
      return `${p} holds at most ${e.bound} items, so its minimum cannot be ${e.asked}.`;
    case 'maxItems':
      return `${p} needs at least ${e.bound} items, so its maximum cannot be ${e.asked}.`;
  }
}
