import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors/app-error';
import { publishCard } from '../../src/use-cases/publish-card';
import { ACTIONS } from '../../src/views/slack-ids';
import { useFakeDeps } from '../support/fake-deps';
import { delegated, itemRow, ranToReview, textOf } from '../support/use-case-steps';

const getDeps = useFakeDeps();

describe('publishCard', () => {
  it('the first card is posted where the work was asked, and its location is recorded', async () => {
    const deps = getDeps();
    const item = await delegated(deps, { userId: 'U0CARD1', channelId: 'C0ASK' });
    deps.home.refreshed.length = 0;

    expect(await publishCard(deps, item)).toEqual({});

    const [post] = deps.slack.callsTo('post');
    expect(post).toMatchObject({ channel: 'C0ASK' });
    expect(textOf(post!.message)).toContain('is working on it');
    const row = await itemRow(deps.db, item.id);
    expect({ channel: row.cardChannelId, ts: row.cardTs }).toEqual({ channel: 'C0ASK', ts: expect.stringMatching(/^\d+\.\d+$/) });
    expect(deps.home.refreshed).toEqual(['U0CARD1']); // Home shows the same item
  });

  it('once posted, the card is updated in place, never posted again', async () => {
    const deps = getDeps();
    const reviewed = await ranToReview(deps, { userId: 'U0CARD2', channelId: 'C0ASK' });
    const posted = deps.slack.callsTo('post');
    expect(posted).toHaveLength(1);

    expect(await publishCard(deps, reviewed)).toEqual({});

    expect(deps.slack.callsTo('post')).toHaveLength(1);
    const [update] = deps.slack.callsTo('update');
    expect(update?.at).toEqual({ channel: 'C0ASK', ts: reviewed.cardTs });
    expect(textOf(update!.message)).toContain(ACTIONS.approve);
  });

  it.each(['not_in_channel', 'channel_not_found', 'is_archived'])(
    'a channel that refuses with %s: the card goes to the owner’s DM with a note, and the caller hears it was unreachable',
    async (code) => {
      const deps = getDeps();
      const owner = `U0DM${code.length}`;
      const item = await delegated(deps, { userId: owner, channelId: 'G0PRIVATE' });
      deps.slack.failNext('post', code, { when: (c) => c.channel === 'G0PRIVATE' });

      expect(await publishCard(deps, item)).toEqual({ unreachable: { channelId: 'G0PRIVATE', code } });

      const [refused, dm] = deps.slack.callsTo('post');
      expect(refused).toMatchObject({ channel: 'G0PRIVATE', failed: code });
      expect(dm).toMatchObject({ channel: owner });
      expect(JSON.stringify(dm!.message.blocks?.[0])).toContain("I can't post in <#G0PRIVATE>");
      expect(textOf(dm!.message)).toContain('is working on it'); // the card itself follows the note
      expect(await itemRow(deps.db, item.id)).toMatchObject({ cardChannelId: owner, cardTs: expect.any(String) });
    },
  );

  it('any other refusal is a coded AppError naming the method and code; nothing is recorded', async () => {
    const deps = getDeps();
    const item = await delegated(deps, { userId: 'U0BLOCKS', channelId: 'C0ASK' });
    deps.slack.failNext('post', 'invalid_blocks');

    const error = await publishCard(deps, item).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'slack_api_error', message: expect.stringContaining('chat.postMessage failed: invalid_blocks') });
    expect(deps.slack.callsTo('post')).toHaveLength(1); // no DM fallback for a malformed message
    expect((await itemRow(deps.db, item.id)).cardTs).toBeNull();
  });

  it('Slack unreachable (no platform code) is a coded AppError too', async () => {
    const deps = getDeps();
    const item = await delegated(deps, { userId: 'U0NET', channelId: 'C0ASK' });
    deps.slack.failNext('post', new Error('socket hang up'));
    await expect(publishCard(deps, item)).rejects.toMatchObject({ code: 'slack_api_error', message: expect.stringContaining('socket hang up') });
  });

  it('an item asked in the owner’s own DM has nowhere else to go: the refusal is an AppError', async () => {
    const deps = getDeps();
    const item = await delegated(deps, { userId: 'U0SELF', channelId: 'U0SELF' });
    deps.slack.failNext('post', 'not_in_channel');
    await expect(publishCard(deps, item)).rejects.toMatchObject({ code: 'slack_api_error', message: expect.stringContaining('not_in_channel') });
    expect(deps.slack.callsTo('post')).toHaveLength(1);
  });

  it('the DM fallback refused as well: an AppError, and no card location', async () => {
    const deps = getDeps();
    const item = await delegated(deps, { userId: 'U0NOWHERE', channelId: 'C0GONE' });
    deps.slack.failNext('post', 'channel_not_found');
    deps.slack.failNext('post', 'user_disabled');
    await expect(publishCard(deps, item)).rejects.toMatchObject({ code: 'slack_api_error', message: expect.stringContaining('user_disabled') });
    expect((await itemRow(deps.db, item.id)).cardTs).toBeNull();
  });

  it('an update Slack refuses is a coded AppError naming chat.update', async () => {
    const deps = getDeps();
    const reviewed = await ranToReview(deps, { userId: 'U0UPD', channelId: 'C0ASK' });
    deps.slack.failNext('update', 'message_not_found');
    await expect(publishCard(deps, reviewed)).rejects.toMatchObject({ code: 'slack_api_error', message: expect.stringContaining('chat.update failed: message_not_found') });
  });
});
