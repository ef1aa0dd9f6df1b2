import { describe, expect, it } from 'vitest';
import { ACTION_LEASE_MS, ActionBusyError, actionRetryDelayMs, runActionData } from '../../src/jobs/run-action-job';

describe('run-action job', () => {
  it('retry policy: a busy execution waits for the lease; other errors back off, then give up', () => {
    expect(actionRetryDelayMs(new ActionBusyError('a'), 1)).toBe(ACTION_LEASE_MS / 5);
    expect(actionRetryDelayMs(new ActionBusyError('a'), 11)).toBeNull();
    expect([1, 2, 3, 4, 5, 6].map((n) => actionRetryDelayMs(new Error('db'), n))).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, null]);
  });

  it.each([
    [{ actionId: '6f1c2a9e-0000-4000-8000-000000000001', runSeq: 1 }, true],
    [{ actionId: '6f1c2a9e-0000-4000-8000-000000000001', runSeq: 0 }, false],
    [{ actionId: 'not-a-uuid', runSeq: 1 }, false],
    [{ runSeq: 1 }, false],
  ])('data %j valid: %s', (data, valid) => {
    expect(runActionData.safeParse(data).success).toBe(valid);
  });
});
