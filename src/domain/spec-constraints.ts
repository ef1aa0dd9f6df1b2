import { z } from 'zod';

/**
 * Tightened specs, pure: the constraint model stored with each spec version, the check of
 * a requested tightening against the spec, and `applyConstraints`, which turns constraints
 * into real zod checks, so the JSON Schema sent to the model and the validation of its
 * output come from the same schema. Paths name fields through nested objects and arrays:
 * `title`, `findings.source`, `action_items.owner`.
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
const MAX_RULES = 20;
const MAX_ENUM_VALUES = 50;
const MAX_PATTERN_LENGTH = 200;

type Node = 'string' | 'enum' | 'array' | 'object' | 'other';

/** What a field is and which bounds it already has (after unwrapping null). */
export interface FieldInfo {
  path: string;
  node: Node;
  nullable: boolean;
  minLength: number | null;
  maxLength: number | null;
  minItems: number | null;
  maxItems: number | null;
  enumValues: string[] | null;
}

/** Every field of a spec's object schema, depth first (paths for the Tighten modal's select). */
export function fieldPaths(schema: z.ZodType): FieldInfo[] {
  const out: FieldInfo[] = [];
  const walk = (node: z.ZodType, prefix: string) => {
    const inner = unwrap(node).inner;
    const def = inner._zod.def as any;
    if (def.type === 'array') return walk(def.element, prefix);
    if (def.type !== 'object') return;
    for (const [key, child] of Object.entries<z.ZodType>(def.shape)) {
      const path = prefix ? `${prefix}.${key}` : key;
      out.push(infoOf(child, path));
      walk(child, path);
    }
  };
  walk(schema, '');
  return out;
}

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

export const KIND_WORDS: Record<ConstraintKind, string> = {
  maxLength: 'a maximum length',
  required: 'required',
  enum: 'allowed values',
  pattern: 'a pattern',
  minItems: 'a minimum count of items',
  maxItems: 'a maximum count of items',
};

function describeNode(info: FieldInfo): string {
  const words: Record<Node, string> = { string: 'text', enum: 'a choice', array: 'a list', object: 'a group of fields', other: 'a number or yes/no' };
  return words[info.node];
}

function merge(constraints: SpecConstraints, path: string, patch: Patch): SpecConstraints {
  const existing = constraints.fields.find((f) => f.path === path);
  const fields = existing
    ? constraints.fields.map((f) => (f.path === path ? { ...f, ...patch } : f))
    : [...constraints.fields, { path, ...patch }];
  return { ...constraints, fields };
}

/**
 * A new schema in which every constraint is a real zod check (so `z.toJSONSchema` carries
 * it: maxLength, pattern, enum, minItems/maxItems, non-null) and the rules are the top-level
 * description. Descriptions of changed fields are kept.
 */
export function applyConstraints<T>(schema: z.ZodType<T>, constraints: SpecConstraints): z.ZodType<T> {
  let out: z.ZodType = schema;
  for (const field of constraints.fields) {
    out = mapAt(out, field.path.split('.'), (node) => constrain(node, field));
  }
  if (constraints.rules.length) out = out.describe(rulesDescription(constraints.rules));
  return out as z.ZodType<T>;
}

export function rulesDescription(rules: readonly string[]): string {
  return `Rules every answer must follow:\n${rules.map((r) => `- ${r}`).join('\n')}`;
}

/** The spec's prompt with the free-text rules appended as a list. */
export function promptWithRules(prompt: string, rules: readonly string[]): string {
  return rules.length ? `${prompt}\n\n${rulesDescription(rules)}` : prompt;
}

function constrain(node: z.ZodType, field: FieldConstraint): z.ZodType {
  let out = node;
  const { inner, nullable } = unwrap(out);
  if (field.required && nullable) out = withDescription(inner, out);
  out = mapInner(out, (n) => {
    let s = n;
    const type = (s._zod.def as any).type;
    if (field.required && type === 'array' && minItemsOf(s) < 1) s = (s as z.ZodArray).min(1);
    if (field.required && type === 'string' && ((s as z.ZodString).minLength ?? 0) < 1) s = (s as z.ZodString).min(1);
    if (field.enum) s = z.enum(field.enum as [string, ...string[]]);
    if (field.maxLength !== undefined && type === 'string' && !field.enum) s = (s as z.ZodString).max(field.maxLength);
    if (field.pattern !== undefined && type === 'string' && !field.enum) s = (s as z.ZodString).regex(new RegExp(field.pattern));
    if (field.minItems !== undefined && type === 'array') s = (s as z.ZodArray).min(field.minItems);
    if (field.maxItems !== undefined && type === 'array') s = (s as z.ZodArray).max(field.maxItems);
    return withDescription(s, n);
  });
  return withDescription(out, node);
}

