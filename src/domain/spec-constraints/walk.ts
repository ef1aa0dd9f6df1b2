import { z } from 'zod';

/**
 * Walking a spec's zod schema through zod 4's public classes: which fields it has, what each
 * one is and which bounds it already carries, and rebuilding the schema with one node replaced.
 * Optional and nullable wrappers are looked through; lists are looked through to their items.
 */

export type Node = 'string' | 'enum' | 'array' | 'object' | 'other';

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

/** Text of any format: `z.iso.date()` is a ZodStringFormat, not a ZodString. */
export type Text = z.ZodString | z.ZodStringFormat;
type Wrapper = z.ZodOptional | z.ZodExactOptional | z.ZodNullable;

export function isText(node: z.ZodType): node is Text {
  return node instanceof z.ZodString || node instanceof z.ZodStringFormat;
}

function isWrapper(node: z.ZodType): node is Wrapper {
  return node instanceof z.ZodOptional || node instanceof z.ZodExactOptional || node instanceof z.ZodNullable;
}

/** Containers hand back core types; a spec is built with classic zod, so its parts are classic too. */
function classic(node: z.core.$ZodType): z.ZodType {
  if (node instanceof z.ZodType) return node;
  throw new Error('A spec schema is built with classic zod (`import { z } from "zod"`).');
}

export function unwrap(node: z.ZodType): { inner: z.ZodType; nullable: boolean } {
  let inner = node;
  let nullable = false;
  while (isWrapper(inner)) {
    if (inner instanceof z.ZodNullable) nullable = true;
    inner = classic(inner.unwrap());
  }
  return { inner, nullable };
}

/** Every field of a spec's object schema, depth first (paths for the Tighten modal's select). */
export function fieldPaths(schema: z.ZodType): FieldInfo[] {
  const out: FieldInfo[] = [];
  const walk = (node: z.ZodType, prefix: string) => {
    const inner = unwrap(node).inner;
    if (inner instanceof z.ZodArray) return walk(classic(inner.element), prefix);
    if (!(inner instanceof z.ZodObject)) return;
    for (const [key, child] of Object.entries(inner.shape)) {
      const path = prefix ? `${prefix}.${key}` : key;
      out.push(infoOf(classic(child), path));
      walk(classic(child), path);
    }
  };
  walk(schema, '');
  return out;
}

/** The field at a dotted path, wrappers and all; lists on the way are looked through. */
export function resolve(schema: z.ZodType, path: string): z.ZodType | undefined {
  let node = schema;
  for (const key of path.split('.')) {
    let inner = unwrap(node).inner;
    while (inner instanceof z.ZodArray) inner = unwrap(classic(inner.element)).inner;
    if (!(inner instanceof z.ZodObject) || !Object.hasOwn(inner.shape, key)) return undefined;
    node = classic(inner.shape[key]);
  }
  return node;
}

export function infoOf(node: z.ZodType, path: string): FieldInfo {
  const { inner, nullable } = unwrap(node);
  const text = isText(inner) ? inner : null;
  const items = inner instanceof z.ZodArray ? lengthBounds(inner) : null;
  return {
    path,
    node: nodeOf(inner),
    nullable,
    minLength: text ? text.minLength : null,
    maxLength: text ? text.maxLength : null,
    minItems: items ? items.min : null,
    maxItems: items ? items.max : null,
    enumValues: inner instanceof z.ZodEnum ? inner.options.map(String) : null,
  };
}

function nodeOf(inner: z.ZodType): Node {
  if (isText(inner)) return 'string';
  if (inner instanceof z.ZodEnum) return 'enum';
  if (inner instanceof z.ZodArray) return 'array';
  if (inner instanceof z.ZodObject) return 'object';
  return 'other';
}

/**
 * The length bounds and regex patterns a schema's checks hold. zod 4 lists checks publicly
 * (`.def.checks`) but keeps each one's settings under `_zod.def`: this is the only reader.
 */
function checkSettings(node: z.ZodType): { minima: number[]; maxima: number[]; patterns: RegExp[] } {
  const out = { minima: [] as number[], maxima: [] as number[], patterns: [] as RegExp[] };
  for (const check of node.def.checks ?? []) {
    if (check instanceof z.core.$ZodCheckMinLength) out.minima.push(check._zod.def.minimum);
    else if (check instanceof z.core.$ZodCheckMaxLength) out.maxima.push(check._zod.def.maximum);
    else if (check instanceof z.core.$ZodCheckRegex) out.patterns.push(check._zod.def.pattern);
  }
  return out;
}

/** The tightest `.min()` and `.max()` of a list (null where it has none). */
export function lengthBounds(node: z.ZodType): { min: number | null; max: number | null } {
  const { minima, maxima } = checkSettings(node);
  return { min: minima.length ? Math.max(...minima) : null, max: maxima.length ? Math.min(...maxima) : null };
}

/** The first `.regex()` pattern of a text field, as source. */
export function patternOf(node: z.ZodType): string | undefined {
  return checkSettings(node).patterns[0]?.source;
}

/** Rebuilds `schema` with the node at `path` replaced; arrays and null wrappers are passed through. */
export function mapAt(schema: z.ZodType, path: string[], fn: (node: z.ZodType) => z.ZodType): z.ZodType {
  if (!path.length) return fn(schema);
  if (isWrapper(schema)) return rewrap(schema, mapAt(classic(schema.unwrap()), path, fn));
  if (schema instanceof z.ZodArray) {
    return withDescription(schema.clone({ ...schema.def, element: mapAt(classic(schema.element), path, fn) }), schema);
  }
  if (schema instanceof z.ZodObject) {
    const [key, ...rest] = path;
    const child = schema.shape[key!];
    if (!child) return schema;
    return withDescription(schema.clone({ ...schema.def, shape: { ...schema.shape, [key!]: mapAt(classic(child), rest, fn) } }), schema);
  }
  return schema;
}

/** Applies `fn` under any null wrapper, keeping the wrapper. */
export function mapInner(node: z.ZodType, fn: (inner: z.ZodType) => z.ZodType): z.ZodType {
  return isWrapper(node) ? rewrap(node, mapInner(classic(node.unwrap()), fn)) : fn(node);
}

/** The same wrapper (its settings kept) around a new inner schema. */
function rewrap(wrapper: Wrapper, inner: z.ZodType): z.ZodType {
  // One clone() per class: on the union, TypeScript cannot check the def.
  const next =
    wrapper instanceof z.ZodNullable
      ? wrapper.clone({ ...wrapper.def, innerType: inner })
      : wrapper instanceof z.ZodOptional
        ? wrapper.clone({ ...wrapper.def, innerType: inner })
        : wrapper.clone({ ...wrapper.def, innerType: inner });
  return withDescription(next, wrapper);
}

/** zod 4 drops `.describe()` metadata on clone with a new def: carry it over. */
export function withDescription(next: z.ZodType, from: z.ZodType): z.ZodType {
  const description = from.description;
  return description && next.description !== description ? next.describe(description) : next;
}
