import type { z } from 'zod';
import { applyConstraints } from './apply';
import {
  CONSTRAINT_KINDS,
  MAX_RULE_LENGTH,
  type AppliedChange,
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
 * `current` applied) and returns the new cumulative constraints with what changed. Anything
 * unknown, of the wrong kind, or looser than what is already in force is refused, with a coded reason.
 */
export function tighten(base: z.ZodType, current: SpecConstraints, request: TighteningRequest): TighteningResult {
  const errors: TighteningError[] = [];
  const applied: AppliedChange[] = [];
  let constraints: SpecConstraints = { fields: current.fields.map((f) => ({ ...f })), rules: [...current.rules] };
  for (const change of request.changes) {
    const effective = applyConstraints(base, constraints);
    const checked = checkChange(effective, change);
    if (!checked.ok) {
      errors.push(checked.error);
      continue;
    }
    constraints = merge(constraints, change.path, checked.patch);
    applied.push(checked.applied);
  }
  const rule = request.rule?.trim() ?? '';
  if (rule) {
    if (rule.length > MAX_RULE_LENGTH) errors.push({ on: 'rule', code: 'rule_too_long', max: MAX_RULE_LENGTH });
    else if (constraints.rules.some((r) => r.toLowerCase() === rule.toLowerCase())) errors.push({ on: 'rule', code: 'rule_in_force' });
    else if (constraints.rules.length >= MAX_RULES) errors.push({ on: 'rule', code: 'too_many_rules', max: MAX_RULES });
    else {
      constraints = { ...constraints, rules: [...constraints.rules, rule] };
      applied.push({ kind: 'rule', rule });
    }
  }
  if (errors.length) return { ok: false, errors };
  if (!applied.length) return { ok: false, errors: [{ on: 'kind', code: 'nothing_to_tighten' }] };
  return { ok: true, constraints, applied };
}

type Patch = Partial<Omit<FieldConstraint, 'path'>>;
type Checked = { ok: true; patch: Patch; applied: AppliedChange } | { ok: false; error: TighteningError };

const fail = (error: TighteningError): Checked => ({ ok: false, error });

function checkChange(effective: z.ZodType, change: FieldChange): Checked {
  const path = change.path;
  const found = resolve(effective, path);
  if (!found) return fail({ on: 'path', code: 'no_such_field', path });
  const info = infoOf(found, path);
  if (!(CONSTRAINT_KINDS as readonly string[]).includes(change.kind)) return fail({ on: 'kind', code: 'unknown_kind', kind: String(change.kind) });
  if (!kindsFor(info).includes(change.kind)) return fail({ on: 'kind', code: 'kind_does_not_apply', path, node: info.node, kind: change.kind });
  const value = change.value.trim();
  switch (change.kind) {
    case 'maxLength':
      return upperBound('maxLength', value, path, info.maxLength, info.minLength);
    case 'required': {
      const required = (meaning: Extract<AppliedChange, { kind: 'required' }>['meaning']): Checked => ({ ok: true, patch: { required: true }, applied: { kind: 'required', path, meaning } });
      if (info.nullable) return required('not_null');
      if (info.node === 'array' && (info.minItems ?? 0) < 1) return required('at_least_one_item');
      if (info.node === 'string' && (info.minLength ?? 0) < 1) return required('not_empty');
      return fail({ on: 'value', code: 'already_required', path });
    }
    case 'enum': {
      const values = [...new Set(value.split(',').map((v) => v.trim()).filter(Boolean))];
      if (!values.length) return fail({ on: 'value', code: 'no_values' });
      if (values.length > MAX_ENUM_VALUES) return fail({ on: 'value', code: 'too_many_values', max: MAX_ENUM_VALUES });
      const inner = unwrap(found).inner;
      const outside = values.filter((v) => !inner.safeParse(v).success);
      if (outside.length) return fail({ on: 'value', code: 'values_not_allowed', path, outside, allowed: info.enumValues });
      if (info.enumValues && values.length >= info.enumValues.length) return fail({ on: 'value', code: 'values_not_tighter', path, allowed: info.enumValues });
      return { ok: true, patch: { enum: values }, applied: { kind: 'enum', path, values } };
    }
    case 'pattern': {
      if (!value) return fail({ on: 'value', code: 'no_pattern' });
      if (value.length > MAX_PATTERN_LENGTH) return fail({ on: 'value', code: 'pattern_too_long', max: MAX_PATTERN_LENGTH });
      // Whether one pattern is tighter than another cannot be told, so a field holds one.
      const existing = patternOf(unwrap(found).inner);
      if (existing) return fail({ on: 'value', code: 'pattern_in_force', path, existing });
      try {
        new RegExp(value);
      } catch (error) {
        return fail({ on: 'value', code: 'pattern_invalid', detail: error instanceof Error ? error.message : String(error) });
      }
      return { ok: true, patch: { pattern: value }, applied: { kind: 'pattern', path, pattern: value } };
    }
    case 'minItems': {
      const n = wholeNumber(value);
      if (n === undefined || n < 1) return fail({ on: 'value', code: 'not_a_count', kind: 'minItems' });
      if (info.minItems !== null && n <= info.minItems) return fail({ on: 'value', code: 'not_tighter', kind: 'minItems', path, current: info.minItems });
      if (info.maxItems !== null && n > info.maxItems) return fail({ on: 'value', code: 'conflicts', kind: 'minItems', path, bound: info.maxItems, asked: n });
      return { ok: true, patch: { minItems: n }, applied: { kind: 'minItems', path, min: n } };
    }
    case 'maxItems':
      return upperBound('maxItems', value, path, info.maxItems, info.minItems);
  }
}

/** A new upper bound (maxLength, maxItems): a whole number, tighter than the one in force, not below the lower one. */
function upperBound(kind: 'maxLength' | 'maxItems', value: string, path: string, current: number | null, lower: number | null): Checked {
  const n = wholeNumber(value);
  if (n === undefined || n < 1) return fail({ on: 'value', code: 'not_a_count', kind });
  if (current !== null && n >= current) return fail({ on: 'value', code: 'not_tighter', kind, path, current });
  if (lower !== null && n < lower) return fail({ on: 'value', code: 'conflicts', kind, path, bound: lower, asked: n });
  return { ok: true, patch: { [kind]: n }, applied: { kind, path, max: n } } as Checked;
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
  if (field && !kind) return { ok: false, errors: [{ on: 'kind', code: 'choose_kind' }] };
  if (kind && !field) return { ok: false, errors: [{ on: 'path', code: 'choose_field' }] };
  if (!field && !rule) return { ok: false, errors: [{ on: 'path', code: 'choose_something' }] };
  if (kind && !(CONSTRAINT_KINDS as readonly string[]).includes(kind)) return { ok: false, errors: [{ on: 'kind', code: 'choose_listed_kind' }] };
  const changes = field ? [{ path: field, kind: kind as ConstraintKind, value: form.value ?? '' }] : [];
  return { ok: true, request: { changes, rule } };
}
