import { z } from 'zod';
import type { Node } from './walk';

/**
 * The constraint model stored with each spec version, and the requests and answers of a
 * tightening. Paths name fields through nested objects and arrays: `title`,
 * `findings.source`, `action_items.owner`.
 */

export const CONSTRAINT_KINDS = ['maxLength', 'required', 'enum', 'pattern', 'minItems', 'maxItems'] as const;
export type ConstraintKind = (typeof CONSTRAINT_KINDS)[number];

export const fieldConstraint = z.object({
  path: z.string().min(1),
  maxLength: z.number().int().min(1).optional(),
  required: z.literal(true).optional(),
  enum: z.array(z.string().min(1)).min(1).optional(),
  pattern: z.string().min(1).optional(),
  minItems: z.number().int().min(0).optional(),
  maxItems: z.number().int().min(1).optional(),
});
export type FieldConstraint = z.infer<typeof fieldConstraint>;

/** Parsed whenever read from jsonb. */
export const specConstraints = z.object({
  fields: z.array(fieldConstraint).default([]),
  rules: z.array(z.string().min(1)).default([]),
});
export type SpecConstraints = z.infer<typeof specConstraints>;

export const EMPTY_CONSTRAINTS: SpecConstraints = { fields: [], rules: [] };

/** One requested change, as a person (modal) or the spec-coach (artifact) states it: values are text. */
export interface FieldChange {
  path: string;
  kind: ConstraintKind;
  value: string;
}

export interface TighteningRequest {
  changes: readonly FieldChange[];
  rule: string | null;
}

/**
 * Why a tightening (or the Tighten form) was refused, and on which input (`on`): coded, with
 * what the words need; views/spec-constraints.ts words it.
 */
export type TighteningError =
  | { on: 'path'; code: 'choose_field' }
  | { on: 'path'; code: 'choose_something' }
  | { on: 'path'; code: 'no_such_field'; path: string }
  | { on: 'kind'; code: 'choose_kind' }
  | { on: 'kind'; code: 'choose_listed_kind' }
  | { on: 'kind'; code: 'nothing_to_tighten' }
  | { on: 'kind'; code: 'unknown_kind'; kind: string }
  | { on: 'kind'; code: 'kind_does_not_apply'; path: string; node: Node; kind: ConstraintKind }
  | { on: 'value'; code: 'not_a_count'; kind: 'maxLength' | 'minItems' | 'maxItems' }
  | { on: 'value'; code: 'not_tighter'; kind: 'maxLength' | 'minItems' | 'maxItems'; path: string; current: number }
  | { on: 'value'; code: 'conflicts'; kind: 'maxLength' | 'minItems' | 'maxItems'; path: string; bound: number; asked: number }
  | { on: 'value'; code: 'already_required'; path: string }
  | { on: 'value'; code: 'no_values' }
  | { on: 'value'; code: 'too_many_values'; max: number }
  | { on: 'value'; code: 'values_not_allowed'; path: string; outside: string[]; allowed: string[] | null }
  | { on: 'value'; code: 'values_not_tighter'; path: string; allowed: string[] }
  | { on: 'value'; code: 'no_pattern' }
  | { on: 'value'; code: 'pattern_too_long'; max: number }
  | { on: 'value'; code: 'pattern_in_force'; path: string; existing: string }
  | { on: 'value'; code: 'pattern_invalid'; detail: string }
  | { on: 'rule'; code: 'rule_too_long'; max: number }
  | { on: 'rule'; code: 'rule_in_force' }
  | { on: 'rule'; code: 'too_many_rules'; max: number };

/** Why a tightening was refused before it was checked: the agent has no spec to tighten, or the person may not change it for everyone. */
export type TighteningRefusal = TighteningError | { on: 'agent'; code: 'unknown_agent'; agent: string } | { on: 'everyone'; code: 'not_admin' };

/** One change a tightening made, as data; views/spec-constraints.ts words it (and the words are kept with the version). */
export type AppliedChange =
  | { kind: 'maxLength'; path: string; max: number }
  | { kind: 'required'; path: string; meaning: 'not_null' | 'at_least_one_item' | 'not_empty' }
  | { kind: 'enum'; path: string; values: string[] }
  | { kind: 'pattern'; path: string; pattern: string }
  | { kind: 'minItems'; path: string; min: number }
  | { kind: 'maxItems'; path: string; max: number }
  | { kind: 'rule'; rule: string };

export type TighteningResult =
  | { ok: true; constraints: SpecConstraints; applied: AppliedChange[] }
  | { ok: false; errors: TighteningError[] };

export const MAX_RULE_LENGTH = 300;
