import { describe, expect, it } from 'vitest';
import { runActionData } from '../../src/jobs/run-action-job';

describe('run-action job', () => {
  it.each([
    [{ actionId: '6f1c2a9e-0000-4000-8000-000000000001', runSeq: 1 }, true],
    [{ actionId: '6f1c2a9e-0000-4000-8000-000000000001', runSeq: 0 }, false],
    [{ actionId: 'not-a-uuid', runSeq: 1 }, false],
    [{ runSeq: 1 }, false],
  ])('data %j valid: %s', (data, valid) => {
    expect(runActionData.safeParse(data).success).toBe(valid);
  });
});
