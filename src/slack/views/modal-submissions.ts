import type { App } from '@slack/bolt';
import { agentNames } from '../../../specs/index';
import { MAX_INSTRUCTIONS } from '../../domain/command-grammar';
import { scheduleFromChoices } from '../../domain/cadence';
import { actOnItem } from '../../use-cases/act-on-item';
import { createSchedule, toScheduleView } from '../../use-cases/schedules';
import { scheduleCreatedMessage } from '../../views/schedules';
import { delegate } from '../../use-cases/delegate';
import type { Deps } from '../../use-cases/deps';
import { acceptedMessage, cardNotUpdatedMessage, errorMessage, refusalMessage, trustChangeMessage } from '../../views/messages';
import { MAX_RULE_LENGTH } from '../../domain/spec-constraints';
import { INPUTS, VIEWS, decodeJson, delegateModalMeta, itemRef } from '../../views/slack-ids';
import { formOutOfDate } from './out-of-date';
import { checked, inputValue, viewSubmission } from '../payloads';
import { refineItem } from '../../use-cases/refine';
import { specTightenedMessage } from '../../views/spec-messages';
import { escapeMrkdwn } from '../../views/kit';

/**
 * Modal submissions. These are the one place we decide before acking: Slack shows
 * `response_action: errors` inline only in the ack, and the work is a single fast
 * transaction, well inside the 3-second window.
 */
export function register(app: App, deps: Deps): void {
  app.view(VIEWS.delegate, async ({ ack, body }) => {
    const payload = viewSubmission.parse(body);
    const values = payload.view.state.values;
    const meta = decodeJson(delegateModalMeta, payload.view.private_metadata);
    const agent = inputValue(values, INPUTS.agent.block, INPUTS.agent.action) ?? '';
    const instructions = (inputValue(values, INPUTS.instructions.block, INPUTS.instructions.action) ?? '').trim();
    const errors: Record<string, string> = {};
    if (!agentNames.includes(agent)) errors[INPUTS.agent.block] = 'Choose one of the agents.';
    if (!instructions) errors[INPUTS.instructions.block] = 'Tell the agent what to do.';
    if (instructions.length > MAX_INSTRUCTIONS) errors[INPUTS.instructions.block] = `At most ${MAX_INSTRUCTIONS} characters.`;
    if (!meta) return formOutOfDate(ack, 'Delegate', 'That form is out of date; please open /delegate again.');
    const cadence = scheduleFromChoices({
      when: inputValue(values, INPUTS.when.block, INPUTS.when.action) ?? 'now',
      day: inputValue(values, INPUTS.day.block, INPUTS.day.action),
      dayOfMonth: inputValue(values, INPUTS.dayOfMonth.block, INPUTS.dayOfMonth.action),
      time: inputValue(values, INPUTS.time.block, INPUTS.time.action),
      mode: inputValue(values, INPUTS.mode.block, INPUTS.mode.action),
    });
    if (!cadence.ok) {
      const blocks = { day: INPUTS.day.block, dayOfMonth: INPUTS.dayOfMonth.block, time: INPUTS.time.block } as const;
      for (const [field, message] of Object.entries(cadence.errors)) errors[blocks[field as keyof typeof blocks]] = message;
    }
    if (Object.keys(errors).length) return ack({ response_action: 'errors', errors });

    const userId = payload.user.id;
    if (cadence.ok && cadence.schedule) {
      // A schedule takes no WIP slot now; its runs are admitted (or deferred) when due.
      await ack();
      const { row } = await createSchedule(deps, { userId, teamId: payload.user.team_id ?? null, channelId: meta.channelId, agent, instructions, schedule: cadence.schedule });
      await deps.slack.tell({ userId, channelId: meta.channelId }, scheduleCreatedMessage(toScheduleView(row, deps.now()), deps.now()));
      return;
    }
    const result = await delegate(deps, {
      userId,
      teamId: payload.user.team_id ?? null,
      channelId: meta.channelId,
      agent,
      instructions,
      source: 'modal',
      publishChannelId: inputValue(values, INPUTS.publishTo.block, INPUTS.publishTo.action),
    });
    if (result.kind === 'refused') {
      return ack({
        response_action: 'errors',
        errors: {
          [INPUTS.instructions.block]: `You're at your WIP limit (${result.open} of ${result.limit}). Approve or reject something first; your text stays here.`,
        },
      });
    }
    await ack();
    if (result.kind === 'duplicate') return; // only DMs carry a source ref; kept exhaustive
    await deps.slack.tell({ userId, channelId: meta.channelId }, acceptedMessage(agent, result.item.id, result.open, result.limit));
  });

  app.view(VIEWS.refine, async ({ ack, body }) => {
    const payload = viewSubmission.parse(body);
    const ref = decodeJson(itemRef, payload.view.private_metadata);
    const feedback = (inputValue(payload.view.state.values, INPUTS.feedback.block, INPUTS.feedback.action) ?? '').trim();
    if (!feedback) return ack({ response_action: 'errors', errors: { [INPUTS.feedback.block]: 'Say what should change.' } });
    if (!ref) return formOutOfDate(ack, 'Refine');
    const asRule = checked(payload.view.state.values, INPUTS.refineAsRule.block, INPUTS.refineAsRule.action);
    if (asRule && feedback.length > MAX_RULE_LENGTH) {
      return ack({ response_action: 'errors', errors: { [INPUTS.feedback.block]: `A rule is at most ${MAX_RULE_LENGTH} characters; shorten it or untick “Make this a rule”.` } });
    }
    await ack();
    const refined = await refineItem(deps, { itemId: ref.itemId, version: ref.version, actor: payload.user.id, feedback, asRule });
    await report(deps, payload.user.id, refined.result);
    // The rule is reported even when the refine itself was refused: a version may have been made.
    if (refined.rule) {
      const to = { userId: payload.user.id, channelId: refined.result.row?.cardChannelId ?? undefined };
      await deps.slack.tell(to, refined.rule.ok ? specTightenedMessage(refined.rule.version, refined.rule.change) : errorMessage(escapeMrkdwn(refined.rule.message)));
    }
  });

  app.view(VIEWS.reject, async ({ ack, body }) => {
    const payload = viewSubmission.parse(body);
    const ref = decodeJson(itemRef, payload.view.private_metadata);
    const reason = (inputValue(payload.view.state.values, INPUTS.reason.block, INPUTS.reason.action) ?? '').trim();
    if (!reason) return ack({ response_action: 'errors', errors: { [INPUTS.reason.block]: 'Give a short reason.' } });
    if (!ref) return formOutOfDate(ack, 'Reject');
    await ack();
    await report(deps, payload.user.id, await actOnItem(deps, ref.itemId, { type: 'reject', actor: payload.user.id, version: ref.version, reason }));
  });
}

async function report(deps: Deps, userId: string, result: Awaited<ReturnType<typeof actOnItem>>) {
  if (!result.ok) return deps.slack.tell({ userId, channelId: result.row?.cardChannelId ?? undefined }, refusalMessage(result.refusal));
  const where = { userId, channelId: result.row.cardChannelId ?? undefined };
  if (result.cardError) await deps.slack.tell(where, cardNotUpdatedMessage(result.cardError.userMessage));
  if (result.trustChange) await deps.slack.tell(where, trustChangeMessage(result.row.agent, result.trustChange));
}
