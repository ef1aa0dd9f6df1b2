import type { ConstraintKind, SpecConstraints } from './model';
import type { FieldInfo, Node } from './walk';

/** Constraints, rules and fields in words: for people (modal, Home, refusals) and for the model. */

export const KIND_WORDS: Record<ConstraintKind, string> = {
  maxLength: 'a maximum length',
  required: 'required',
  enum: 'allowed values',
  pattern: 'a pattern',
  minItems: 'a minimum count of items',
  maxItems: 'a maximum count of items',
};

export function describeNode(info: FieldInfo): string {
  const words: Record<Node, string> = { string: 'text', enum: 'a choice', array: 'a list', object: 'a group of fields', other: 'a number or yes/no' };
  return words[info.node];
}

export function rulesDescription(rules: readonly string[]): string {
  return `Rules every answer must follow:\n${rules.map((r) => `- ${r}`).join('\n')}`;
}

/** The spec's prompt with the free-text rules appended as a list. */
export function promptWithRules(prompt: string, rules: readonly string[]): string {
  return rules.length ? `${prompt}\n\n${rulesDescription(rules)}` : prompt;
}

/** The constraints in force, in words (for the Tighten modal and Home). */
export function describeConstraints(constraints: SpecConstraints): string[] {
  const words: string[] = [];
  for (const f of constraints.fields) {
    const p = `\`${f.path}\``;
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
