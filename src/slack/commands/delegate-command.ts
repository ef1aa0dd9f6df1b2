import type { App } from '@slack/bolt';
import { DEFAULT_AGENT } from '../../../specs/index';
import { agentInfos } from '../../use-cases/agents';
import type { Deps } from '../../use-cases/deps';
import { routeRequest } from '../route-request';
import { delegateModal } from '../../views/modals/delegate-modal';
import { COMMAND } from '../../views/slack-ids';
import { slashCommand } from '../payloads';

export function register(app: App, deps: Deps): void {
  app.command(COMMAND, async ({ command, ack, respond, client }) => {
    await ack();
    // In a burst, the other requests are acknowledged before this one's work starts.
    await deps.acks.settled();
    const cmd = slashCommand.parse(command);
    const result = await routeRequest(deps, {
      text: cmd.text,
      userId: cmd.user_id,
      teamId: cmd.team_id ?? null,
      channelId: cmd.channel_id,
      source: 'command',
    });
    if (result.kind === 'open_modal') {
      await client.views.open({
        trigger_id: cmd.trigger_id,
        view: delegateModal(agentInfos(deps), DEFAULT_AGENT, { channelId: cmd.channel_id }),
      });
      return;
    }
    if (result.kind === 'nothing') return;
    await respond({ response_type: 'ephemeral', ...result.message });
  });
}
