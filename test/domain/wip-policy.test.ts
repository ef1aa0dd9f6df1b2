import { describe, expect, it } from 'vitest';
import { admit, parseLimit } from '../../src/domain/wip-policy';

describe('admit', () => {
  it.each([
    [0, 5, true, 1],
    [4, 5, true, 5],
    [5, 5, false, 5],
    [7, 5, false, 7],
    [0, 1, true, 1],
    [1, 1, false, 1],
  ])('%i open of %i → admitted=%s, open after=%i', (open, limit, admitted, after) => {
    expect(admit(open, limit)).toEqual({ admitted, open: after, limit });
  });
});

describe('parseLimit', () => {
  it.each([
    ['1', 1],
    ['50', 50],
    [' 7 ', 7],
  ])('accepts %j', (raw, limit) => {
    expect(parseLimit(raw)).toEqual({ ok: true, limit });
  });

  it.each([
    ['0', 'from 1 to 50'],
    ['51', 'from 1 to 50'],
    ['-3', 'whole number'],
    ['2.5', 'whole number'],
    ['five', 'whole number'],
  ])('refuses %j with a message', (raw, words) => {
    const result = parseLimit(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(words);
  });
});
