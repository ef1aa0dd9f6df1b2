import { afterAll, describe, expect, it } from 'vitest';
import { LogLevel } from '@slack/logger';
import { githubApi } from '../../../src/integrations/github/client';
import { openIssue, takeBack } from '../../../src/use-cases/actions/github';
import { startFakeGitHub } from '../../support/fake-github';
import { addHands } from '../../support/fake-github-hands';

// The issue hand against the loopback fake GitHub, through the real Octokit client.
const gh = await startFakeGitHub();
const hands = addHands(gh);
afterAll(() => gh.close());
const logger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.INFO, setName() {} };
const deps = { github: githubApi({ token: 'ghp_test', apiUrl: gh.apiUrl }, logger) };
const draft = { owner: 'acme', repo: 'web', title: 'Upgrade plan', body: 'Bump @\u200dfoo first.' };

describe('openIssue', () => {
  it('opens one issue with its marker; a second attempt for the same action finds it instead of opening another', async () => {
    const first = await openIssue(deps, 'action-1', draft);
    expect(first).toEqual({ kind: 'github_issue', owner: 'acme', repo: 'web', number: 1, url: 'https://github.com/acme/web/issues/1' });
    expect(hands.issues[0]!.body).toMatch(/^Bump @\u200dfoo first\.\n\n---\n<sub>.*<\/sub>\n<!-- delegate:action:action-1 -->$/s);
    expect(await openIssue(deps, 'action-1', draft)).toEqual(first);
    expect(hands.issues).toHaveLength(1);
    await openIssue(deps, 'action-2', draft);
    expect(hands.issues).toHaveLength(2);
  });

  it('an answer lost after GitHub opened the issue: the retry finds it by its marker', async () => {
    hands.loseNextAnswer();
    await expect(openIssue(deps, 'action-3', draft)).rejects.toMatchObject({ status: 502 });
    const opened = hands.issues.length;
    const again = await openIssue(deps, 'action-3', draft);
    expect(hands.issues).toHaveLength(opened);
    expect(hands.issues.find((i) => i.number === again.number)!.body).toContain('delegate:action:action-3');
  });

  it('undo closes the issue as not planned and says it was withdrawn (a token cannot delete issues)', async () => {
    const issue = await openIssue(deps, 'action-4', draft);
    await takeBack(deps, 'action-4', issue);
    expect(hands.issues.find((i) => i.number === issue.number)).toMatchObject({ state: 'closed', stateReason: 'not_planned', body: expect.stringMatching(/^Withdrawn: /) });
  });

  it('without a token the hand says so instead of failing obscurely', async () => {
    await expect(openIssue({ github: undefined }, 'action-5', draft)).rejects.toMatchObject({ code: 'github_not_configured' });
  });
});
