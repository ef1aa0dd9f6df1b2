import { describe, expect, it } from 'vitest';
import { parseWatchCommand, watchKey } from '../../src/domain/watch-grammar';

const gh = { kind: 'github', owner: 'acme', repo: 'web' } as const;

describe('parseWatchCommand', () => {
  it.each([
    ['research: watch this space', null],
    ['watch: the queue', null],
    ['watching', { kind: 'watching' }],
    ['watch acme/web pr-review', { kind: 'watch', source: gh, agent: 'pr-review', filters: {}, channelId: null }],
    ['watch acme/web PR-Review to <#C0WEB|web-reviews>', { kind: 'watch', source: gh, agent: 'pr-review', filters: {}, channelId: 'C0WEB' }],
    ['watch alerts triage', { kind: 'watch', source: { kind: 'alerts' }, agent: 'triage', filters: {}, channelId: null }],
    [
      'watch alerts triage severity=critical receiver=ops label:team=payments to <#C0OPS>',
      { kind: 'watch', source: { kind: 'alerts' }, agent: 'triage', filters: { severity: 'critical', receiver: 'ops', labels: { team: 'payments' } }, channelId: 'C0OPS' },
    ],
    ['unwatch acme/web pr-review', { kind: 'unwatch', source: gh, agent: 'pr-review' }],
    ['unwatch alerts triage', { kind: 'unwatch', source: { kind: 'alerts' }, agent: 'triage' }],
    ['watch', { kind: 'watch_invalid', reason: { code: 'watch_usage' } }],
    ['watch acme pr-review', { kind: 'watch_invalid', reason: { code: 'watch_usage' } }],
    ['watch acme/web', { kind: 'watch_invalid', reason: { code: 'watch_usage' } }],
    ['watch acme/web pr-review to #web', { kind: 'watch_invalid', reason: { code: 'watch_usage' } }],
    ['watch alerts triage sev=1', { kind: 'watch_invalid', reason: { code: 'bad_filter', filter: 'sev=1' } }],
    ['watch acme/web pr-review severity=critical', { kind: 'watch_invalid', reason: { code: 'filters_need_alerts' } }],
    ['unwatch acme/web', { kind: 'watch_invalid', reason: { code: 'unwatch_usage' } }],
    ['unwatch acme/web pr-review extra', { kind: 'watch_invalid', reason: { code: 'unwatch_usage' } }],
  ])('%s', (text, expected) => expect(parseWatchCommand(text)).toEqual(expected));
});

describe('watchKey', () => {
  it('is the same whatever the case of the repository', () => {
    expect(watchKey({ kind: 'github', owner: 'Acme', repo: 'Web' }, 'pr-review')).toBe(watchKey(gh, 'pr-review'));
    expect(watchKey({ kind: 'alerts' }, 'triage')).toBe('alerts:triage');
  });
});
