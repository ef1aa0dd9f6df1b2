import type { z } from 'zod';
import { applyConstraints } from './apply';
import { KIND_WORDS, describeNode } from './describe';
import {
  CONSTRAINT_KINDS,
  MAX_RULE_LENGTH,
  type ConstraintKind,
  type FieldChange,
  type FieldConstraint,
  type SpecConstraints,
  type TighteningError,
  type TighteningRequest,
  type TighteningResult,
} from './model';
import { infoOf, patternOf, resolve, unwrap, type FieldInfo } from './walk';

/** Checking a requested tightening against the spec in force, and the Tighten modal's form as a request. */

const MAX_RULES = 20;
const MAX_ENUM_VALUES = 50;
const MAX_PATTERN_LENGTH = 200;

/** The kinds of constraint that make sense for a field. */
export function kindsFor(info: FieldInfo): ConstraintKind[] {
  switch (info.node) {
    case 'string':
      return ['maxLength', 'required', 'enum', 'pattern'];
    case 'enum':
      return ['required', 'enum'];
    case 'array':
      return ['required', 'minItems', 'maxItems'];
    case 'object':
      return info.nullable ? ['required'] : [];
    case 'other':
      return info.nullable ? ['required'] : [];
  }
}

/**
 * Checks a requested tightening against the spec as currently in force (`base` with
 * `current` applied) and returns the new cumulative constraints. Anything unknown, of the
 * wrong kind, or looser than what is already in force is refused with a clear message.
 */
export function tighten(base: z.ZodType, current: SpecConstraints, request: TighteningRequest): TighteningResult {
  const errors: TighteningError[] = [];
  const words: string[] = [];
  let constraints: SpecConstraints = { fields: current.fields.map((f) => ({ ...f })), rules: [...current.rules] };
  for (const change of request.changes) {
    const effective = applyConstraints(base, constraints);
    const checked = checkChange(effective, change);
    if (!checked.ok) {
      errors.push(checked.error);
      continue;
    }
    constraints = merge(constraints, change.path, checked.patch);
    words.push(checked.words);
  }
  const rule = request.rule?.trim() ?? '';
  if (rule) {
    if (rule.length > MAX_RULE_LENGTH) errors.push({ on: 'rule', message: `A rule is at most ${MAX_RULE_LENGTH} characters.` });
    else if (constraints.rules.some((r) => r.toLowerCase() === rule.toLowerCase())) errors.push({ on: 'rule', message: 'That rule is already in force.' });
    else if (constraints.rules.length >= MAX_RULES) errors.push({ on: 'rule', message: `A spec holds at most ${MAX_RULES} rules.` });
    else {
      constraints = { ...constraints, rules: [...constraints.rules, rule] };
      words.push(`rule: “${rule}”`);
    }
  }
  if (errors.length) return { ok: false, errors };
  if (!words.length) return { ok: false, errors: [{ on: 'kind', message: 'Choose a field constraint or write a rule.' }] };
  return { ok: true, constraints, change: words.join('; ') };
}

type Patch = Partial<Omit<FieldConstraint, 'path'>>;
type Checked = { ok: true; patch: Patch; words: string } | { ok: false; error: TighteningError };

