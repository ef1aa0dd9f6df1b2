import { describe, expect, it } from 'vitest';
import { messagePermalink, slackRefsIn } from '../../src/domain/slack-refs';

describe('slackRefsIn', () => {
  it.each([
    ['summarise <#C0ENG123|eng> since monday', [{ kind: 'channel', channelId: 'C0ENG123', name: 'eng' }]],
    ['<#G0PRIV|secret> and <#C0ENG123> and <#C0ENG123|eng>', [{ kind: 'channel', channelId: 'G0PRIV', name: 'secret' }, { kind: 'channel', channelId: 'C0ENG123', name: null }]],
    [
      'triage <https://acme.slack.com/archives/C0ALERTS/p1764754200123456>',
      [{ kind: 'thread', channelId: 'C0ALERTS', ts: '1764754200.123456', permalink: 'https://acme.slack.com/archives/C0ALERTS/p1764754200123456' }],
    ],
    [
      'https://acme.slack.com/archives/C0ALERTS/p1764754299000100?thread_ts=1764754200.123456&amp;cid=C0ALERTS',
      [{ kind: 'thread', channelId: 'C0ALERTS', ts: '1764754200.123456', permalink: 'https://acme.slack.com/archives/C0ALERTS/p1764754299000100?thread_ts=1764754200.123456&cid=C0ALERTS' }],
    ],
    ['no refs, just #eng typed by hand', []],
  ])('%s', (text, expected) => expect(slackRefsIn(text)).toEqual(expected));
});

describe('messagePermalink', () => {
  it.each([
    ['https://example.slack.com/', 'C1', '1700000000.000100', undefined, 'https://example.slack.com/archives/C1/p1700000000000100'],
    ['https://example.slack.com', 'C1', '1700000001.000200', '1700000000.000100', 'https://example.slack.com/archives/C1/p1700000001000200?thread_ts=1700000000.000100&cid=C1'],
    ['https://example.slack.com/', 'C1', '1700000000.000100', '1700000000.000100', 'https://example.slack.com/archives/C1/p1700000000000100'],
  ])('%s %s %s %s', (url, ch, ts, thread, expected) => expect(messagePermalink(url, ch, ts, thread)).toBe(expected));
});
