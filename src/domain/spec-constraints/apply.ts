import { z } from 'zod';
import { rulesDescription } from './describe';
import type { FieldConstraint, SpecConstraints } from './model';
import { isText, lengthBounds, mapAt, mapInner, unwrap, withDescription } from './walk';

/**
 * A new schema in which every constraint is a real zod check (so `z.toJSONSchema` carries
 * it: maxLength, pattern, enum, minItems/maxItems, non-null) and the rules are the top-level
 * description. Descriptions of changed fields are kept. The JSON Schema sent to the model and
 * the validation of its output so come from the same schema.
 */
export function applyConstraints<T>(schema: z.ZodType<T>, constraints: SpecConstraints): z.ZodType<T> {
  let out: z.ZodType = schema;
  for (const field of constraints.fields) {
    out = mapAt(out, field.path.split('.'), (node) => constrain(node, field));
  }
  if (constraints.rules.length) out = out.describe(rulesDescription(constraints.rules));
  return out as z.ZodType<T>;
}

function constrain(node: z.ZodType, field: FieldConstraint): z.ZodType {
  let out = node;
  const { inner, nullable } = unwrap(out);
  if (field.required && nullable) out = withDescription(inner, out);
  out = mapInner(out, (n) => withDescription(checked(n, field), n));
  return withDescription(out, node);
}

/** The field's own schema (under any null wrapper) with the constraint's checks added. */
function checked(node: z.ZodType, field: FieldConstraint): z.ZodType {
  // An enum replaces the field's schema outright: it is tighter than any text check.
  if (field.enum) return z.enum(field.enum);
  if (isText(node)) {
    let s = node;
    if (field.required && (s.minLength ?? 0) < 1) s = s.min(1);
    if (field.maxLength !== undefined) s = s.max(field.maxLength);
    if (field.pattern !== undefined) s = s.regex(new RegExp(field.pattern));
    return s;
  }
  if (node instanceof z.ZodArray) {
    let s = node;
    if (field.required && (lengthBounds(s).min ?? 0) < 1) s = s.min(1);
    if (field.minItems !== undefined) s = s.min(field.minItems);
    if (field.maxItems !== undefined) s = s.max(field.maxItems);
    return s;
  }
  return node;
}
