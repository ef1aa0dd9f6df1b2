import { agentNames, DEFAULT_AGENT } from '../../specs/index';
import { parseSchedule, type Schedule } from '../domain/cadence';
import { parseCommand, unescapeSlackText } from '../domain/command-grammar';
import type { Message } from '../views/kit';
import { acceptedMessage, errorMessage, helpMessage, limitMessage, refusedMessage, refusedWithTextMessage } from '../views/messages';
import { limitProblemText } from '../views/settings';
import { agentInfos } from '../use-cases/agents';
import { delegate } from '../use-cases/delegate';
import type { Deps } from '../use-cases/deps';
import { scheduleDelegation, scheduleList } from '../use-cases/schedules';
import { toScheduleView } from '../use-cases/schedule-view';
import { changeLimit, statusFor } from '../use-cases/status';
import { changeDigest, changeStale } from '../use-cases/digest';
import { digestSettingMessage, staleSettingMessage } from '../views/digest';
import { scheduleCreatedMessage } from '../views/schedules';
import { scheduleRefusalText } from '../views/cadence';
import { commandRefusalText } from '../views/command';
import { trustCommand } from '../use-cases/trust';
import { trustCommandMessage } from '../views/trust';
import { appWords, escapeMrkdwn, mrkdwn } from '../views/kit';
import { readRefusalText } from '../views/slack-access';
import { parseWatchCommand } from '../domain/watch-grammar';
import { routeWatch } from './watch-route';

export type RouteResult = { kind: 'open_modal' } | { kind: 'reply'; message: Message } | { kind: 'nothing' };

/** One grammar for `/delegate` and DMs: parse, call the use case it names, and word its answer. */
export async function routeRequest(
  deps: Deps,
  req: { text: string; userId: string; teamId: string | null; channelId: string; source: 'command' | 'dm'; sourceRef?: string },
): Promise<RouteResult> {
  const text = unescapeSlackText(req.text);
  const reply = (message: Message): RouteResult => ({ kind: 'reply', message });
  const watchCommand = parseWatchCommand(text);
  if (watchCommand) return reply(await routeWatch(deps, req, watchCommand));
  const scheduled = parseSchedule(text);
  // Parser words quote what the person typed: escaped like everything else.
  if (scheduled.kind === 'invalid') return reply(errorMessage(escapeMrkdwn(scheduleRefusalText(scheduled.problem))));
  if (scheduled.kind === 'schedule') return reply(await scheduleFromText(deps, req, scheduled.schedule, scheduled.rest));
  const parsed = parseCommand(text, { agents: agentNames, defaultAgent: DEFAULT_AGENT });
  switch (parsed.kind) {
    case 'modal':
      return { kind: 'open_modal' };
    case 'help':
      return reply(helpMessage(agentInfos(deps), DEFAULT_AGENT));
    case 'status':
      return reply(await statusFor(deps, req.userId));
    case 'schedules':
      return reply(await scheduleList(deps, req.userId));
    case 'digest':
      return reply(digestSettingMessage(await changeDigest(deps, req.userId, req.teamId, parsed.value)));
    case 'stale':
      return reply(staleSettingMessage(await changeStale(deps, req.userId, parsed.value)));
    case 'trust':
      return reply(trustCommandMessage(await trustCommand(deps, req.userId, agentNames, parsed.agent, parsed.level)));
    case 'limit': {
      const result = await changeLimit(deps, req.userId, req.teamId, parsed.value);
      return reply(result.kind === 'invalid' ? errorMessage(escapeMrkdwn(limitProblemText(result.problem))) : limitMessage(result.limit, result.open, result.kind === 'changed'));
    }
    case 'invalid':
      return reply(
        parsed.reason === 'too_long' ? refusedWithTextMessage(escapeMrkdwn(commandRefusalText(parsed)), text) : errorMessage(escapeMrkdwn(commandRefusalText(parsed))),
      );
    case 'delegate': {
      const result = await delegate(deps, { ...req, agent: parsed.agent, instructions: parsed.instructions, publishChannelId: parsed.publishChannelId });
      if (result.kind === 'duplicate') return { kind: 'nothing' }; // a re-delivered DM: already answered
      if (result.kind === 'cannot_read') return reply(errorMessage(mrkdwn`${appWords(readRefusalText(result.refusal))} Nothing was created.`));
      return reply(
        result.kind === 'accepted'
          ? acceptedMessage(parsed.agent, result.item.id, result.open, result.limit)
          : refusedMessage(result.open, result.limit, result.oldest, deps.now()),
      );
    }
  }
}

async function scheduleFromText(
  deps: Deps,
  req: { userId: string; teamId: string | null; channelId: string },
  schedule: Schedule,
  rest: string,
): Promise<Message> {
  const parsed = parseCommand(rest, { agents: agentNames, defaultAgent: DEFAULT_AGENT });
  if (parsed.kind === 'invalid') return errorMessage(mrkdwn`${escapeMrkdwn(commandRefusalText(parsed))} Nothing was scheduled.`);
  if (parsed.kind !== 'delegate') return errorMessage(mrkdwn`After the schedule, say what the agent should do, e.g. \`/delegate every friday 16:00 research: new releases\`.`);
  const created = await scheduleDelegation(deps, { ...req, agent: parsed.agent, instructions: parsed.instructions, schedule });
  if (created.kind === 'cannot_read') return errorMessage(mrkdwn`${appWords(readRefusalText(created.refusal))} Nothing was scheduled.`);
  return scheduleCreatedMessage(toScheduleView(created.row, deps.now()), deps.now());
}
