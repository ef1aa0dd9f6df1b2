import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGitHubDelivery } from '../../src/domain/github-events';

const delivery = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/github-webhooks/${name}.json`, import.meta.url), 'utf8'));
const key = 'codertocat/hello-world#2';

describe('parseGitHubDelivery (real delivery bodies)', () => {
  it.each([
    ['pull_request.opened', { kind: 'pr_ready', key, draft: false }],
    ['pull_request.reopened', { kind: 'pr_ready', key, draft: false }],
    ['pull_request.ready_for_review', { kind: 'pr_ready', key, draft: false }],
    ['pull_request.synchronize', { kind: 'pr_updated', key }],
    ['pull_request.closed', { kind: 'pr_closed', key }],
  ])('%s', (name, event) => {
    const parsed = parseGitHubDelivery('pull_request', delivery(name));
    expect(parsed.kind).toBe('pull_request');
    if (parsed.kind !== 'pull_request') return;
    expect(parsed.pr).toMatchObject({ owner: 'Codertocat', repo: 'Hello-World', number: 2, url: 'https://github.com/Codertocat/Hello-World/pull/2', author: 'Codertocat' });
    expect(parsed.pr.event).toEqual(event);
  });

  it('a PR opened as a draft is marked so (it waits for ready_for_review)', () => {
    const body = delivery('pull_request.opened');
    body.pull_request.draft = true;
    const parsed = parseGitHubDelivery('pull_request', body);
    expect(parsed.kind === 'pull_request' && parsed.pr.event).toEqual({ kind: 'pr_ready', key, draft: true });
  });

  it.each([
    ['ping', 'ping', delivery('ping'), { kind: 'ping' }],
    ['converted to draft', 'pull_request', delivery('pull_request.converted_to_draft'), { kind: 'ignored', event: 'pull_request', action: 'converted_to_draft' }],
    ['another event', 'push', { ref: 'refs/heads/main' }, { kind: 'ignored', event: 'push', action: null }],
  ])('%s', (_name, event, body, expected) => expect(parseGitHubDelivery(event, body)).toEqual(expected));

  it('a pull_request body missing what we need is malformed, with why', () => {
    const parsed = parseGitHubDelivery('pull_request', { action: 'opened', number: 2 });
    expect(parsed.kind).toBe('malformed');
  });
});
