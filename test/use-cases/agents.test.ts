import { describe, expect, it } from 'vitest';
import { agentInfos } from '../../src/use-cases/agents';

describe('agentInfos', () => {
  it('the GitHub agents say they need GITHUB_TOKEN when this Delegate has none, and only then', () => {
    const needs = (deps?: Parameters<typeof agentInfos>[0]) => agentInfos(deps).filter((a) => a.needs).map((a) => [a.name, a.needs]);
    expect(needs()).toEqual(expect.arrayContaining([['pr-review', 'GITHUB_TOKEN'], ['pr-summary', 'GITHUB_TOKEN']]));
    expect(needs().map(([name]) => name)).not.toContain('research');
    expect(needs({ github: {} as never })).toEqual([]);
  });
});
