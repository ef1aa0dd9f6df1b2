import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldPaths, lengthBounds, mapAt, patternOf, resolve, unwrap } from '../../../src/domain/spec-constraints/walk';

// Shapes the shipped specs do not all use, so the walk through zod's classes is pinned here.
const schema = z.object({
  due: z.iso.date(),
  email: z.string().email().max(40).optional(),
  tag: z.string().exactOptional(),
  code: z.string().regex(/^a/).regex(/z$/).nullable().optional(),
  grid: z.array(z.array(z.object({ cell: z.number().nullable() })).min(2).min(3).max(9).max(7)).optional(),
  pick: z.enum(['p', 'q']).nullable(),
  count: z.number(),
});

describe('fieldPaths', () => {
  it.each([
    ['due', { node: 'string', nullable: false }],
    ['email', { node: 'string', nullable: false, maxLength: 40 }],
    ['tag', { node: 'string', nullable: false }],
    ['code', { node: 'string', nullable: true }],
    ['grid', { node: 'array', nullable: false, minItems: null, maxItems: null }],
    ['grid.cell', { node: 'other', nullable: true }],
    ['pick', { node: 'enum', nullable: true, enumValues: ['p', 'q'] }],
    ['count', { node: 'other', nullable: false }],
  ])('%s', (path, info) => {
    expect(fieldPaths(schema).find((f) => f.path === path)).toMatchObject(info);
  });
});

describe('bounds and patterns from checks', () => {
  it('takes the tightest list bounds', () => {
    expect(lengthBounds(schema.shape.grid.unwrap().element)).toEqual({ min: 3, max: 7 });
  });

  it('reads the first regex only, not a format', () => {
    expect(patternOf(unwrap(schema.shape.code).inner)).toBe('^a');
    expect(patternOf(unwrap(schema.shape.email).inner)).toBeUndefined();
  });
});

describe('resolve and mapAt', () => {
  it('finds a field through lists and wrappers, and nothing at an unknown path', () => {
    expect(resolve(schema, 'grid.cell')).toBe(schema.shape.grid.unwrap().element.element.shape.cell);
    expect(resolve(schema, 'grid.nope')).toBeUndefined();
    expect(resolve(schema, 'count.x')).toBeUndefined();
  });

  it('rebuilds only the path, keeping the wrappers', () => {
    const mapped = mapAt(schema, ['grid', 'cell'], () => z.literal(1));
    expect(mapped.safeParse({ ...valid, grid: [[{ cell: 1 }, { cell: 1 }, { cell: 1 }]] }).success).toBe(true);
    expect(mapped.safeParse({ ...valid, grid: [[{ cell: 2 }, { cell: 1 }, { cell: 1 }]] }).success).toBe(false);
    expect(mapped.safeParse({ ...valid, grid: undefined }).success).toBe(true);
  });
});

const valid = { due: '2026-01-02', pick: null, count: 1 };
