import type { App } from '@slack/bolt';
import { agentNames } from '../../../specs/index';
import { scheduleFromChoices, type Schedule } from '../../domain/cadence';
import { MAX_INSTRUCTIONS } from '../../domain/command-grammar';
import { delegate } from '../../use-cases/delegate';
import type { Deps } from '../../use-cases/deps';
import { createSchedule } from '../../use-cases/schedules';
import { cardChannelFor, readAccessFor } from '../../use-cases/eyes/access';
import { toScheduleView } from '../../use-cases/schedule-view';
import { CADENCE_FIELD_ERRORS } from '../../views/cadence';
import { FORM_ERRORS } from '../../views/form-errors';
import { acceptedMessage } from '../../views/messages';
import { scheduleCreatedMessage } from '../../views/schedules';
import { INPUTS, VIEWS, decodeJson, delegateModalMeta } from '../../views/slack-ids';
import { inputValue, viewSubmission } from '../payloads';
import { formOutOfDate } from './out-of-date';

type Values = Parameters<typeof inputValue>[0];
type DelegateForm =
  | { ok: true; agent: string; instructions: string; schedule: Schedule | null; publishChannelId: string | undefined }
  | { ok: false; errors: Record<string, string> };

/** The Delegate modal's fields, checked: either what to do, or an error per block. */
export function readDelegateForm(values: Values): DelegateForm {
  const agent = inputValue(values, INPUTS.agent.block, INPUTS.agent.action) ?? '';
  const instructions = (inputValue(values, INPUTS.instructions.block, INPUTS.instructions.action) ?? '').trim();
  const errors: Record<string, string> = {};
  if (!agentNames.includes(agent)) errors[INPUTS.agent.block] = FORM_ERRORS.chooseAgent;
  if (!instructions) errors[INPUTS.instructions.block] = FORM_ERRORS.noInstructions;
  if (instructions.length > MAX_INSTRUCTIONS) errors[INPUTS.instructions.block] = FORM_ERRORS.instructionsTooLong;
  const cadence = scheduleFromChoices({
    when: inputValue(values, INPUTS.when.block, INPUTS.when.action) ?? 'now',
    day: inputValue(values, INPUTS.day.block, INPUTS.day.action),
    dayOfMonth: inputValue(values, INPUTS.dayOfMonth.block, INPUTS.dayOfMonth.action),
    time: inputValue(values, INPUTS.time.block, INPUTS.time.action),
    mode: inputValue(values, INPUTS.mode.block, INPUTS.mode.action),
  });
  if (!cadence.ok) {
    const blocks = { day: INPUTS.day.block, dayOfMonth: INPUTS.dayOfMonth.block, time: INPUTS.time.block } as const;
    for (const field of cadence.missing) errors[blocks[field]] = CADENCE_FIELD_ERRORS[field];
  }
  if (Object.keys(errors).length || !cadence.ok) return { ok: false, errors };
  // A channel picked to read joins the request as Slack writes a channel in text, so every path reads it the same way.
  const read = inputValue(values, INPUTS.readChannel.block, INPUTS.readChannel.action);
  const request = read && /^[CG][A-Z0-9]+$/.test(read) ? `${instructions} <#${read}>` : instructions;
  return { ok: true, agent, instructions: request, schedule: cadence.schedule, publishChannelId: inputValue(values, INPUTS.publishTo.block, INPUTS.publishTo.action) };
}

/**
 * The Delegate modal. Decided before the ack: Slack shows `response_action: errors` inline
 * only in the ack, and the work is a single fast transaction, well inside the 3-second window.
 */
export function register(app: App, deps: Deps): void {
  app.view(VIEWS.delegate, async ({ ack, body }) => {
    const payload = viewSubmission.parse(body);
    const meta = decodeJson(delegateModalMeta, payload.view.private_metadata);
    const form = readDelegateForm(payload.view.state.values);
    if (!meta) return formOutOfDate(ack, 'Delegate', FORM_ERRORS.delegateOutOfDate);
    if (!form.ok) return ack({ response_action: 'errors', errors: form.errors });

    const userId = payload.user.id;
    const teamId = payload.user.team_id ?? null;
    const where = { userId, channelId: meta.channelId };
    if (form.schedule) {
      // A schedule takes no WIP slot now; its runs are admitted (or deferred) when due.
      const access = await readAccessFor(deps, userId, form.agent, form.instructions, { withinMs: 2_000 });
      if (!access.ok) return ack({ response_action: 'errors', errors: { [INPUTS.instructions.block]: FORM_ERRORS.cannotRead(access.refusal) } });
      await ack();
      const channelId = cardChannelFor(access, meta.channelId, userId);
      const { row } = await createSchedule(deps, { userId, teamId, channelId, agent: form.agent, instructions: form.instructions, schedule: form.schedule });
      return deps.slack.tell(where, scheduleCreatedMessage(toScheduleView(row, deps.now()), deps.now()));
    }
    const { agent, instructions, publishChannelId } = form;
    const result = await delegate(deps, { userId, teamId, channelId: meta.channelId, agent, instructions, source: 'modal', publishChannelId });
    if (result.kind === 'refused') {
      return ack({ response_action: 'errors', errors: { [INPUTS.instructions.block]: FORM_ERRORS.atWipLimit(result.open, result.limit) } });
    }
    if (result.kind === 'cannot_read') {
      return ack({ response_action: 'errors', errors: { [INPUTS.instructions.block]: FORM_ERRORS.cannotRead(result.refusal) } });
    }
    await ack();
    if (result.kind === 'duplicate') return; // only DMs carry a source ref; kept exhaustive
    await deps.slack.tell(where, acceptedMessage(agent, result.item.id, result.open, result.limit));
  });
}
