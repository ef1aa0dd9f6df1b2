import { describe, expect, it } from 'vitest';
import { dependencyBotOf, ecosystemOfBranch, upgradesIn } from '../../src/domain/dependency-prs';

describe('dependencyBotOf', () => {
  it.each([
    ['dependabot[bot]', 'feature', 'dependabot'],
    ['renovate[bot]', 'anything', 'renovate'],
    ['ci-user', 'renovate/lodash-4.x', 'renovate'],
    ['ana', 'dependabot/npm_and_yarn/lodash-4.17.21', 'dependabot'],
    ['ana', 'fix/dependabot-config', null],
    ['dependabot-fan', 'main', null],
  ])('%s on %s → %s', (author, branch, expected) => expect(dependencyBotOf({ author, branch })).toBe(expected));
});

describe('upgradesIn', () => {
  it.each([
    ['Bump lodash from 4.17.20 to 4.17.21', [{ name: 'lodash', from: '4.17.20', to: '4.17.21' }]],
    ['chore(deps): bump github.com/gin-gonic/gin from 1.9.0 to 1.9.1 in /api', [{ name: 'github.com/gin-gonic/gin', from: '1.9.0', to: '1.9.1' }]],
    ['Update dependency express to v4.19.2', [{ name: 'express', from: null, to: '4.19.2' }]],
    ['fix(deps): update module golang.org/x/net to v0.23.0 [security]', [{ name: 'golang.org/x/net', from: null, to: '0.23.0' }]],
    ['Update Rust crate serde to 1.0.200', [{ name: 'serde', from: null, to: '1.0.200' }]],
    ['Bump express and body-parser', [{ name: 'express', from: null, to: null }, { name: 'body-parser', from: null, to: null }]],
    ['Bump the npm_and_yarn group across 1 directory with 2 updates', []],
    ['Add a retry budget', []],
  ])('%s', (title, expected) => expect(upgradesIn(title)).toEqual(expected));
});

describe('ecosystemOfBranch', () => {
  it.each([
    ['dependabot/npm_and_yarn/lodash-4.17.21', 'npm'],
    ['dependabot/go_modules/api/golang.org/x/net-0.23.0', 'go'],
    ['dependabot/cargo/serde-1.0.200', 'cargo'],
    ['dependabot/github_actions/actions/checkout-4', null],
    ['renovate/lodash-4.x', null],
  ])('%s → %s', (branch, expected) => expect(ecosystemOfBranch(branch)).toBe(expected));
});
