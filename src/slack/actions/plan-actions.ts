import type { App, BlockAction } from '@slack/bolt';
import { AppError } from '../../errors/app-error';
import { choosePublishChannel, selectActions, type ActionCommandResult } from '../../use-cases/actions/choose';
import { retryAction, skipAction } from '../../use-cases/actions/retry-skip';
import type { Deps } from '../../use-cases/deps';
import { actionRefusalMessage } from '../../views/action-messages';
import { ACTIONS, actionRef, decodeJson, numberedActionPattern, parsePlanBlock, parsePublishToBlock } from '../../views/slack-ids';
import { blockAction, selectionAction } from '../payloads';

/** The card's actions: tick/untick and "publish to" before approval; Retry/Skip of a failed action after. */
export function register(app: App, deps: Deps): void {
  app.action<BlockAction>(ACTIONS.selectActions, async ({ ack, body }) => {
    await ack();
    const payload = selectionAction.parse(body);
    const action = payload.actions[0]!;
    const ref = parsePlanBlock(action.block_id);
    if (!ref) throw unreadable(action.action_id);
    const selected = (action.selected_options ?? []).map((o) => o.value);
    await answer(deps, payload, await selectActions(deps, payload.user.id, ref, selected));
  });

  app.action<BlockAction>(ACTIONS.publishTo, async ({ ack, body }) => {
    await ack();
    const payload = selectionAction.parse(body);
    const action = payload.actions[0]!;
    const ref = parsePublishToBlock(action.block_id);
    if (!ref || !action.selected_channel) throw unreadable(action.action_id);
    await answer(deps, payload, await choosePublishChannel(deps, payload.user.id, ref, action.selected_channel));
  });

  for (const [actionId, run] of [
    [ACTIONS.retryAction, retryAction],
    [ACTIONS.skipAction, skipAction],
  ] as const) {
    app.action<BlockAction>(numberedActionPattern(actionId), async ({ ack, body }) => {
      await ack();
      const payload = blockAction.parse(body);
      const ref = decodeJson(actionRef, payload.actions[0]!.value);
      if (!ref) throw unreadable(payload.actions[0]!.action_id);
      await answer(deps, payload, await run(deps, payload.user.id, ref.actionId));
    });
  }
}

async function answer(
  deps: Deps,
  payload: { user: { id: string }; channel?: { id: string }; container?: { channel_id?: string } },
  result: ActionCommandResult,
): Promise<void> {
  if (result.ok) return;
  const channelId = payload.channel?.id ?? payload.container?.channel_id;
  await deps.slack.tell({ userId: payload.user.id, channelId }, actionRefusalMessage(result.refusal));
}

function unreadable(actionId: string): AppError {
  return new AppError(
    'payload_invalid',
    `Card element ${actionId} carried an unreadable value`,
    'That control could not be read (it may be from an older version of Delegate). Nothing changed.',
  );
}
