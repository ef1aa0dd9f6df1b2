import { describe, expect, it } from 'vitest';
import { placeComments } from '../../src/domain/review-placement';

const files = [{ path: 'src/a.ts', lines: [10, 11, 12], added: 2, removed: 1 }];

describe('placeComments', () => {
  it.each([
    ['a line the diff shows: inline', { path: 'src/a.ts', line: 11, body: 'x' }, 'inline'],
    ['a line it does not show: body', { path: 'src/a.ts', line: 40, body: 'x' }, 'body'],
    ['the whole file: body', { path: 'src/a.ts', line: null, body: 'x' }, 'body'],
    ['a file not in the diff: body', { path: 'src/b.ts', line: 11, body: 'x' }, 'body'],
  ] as const)('%s', (_name, comment, where) => {
    const placed = placeComments([comment], files);
    expect(placed.inline.length + placed.inBody.length).toBe(1);
    expect(where === 'inline' ? placed.inline : placed.inBody).toEqual([comment]);
  });
});
