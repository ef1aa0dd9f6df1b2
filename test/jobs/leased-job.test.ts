import { describe, expect, it } from 'vitest';
import { leasedRetryDelayMs } from '../../src/jobs/leased-job';

describe('leased job retry policy', () => {
  it.each([
    [1, 2_000],
    [2, 4_000],
    [3, 8_000],
    [4, 16_000],
    [5, 32_000],
    [6, null],
  ])('attempt %i waits %s ms (null: give up, the work fails visibly with Retry)', (attempt, expected) => {
    expect(leasedRetryDelayMs(attempt)).toBe(expected);
  });
});
