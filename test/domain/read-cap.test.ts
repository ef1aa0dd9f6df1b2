import { describe, expect, it } from 'vitest';
import type { ActionParams } from '../../src/domain/action-plan';
import { mayActAfterReading } from '../../src/domain/read-cap';

const review = (owner: string, repo: string, number: number): ActionParams => ({ kind: 'github_review', owner, repo, number, body: 'b', comments: [] });
const pr = (ref: string, problem: { code: string } | null = null) => ({ kind: 'github_pr' as const, ref, problem });
const page = { kind: 'web_page' as const, ref: 'https://example.com/', problem: null };

describe('mayActAfterReading', () => {
  it.each([
    ['nothing read: acts', [], [{ kind: 'publish', channelId: 'C1' } as ActionParams], true],
    ['only failed reads: acts', [pr('acme/web#1', { code: 'github_not_found' })], [{ kind: 'publish', channelId: 'C1' } as ActionParams], true],
    ['read a page, would post: asks', [page], [{ kind: 'publish', channelId: 'C1' } as ActionParams], false],
    ['read a PR, reviews that PR: acts', [pr('acme/web#1')], [review('acme', 'web', 1)], true],
    ['same PR, other case: acts', [pr('Acme/Web#1')], [review('acme', 'web', 1)], true],
    ['read a PR, reviews another: asks', [pr('acme/web#1')], [review('acme', 'web', 2)], false],
    ['read two PRs, reviews one: asks', [pr('acme/web#1'), pr('acme/web#2')], [review('acme', 'web', 1)], false],
    ['read a PR and a page: asks', [pr('acme/web#1'), page], [review('acme', 'web', 1)], false],
    ['review plus a post: asks', [pr('acme/web#1')], [review('acme', 'web', 1), { kind: 'publish', channelId: 'C1' } as ActionParams], false],
    ['read something, no actions: asks', [pr('acme/web#1')], [], false],
  ] as const)('%s', (_name, reads, actions, expected) => expect(mayActAfterReading(reads, actions)).toBe(expected));
});
