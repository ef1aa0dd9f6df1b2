import type { App, BlockAction } from '@slack/bolt';
import { AppError } from '../../errors/app-error';
import type { Deps } from '../../use-cases/deps';
import { changeWatch, watchList } from '../../use-cases/watches';
import { errorMessage } from '../../views/messages';
import { mention, mrkdwn } from '../../views/kit';
import { WATCH_ACTIONS, decodeJson, watchRef } from '../../views/slack-ids';
import { watchListMessage } from '../../views/watches';
import { blockAction } from '../payloads';

const CHANGES = { [WATCH_ACTIONS.pause]: 'pause', [WATCH_ACTIONS.resume]: 'resume', [WATCH_ACTIONS.remove]: 'delete' } as const;
const NOTES = { paused: mrkdwn`Paused: its events are not taken in until you resume it.`, resumed: mrkdwn`Resumed.`, deleted: mrkdwn`Deleted.` } as const;

/** Pause, Resume and Delete on the watch list (from `/delegate watching` or Home): act, then redraw. */
export function register(app: App, deps: Deps): void {
  for (const [actionId, change] of Object.entries(CHANGES)) {
    app.action<BlockAction>(actionId, async ({ ack, body, respond }) => {
      await ack();
      const payload = blockAction.parse(body);
      const ref = decodeJson(watchRef, payload.actions[0]!.value);
      if (!ref) throw new AppError('payload_invalid', `Unreadable watch button ${actionId}`, 'That button could not be read. Nothing changed.');
      const actor = payload.user.id;
      const result = await changeWatch(deps, actor, ref.watchId, change);
      if (!result.ok) {
        const message =
          result.refusal.code === 'watch_not_found'
            ? errorMessage(mrkdwn`That watch no longer exists.`)
            : errorMessage(mrkdwn`Only ${mention(result.refusal.ownerId)} can change this watch. Nothing changed.`);
        return deps.slack.tell({ userId: actor, channelId: payload.channel?.id }, message);
      }
      await deps.home.refresh(actor).catch((e) => deps.logger.warn(`Home refresh for ${actor} not queued`, e));
      if (payload.container?.type === 'view') return;
      const list = watchListMessage(await watchList(deps, actor), NOTES[result.change]);
      if (payload.container?.is_ephemeral) await respond({ response_type: 'ephemeral', replace_original: true, ...list });
      else await deps.slack.tell({ userId: actor, channelId: payload.channel?.id }, list);
    });
  }
}
