import { describe, expect, it } from 'vitest';
import { changeWatch, unwatch, watch, watchList } from '../../src/use-cases/watches';
import { githubApi } from '../../src/integrations/github/client';
import { useFakeDeps } from '../support/fake-deps';

// The watch commands against a real scratch database (GitHub is configured, never called).
const fake = useFakeDeps();
const getDeps = () => {
  const deps = fake();
  return { ...deps, github: githubApi({ token: 'ghp_unused', apiUrl: 'http://127.0.0.1:9' }, deps.logger) };
};
const gh = { kind: 'github', owner: 'acme', repo: 'web' } as const;

describe('watch', () => {
  it('creates one watch per source and agent; watching again updates it; the setup still missing is said', async () => {
    const deps = getDeps();
    const first = await watch(deps, { userId: 'U1', teamId: null, source: gh, agent: 'pr-review', filters: {}, channelId: null });
    expect(first).toMatchObject({ kind: 'watching', created: true, setup: ['github_webhook_secret'] });
    const again = await watch(deps, { userId: 'U1', teamId: null, source: { kind: 'github', owner: 'ACME', repo: 'Web' }, agent: 'pr-review', filters: {}, channelId: 'C0WEB' });
    expect(again).toMatchObject({ kind: 'watching', created: false, watch: { channelId: 'C0WEB', repo: 'acme/web' } });
    expect(await watchList(deps, 'U1')).toHaveLength(1);
  });

  it('without GITHUB_TOKEN a repository cannot be watched', async () => {
    expect(await watch(fake(), { userId: 'U5', teamId: null, source: gh, agent: 'pr-review', filters: {}, channelId: null })).toEqual({ kind: 'refused', refusal: { code: 'github_not_configured' } });
  });

  it.each([
    ['an agent that reads no PR cannot watch a repository', gh, 'research', { code: 'agent_reads_no_pr', agent: 'research' }],
    ['an agent that needs a repository cannot watch alerts', { kind: 'alerts' } as const, 'deps', { code: 'agent_needs_a_repository', agent: 'deps' }],
    ['an unknown agent', gh, 'nope', { code: 'unknown_agent', agent: 'nope' }],
  ])('refuses %s', async (_name, source, agent, refusal) => {
    const deps = getDeps();
    expect(await watch(deps, { userId: 'U2', teamId: null, source, agent, filters: {}, channelId: null })).toEqual({ kind: 'refused', refusal });
    expect(await watchList(deps, 'U2')).toHaveLength(0);
  });

  it('only its owner pauses or deletes a watch; unwatch removes it by source and agent', async () => {
    const deps = getDeps();
    const made = await watch(deps, { userId: 'U3', teamId: null, source: { kind: 'alerts' }, agent: 'triage', filters: { severity: 'critical' }, channelId: null });
    if (made.kind !== 'watching') throw new Error('not made');
    expect(await changeWatch(deps, 'U4', made.watch.id, 'pause')).toEqual({ ok: false, refusal: { code: 'not_owner', ownerId: 'U3' } });
    expect(await changeWatch(deps, 'U3', made.watch.id, 'pause')).toMatchObject({ ok: true, change: 'paused', watch: { state: 'paused' } });
    expect(await unwatch(deps, 'U3', { kind: 'alerts' }, 'triage')).toMatchObject({ id: made.watch.id });
    expect(await changeWatch(deps, 'U3', made.watch.id, 'resume')).toEqual({ ok: false, refusal: { code: 'watch_not_found' } });
  });
});
