import { describe, expect, it } from 'vitest';
import { admit, parseLimit, type LimitProblem } from '../../src/domain/wip-policy';

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

  it.each<[string, LimitProblem]>([
    ['0', { code: 'out_of_range', asked: 0 }],
    ['51', { code: 'out_of_range', asked: 51 }],
    ['-3', { code: 'not_whole_number' }],
    ['2.5', { code: 'not_whole_number' }],
    ['five', { code: 'not_whole_number' }],
  ])('refuses %j with a coded problem', (raw, problem) => {
    expect(parseLimit(raw)).toEqual({ ok: false, problem });
  });
});