function checkChange(effective: z.ZodType, change: FieldChange): Checked {
  const fail = (on: TighteningError['on'], message: string): Checked => ({ ok: false, error: { on, message } });
  const found = resolve(effective, change.path);
  if (!found) return fail('path', `There is no field \`${change.path}\` in this spec.`);
  const info = infoOf(found, change.path);
  if (!(CONSTRAINT_KINDS as readonly string[]).includes(change.kind)) return fail('kind', `Unknown constraint ${String(change.kind)}.`);
  if (!kindsFor(info).includes(change.kind)) return fail('kind', `\`${change.path}\` is ${describeNode(info)}; ${KIND_WORDS[change.kind]} does not apply to it.`);
  const value = change.value.trim();
  const p = `\`${change.path}\``;
  switch (change.kind) {
    case 'maxLength': {
      const n = wholeNumber(value);
      if (n === undefined || n < 1) return fail('value', 'A maximum length is a whole number of characters, 1 or more.');
      if (info.maxLength !== null && n >= info.maxLength) return fail('value', `${p} is already at most ${info.maxLength} characters; a tighter limit is below ${info.maxLength}.`);
      if (info.minLength !== null && n < info.minLength) return fail('value', `${p} needs at least ${info.minLength} characters, so its maximum cannot be ${n}.`);
      return { ok: true, patch: { maxLength: n }, words: `${p} at most ${n} characters` };
    }
    case 'required': {
      if (info.nullable) return { ok: true, patch: { required: true }, words: `${p} required (never null)` };
      if (info.node === 'array' && (info.minItems ?? 0) < 1) return { ok: true, patch: { required: true }, words: `${p} required (at least one item)` };
      if (info.node === 'string' && (info.minLength ?? 0) < 1) return { ok: true, patch: { required: true }, words: `${p} required (not empty)` };
      return fail('value', `${p} is already required.`);
    }
    case 'enum': {
      const values = [...new Set(value.split(',').map((v) => v.trim()).filter(Boolean))];
      if (!values.length) return fail('value', 'List the allowed values, separated by commas.');
      if (values.length > MAX_ENUM_VALUES) return fail('value', `At most ${MAX_ENUM_VALUES} allowed values.`);
      const inner = unwrap(found).inner;
      const outside = values.filter((v) => !inner.safeParse(v).success);
      if (outside.length) {
        return fail('value', `${outside.map((v) => `“${v}”`).join(', ')} ${outside.length === 1 ? 'is' : 'are'} not allowed by ${p} as it stands${info.enumValues ? ` (${info.enumValues.join(', ')})` : ''}.`);
      }
      if (info.enumValues && values.length >= info.enumValues.length) return fail('value', `${p} already allows only ${info.enumValues.join(', ')}; leave at least one out.`);
      return { ok: true, patch: { enum: values }, words: `${p} one of ${values.join(', ')}` };
    }
    case 'pattern': {
      if (!value) return fail('value', 'Give a regular expression, e.g. ^https?://');
      if (value.length > MAX_PATTERN_LENGTH) return fail('value', `A pattern is at most ${MAX_PATTERN_LENGTH} characters.`);
      // Whether one pattern is tighter than another cannot be told, so a field holds one.
      const existing = patternOf(unwrap(found).inner);
      if (existing) return fail('value', `${p} already must match /${existing}/; a field holds one pattern.`);
      try {
        new RegExp(value);
      } catch (error) {
        return fail('value', `That pattern does not compile: ${error instanceof Error ? error.message : String(error)}`);
      }
      return { ok: true, patch: { pattern: value }, words: `${p} matches /${value}/` };
    }
    case 'minItems': {
      const n = wholeNumber(value);
      if (n === undefined || n < 1) return fail('value', 'A minimum count is a whole number, 1 or more.');
      if (info.minItems !== null && n <= info.minItems) return fail('value', `${p} already needs at least ${info.minItems}; a tighter minimum is above ${info.minItems}.`);
      if (info.maxItems !== null && n > info.maxItems) return fail('value', `${p} holds at most ${info.maxItems} items, so its minimum cannot be ${n}.`);
      return { ok: true, patch: { minItems: n }, words: `${p} at least ${n} items` };
    }
    case 'maxItems': {
      const n = wholeNumber(value);
      if (n === undefined || n < 1) return fail('value', 'A maximum count is a whole number, 1 or more.');
      if (info.maxItems !== null && n >= info.maxItems) return fail('value', `${p} already holds at most ${info.maxItems}; a tighter maximum is below ${info.maxItems}.`);
      if (info.minItems !== null && n < info.minItems) return fail('value', `${p} needs at least ${info.minItems} items, so its maximum cannot be ${n}.`);
      return { ok: true, patch: { maxItems: n }, words: `${p} at most ${n} items` };
    }
  }
}

function merge(constraints: SpecConstraints, path: string, patch: Patch): SpecConstraints {
  const existing = constraints.fields.find((f) => f.path === path);
  const fields = existing
    ? constraints.fields.map((f) => (f.path === path ? { ...f, ...patch } : f))
    : [...constraints.fields, { path, ...patch }];
  return { ...constraints, fields };
}

function wholeNumber(value: string): number | undefined {
  return /^\d{1,6}$/.test(value) ? Number(value) : undefined;
}

/** The Tighten modal's inputs (all optional there) as a request: a field goes with a kind. */
export function tighteningFromForm(form: {
  field?: string | undefined;
  kind?: string | undefined;
  value?: string | undefined;
  rule?: string | undefined;
}): { ok: true; request: TighteningRequest } | { ok: false; errors: TighteningError[] } {
  const field = form.field?.trim() ?? '';
  const kind = form.kind?.trim() ?? '';
  const rule = form.rule?.trim() || null;
  if (field && !kind) return { ok: false, errors: [{ on: 'kind', message: 'Choose a constraint for this field.' }] };
  if (kind && !field) return { ok: false, errors: [{ on: 'path', message: 'Choose the field to constrain.' }] };
  if (!field && !rule) return { ok: false, errors: [{ on: 'path', message: 'Choose a field and a constraint, or write a rule.' }] };
  if (kind && !(CONSTRAINT_KINDS as readonly string[]).includes(kind)) return { ok: false, errors: [{ on: 'kind', message: 'Choose one of the constraints.' }] };
  const changes = field ? [{ path: field, kind: kind as ConstraintKind, value: form.value ?? '' }] : [];
  return { ok: true, request: { changes, rule } };
}
