import { describe, expect, it } from 'vitest';
import { slackAccess, type ConversationFacts } from '../../src/domain/slack-access';

const pub: ConversationFacts = { channelId: 'C1', name: 'eng', isPrivate: false, isDirect: false, isArchived: false, botIsMember: true };

describe('slackAccess', () => {
  it.each([
    ['public, bot in', pub, null, null],
    ['public, bot not in', { ...pub, botIsMember: false }, null, 'bot_not_in_channel'],
    ['private, both in', { ...pub, isPrivate: true }, true, null],
    ['private, person not in', { ...pub, isPrivate: true }, false, 'person_not_in_channel'],
    ['private, person not asked', { ...pub, isPrivate: true }, null, 'person_not_in_channel'],
    ['private, bot not in', { ...pub, isPrivate: true, botIsMember: false }, true, 'bot_not_in_channel'],
    ['DM', { ...pub, isDirect: true, isPrivate: true }, true, 'direct_message'],
    ['archived', { ...pub, isArchived: true }, null, 'archived'],
  ] as const)('%s', (_name, facts, member, code) => {
    expect(slackAccess(facts, member)?.code ?? null).toBe(code);
  });

  it.each([
    ['a guest in the public channel', pub, true, null],
    ['a guest not in the public channel', pub, false, 'person_not_in_channel'],
    ['a guest, membership not asked', pub, null, 'person_not_in_channel'],
  ] as const)('%s', (_name, facts, member, code) => {
    expect(slackAccess(facts, member, true)?.code ?? null).toBe(code);
  });
});