/** Rebuilds `schema` with the node at `path` replaced; arrays and null wrappers are passed through. */
function mapAt(schema: z.ZodType, path: string[], fn: (node: z.ZodType) => z.ZodType): z.ZodType {
  if (!path.length) return fn(schema);
  const def = schema._zod.def as any;
  switch (def.type) {
    case 'nullable':
    case 'optional':
      return withDescription(schema.clone({ ...def, innerType: mapAt(def.innerType, path, fn) }), schema);
    case 'array':
      return withDescription(schema.clone({ ...def, element: mapAt(def.element, path, fn) }), schema);
    case 'object': {
      const [key, ...rest] = path;
      const child = def.shape[key!];
      if (!child) return schema;
      return withDescription(schema.clone({ ...def, shape: { ...def.shape, [key!]: mapAt(child, rest, fn) } }), schema);
    }
    default:
      return schema;
  }
}

function resolve(schema: z.ZodType, path: string): z.ZodType | undefined {
  let node: z.ZodType | undefined = schema;
  for (const key of path.split('.')) {
    let def = unwrap(node!).inner._zod.def as any;
    while (def.type === 'array') def = unwrap(def.element).inner._zod.def as any;
    if (def.type !== 'object' || !Object.hasOwn(def.shape, key)) return undefined;
    node = def.shape[key];
  }
  return node;
}

function infoOf(node: z.ZodType, path: string): FieldInfo {
  const { inner, nullable } = unwrap(node);
  const def = inner._zod.def as any;
  const type: string = def.type;
  const nodeType: Node = type === 'string' ? 'string' : type === 'enum' ? 'enum' : type === 'array' ? 'array' : type === 'object' ? 'object' : 'other';
  const str = inner as z.ZodString;
  return {
    path,
    node: nodeType,
    nullable,
    minLength: nodeType === 'string' ? (str.minLength ?? null) : null,
    maxLength: nodeType === 'string' ? (str.maxLength ?? null) : null,
    minItems: nodeType === 'array' ? lengthCheck(inner, 'min_length') : null,
    maxItems: nodeType === 'array' ? lengthCheck(inner, 'max_length') : null,
    enumValues: nodeType === 'enum' ? (inner as z.ZodEnum).options.map(String) : null,
  };
}

function lengthCheck(node: z.ZodType, check: 'min_length' | 'max_length'): number | null {
  const values = ((node._zod.def as any).checks ?? [])
    .map((c: any) => c._zod.def)
    .filter((d: any) => d.check === check)
    .map((d: any) => (check === 'min_length' ? d.minimum : d.maximum) as number);
  if (!values.length) return null;
  return check === 'min_length' ? Math.max(...values) : Math.min(...values);
}

function patternOf(node: z.ZodType): string | undefined {
  const check = ((node._zod.def as any).checks ?? []).map((c: any) => c._zod.def).find((d: any) => d.format === 'regex');
  return check?.pattern instanceof RegExp ? check.pattern.source : undefined;
}

function minItemsOf(node: z.ZodType): number {
  return lengthCheck(node, 'min_length') ?? 0;
}

function unwrap(node: z.ZodType): { inner: z.ZodType; nullable: boolean } {
  let inner = node;
  let nullable = false;
  for (;;) {
    const def = inner._zod.def as any;
    if (def.type === 'nullable') nullable = true;
    if (def.type !== 'nullable' && def.type !== 'optional') return { inner, nullable };
    inner = def.innerType;
  }
}

/** Applies `fn` under any null wrapper, keeping the wrapper. */
function mapInner(node: z.ZodType, fn: (inner: z.ZodType) => z.ZodType): z.ZodType {
  const def = node._zod.def as any;
  if (def.type === 'nullable' || def.type === 'optional') {
    return withDescription(node.clone({ ...def, innerType: mapInner(def.innerType, fn) }), node);
  }
  return fn(node);
}

/** zod 4 drops `.describe()` metadata on clone with a new def: carry it over. */
function withDescription(next: z.ZodType, from: z.ZodType): z.ZodType {
  const description = from.description;
  return description && next.description !== description ? next.describe(description) : next;
}

function wholeNumber(value: string): number | undefined {
  return /^\d{1,6}$/.test(value) ? Number(value) : undefined;
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
