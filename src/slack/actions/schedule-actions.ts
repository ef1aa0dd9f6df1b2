import type { App, BlockAction } from '@slack/bolt';
import { AppError } from '../../errors/app-error';
import type { Deps } from '../../use-cases/deps';
import { removeSchedule, runScheduleNow, scheduleList, setScheduleState, type ScheduleRefusal } from '../../use-cases/schedules';
import { errorMessage } from '../../views/messages';
import { channelLink, escapeMrkdwn, mention, mrkdwn, type Mrkdwn } from '../../views/kit';
import { SCHEDULE_ACTIONS, decodeJson, scheduleRef } from '../../views/slack-ids';
import { blockAction } from '../payloads';

/** Buttons on the schedule list and confirmation: act, then redraw the list in place. */
export function register(app: App, deps: Deps): void {
  const handlers: Record<string, (id: string, actor: string) => Promise<{ ok: true; note: Mrkdwn } | { ok: false; refusal: ScheduleRefusal }>> = {
    [SCHEDULE_ACTIONS.pause]: async (id, actor) => done(await setScheduleState(deps, id, actor, 'paused'), mrkdwn`Paused.`),
    [SCHEDULE_ACTIONS.resume]: async (id, actor) => done(await setScheduleState(deps, id, actor, 'active'), mrkdwn`Resumed.`),
    [SCHEDULE_ACTIONS.remove]: async (id, actor) => done(await removeSchedule(deps, id, actor), mrkdwn`Deleted; it will not run again.`),
    [SCHEDULE_ACTIONS.runNow]: async (id, actor) => runNote(await runScheduleNow(deps, id, actor, false)),
    [SCHEDULE_ACTIONS.runAnyway]: async (id, actor) => runNote(await runScheduleNow(deps, id, actor, true)),
  };
  for (const [actionId, handle] of Object.entries(handlers)) {
    app.action<BlockAction>(actionId, async ({ ack, body, respond }) => {
      await ack();
      const payload = blockAction.parse(body);
      const ref = decodeJson(scheduleRef, payload.actions[0]!.value);
      if (!ref) throw new AppError('payload_invalid', `Unreadable schedule button ${actionId}`, 'That button could not be read. Nothing changed.');
      const actor = payload.user.id;
      const result = await handle(ref.scheduleId, actor);
      if (!result.ok) {
        const message =
          result.refusal.code === 'not_found'
            ? errorMessage(mrkdwn`That schedule no longer exists.`)
            : errorMessage(mrkdwn`Only ${mention(result.refusal.ownerId)} can change this schedule. Nothing changed.`);
        return deps.slack.tell({ userId: actor, channelId: payload.channel?.id }, message);
      }
      // From Home: the use case already queued a Home refresh; nothing else to redraw.
      if (payload.container?.type === 'view') return;
      const list = await scheduleList(deps, actor, result.note);
      // The schedule list is an ephemeral message: redraw it in place. From a digest, answer privately instead.
      if (payload.container?.is_ephemeral) await respond({ response_type: 'ephemeral', replace_original: true, ...list });
      else await deps.slack.tell({ userId: actor, channelId: payload.channel?.id }, list);
    });
  }
}

function done<T>(result: { ok: true; row: T } | { ok: false; refusal: ScheduleRefusal }, note: Mrkdwn) {
  return result.ok ? ({ ok: true, note } as const) : result;
}

function runNote(result: Awaited<ReturnType<typeof runScheduleNow>>) {
  if (!result.ok) return result;
  const note =
    result.result.kind === 'accepted'
      ? mrkdwn`Started a run of \`${escapeMrkdwn(result.row.agent)}\`; its card will appear in ${channelLink(result.row.channelId)}.`
      : result.result.kind === 'refused'
        ? mrkdwn`You're at your WIP limit (${result.result.open} of ${result.result.limit}); the run waits until a slot frees, or press Run anyway.`
        : mrkdwn`That run has already started.`;
  return { ok: true as const, note };
}
