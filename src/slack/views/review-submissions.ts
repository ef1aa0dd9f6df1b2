import type { App } from '@slack/bolt';
import { actOnItem } from '../../use-cases/act-on-item';
import type { Deps } from '../../use-cases/deps';
import { refineItem } from '../../use-cases/refine';
import { FORM_ERRORS } from '../../views/form-errors';
import { cardNotUpdatedMessage, refusalMessage, trustChangeMessage } from '../../views/messages';
import { MAX_RULE_LENGTH } from '../../domain/spec-constraints';
import { INPUTS, VIEWS, decodeJson, itemRef } from '../../views/slack-ids';
import { ruleNotAddedMessage, specTightenedMessage } from '../../views/spec-messages';
import { checked, inputValue, viewSubmission } from '../payloads';
import { formOutOfDate } from './out-of-date';
import { userMessageFor } from '../../views/errors';

/** The Refine and Reject modals a card opens. Missing text is answered inline, before the ack. */
export function register(app: App, deps: Deps): void {
  app.view(VIEWS.refine, async ({ ack, body }) => {
    const payload = viewSubmission.parse(body);
    const ref = decodeJson(itemRef, payload.view.private_metadata);
    const feedback = (inputValue(payload.view.state.values, INPUTS.feedback.block, INPUTS.feedback.action) ?? '').trim();
    if (!feedback) return ack({ response_action: 'errors', errors: { [INPUTS.feedback.block]: FORM_ERRORS.noFeedback } });
    if (!ref) return formOutOfDate(ack, 'Refine');
    const asRule = checked(payload.view.state.values, INPUTS.refineAsRule.block, INPUTS.refineAsRule.action);
    if (asRule && feedback.length > MAX_RULE_LENGTH) return ack({ response_action: 'errors', errors: { [INPUTS.feedback.block]: FORM_ERRORS.ruleTooLong } });
    await ack();
    const refined = await refineItem(deps, { itemId: ref.itemId, version: ref.version, actor: payload.user.id, feedback, asRule });
    await report(deps, payload.user.id, refined.result);
    // The rule is reported even when the refine itself was refused: a version may have been made.
    if (refined.rule) {
      const to = { userId: payload.user.id, channelId: refined.result.row?.cardChannelId ?? undefined };
      await deps.slack.tell(to, refined.rule.ok ? specTightenedMessage(refined.rule.version, refined.rule.change) : ruleNotAddedMessage(refined.rule));
    }
  });

  app.view(VIEWS.reject, async ({ ack, body }) => {
    const payload = viewSubmission.parse(body);
    const ref = decodeJson(itemRef, payload.view.private_metadata);
    const reason = (inputValue(payload.view.state.values, INPUTS.reason.block, INPUTS.reason.action) ?? '').trim();
    if (!reason) return ack({ response_action: 'errors', errors: { [INPUTS.reason.block]: FORM_ERRORS.noReason } });
    if (!ref) return formOutOfDate(ack, 'Reject');
    await ack();
    await report(deps, payload.user.id, await actOnItem(deps, ref.itemId, { type: 'reject', actor: payload.user.id, version: ref.version, reason }));
  });
}

async function report(deps: Deps, userId: string, result: Awaited<ReturnType<typeof actOnItem>>) {
  if (!result.ok) return deps.slack.tell({ userId, channelId: result.row?.cardChannelId ?? undefined }, refusalMessage(result.refusal));
  const where = { userId, channelId: result.row.cardChannelId ?? undefined };
  if (result.cardError) await deps.slack.tell(where, cardNotUpdatedMessage(userMessageFor(result.cardError)));
  if (result.trustChange) await deps.slack.tell(where, trustChangeMessage(result.row.agent, result.trustChange));
}
