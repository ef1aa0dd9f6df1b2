import type { App, BlockAction } from '@slack/bolt';
import type { Command } from '../../domain/work-item';
import { AppError } from '../../errors/app-error';
import { actOnItem } from '../../use-cases/act-on-item';
import { checkCanAct } from '../../use-cases/check-can-act';
import type { Deps } from '../../use-cases/deps';
import { cardNotUpdatedMessage, promotionRefusedMessage, refusalMessage, trustChangeMessage } from '../../views/messages';
import { undoIncompleteMessage } from '../../views/action-messages';
import { promoteFromCard } from '../../use-cases/autonomy';
import { refineModal } from '../../views/modals/refine-modal';
import { rejectModal } from '../../views/modals/reject-modal';
import { readsModal } from '../../views/modals/reads-modal';
import { readsOf } from '../../use-cases/eyes/gather';
import { ACTIONS, decodeJson, itemRef, type ItemRef } from '../../views/slack-ids';
import { blockAction } from '../payloads';
import { userMessageFor } from '../../views/errors';

/** Card buttons. Approve, Retry and Cancel act at once; Refine and Reject first ask why, in a modal. */
export function register(app: App, deps: Deps): void {
  const immediate: Array<[string, (ref: ItemRef, actor: string) => Command]> = [
    [ACTIONS.approve, (ref, actor) => ({ type: 'approve', actor, version: ref.version })],
    [ACTIONS.retry, (_ref, actor) => ({ type: 'retry', actor })],
    [ACTIONS.cancel, (_ref, actor) => ({ type: 'cancel', actor })],
    [ACTIONS.undo, (_ref, actor) => ({ type: 'undo', actor, windowMs: deps.config.trust.undoWindowMs })],
  ];
  for (const [actionId, toCommand] of immediate) {
    app.action<BlockAction>(actionId, async ({ ack, body }) => {
      await ack();
      const { ref, actor, channelId } = parse(body);
      const result = await actOnItem(deps, ref.itemId, toCommand(ref, actor));
      if (!result.ok) return deps.slack.tell({ userId: actor, channelId }, refusalMessage(result.refusal));
      if (result.cardError) await deps.slack.tell({ userId: actor, channelId }, cardNotUpdatedMessage(userMessageFor(result.cardError)));
      if (result.trustChange) await deps.slack.tell({ userId: actor, channelId }, trustChangeMessage(result.row.agent, result.trustChange));
      if (result.undoProblems) await deps.slack.tell({ userId: actor, channelId }, undoIncompleteMessage(result.undoProblems));
    });
  }

  app.action<BlockAction>(ACTIONS.promote, async ({ ack, body }) => {
    await ack();
    const { ref, actor, channelId } = parse(body);
    const result = await promoteFromCard(deps, actor, ref.itemId);
    await deps.slack.tell({ userId: actor, channelId }, result.ok ? trustChangeMessage(result.agent, result.change) : promotionRefusedMessage(result.refusal));
  });

  // The card's full source list; whoever can see the card can see what it was built from.
  app.action<BlockAction>(ACTIONS.reads, async ({ ack, body, client }) => {
    await ack();
    const { ref, actor, channelId, triggerId } = parse(body);
    const found = await readsOf(deps, ref.itemId, ref.version);
    if (!found) return deps.slack.tell({ userId: actor, channelId }, refusalMessage({ code: 'item_not_found' }));
    await client.views.open({ trigger_id: triggerId, view: readsModal(found.agent, ref.version, found.reads) });
  });

  app.action<BlockAction>(ACTIONS.refine, async ({ ack, body, client }) => {
    await ack();
    const { ref, actor, channelId, triggerId } = parse(body);
    const check = await checkCanAct(deps, ref.itemId, { type: 'refine', actor, version: ref.version, feedback: '' });
    if (!check.ok) return deps.slack.tell({ userId: actor, channelId }, refusalMessage(check.refusal));
    await client.views.open({ trigger_id: triggerId, view: refineModal(ref, check.row.agent, { offerRule: check.row.aboutAgent === null }) });
  });

  app.action<BlockAction>(ACTIONS.reject, async ({ ack, body, client }) => {
    await ack();
    const { ref, actor, channelId, triggerId } = parse(body);
    const check = await checkCanAct(deps, ref.itemId, { type: 'reject', actor, version: ref.version, reason: '' });
    if (!check.ok) return deps.slack.tell({ userId: actor, channelId }, refusalMessage(check.refusal));
    await client.views.open({ trigger_id: triggerId, view: rejectModal(ref, check.row.instructions) });
  });
}

function parse(body: BlockAction) {
  const payload = blockAction.parse(body);
  const ref = decodeJson(itemRef, payload.actions[0]!.value);
  if (!ref) {
    throw new AppError(
      'payload_invalid',
      `Button ${payload.actions[0]!.action_id} carried an unreadable value`,
      'That button could not be read (it may be from an older version of Delegate). Nothing changed.',
    );
  }
  return {
    ref,
    actor: payload.user.id,
    channelId: payload.channel?.id ?? payload.container?.channel_id,
    triggerId: payload.trigger_id ?? '',
  };
}
