import { z } from 'zod';

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

export type TighteningError = { on: 'path' | 'kind' | 'value' | 'rule'; message: string };

export type TighteningResult =
  | { ok: true; constraints: SpecConstraints; change: string }
  | { ok: false; errors: TighteningError[] };

export const MAX_RULE_LENGTH = 300;
