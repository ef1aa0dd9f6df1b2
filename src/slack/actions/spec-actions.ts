import type { App, BlockAction } from '@slack/bolt';
import { AppError } from '../../errors/app-error';
import type { Deps } from '../../use-cases/deps';
import { tightenModel } from '../../use-cases/specs';
import { tightenModal } from '../../views/modals/tighten-modal';
import { SPEC_ACTIONS, decodeJson, tightenRef } from '../../views/slack-ids';
import { blockAction } from '../payloads';

/** "Tighten spec" on a card or on Home: opens the Tighten modal for that agent. */
export function register(app: App, deps: Deps): void {
  app.action<BlockAction>(SPEC_ACTIONS.tighten, async ({ ack, body, client }) => {
    await ack();
    const payload = blockAction.parse(body);
    const ref = decodeJson(tightenRef, payload.actions[0]!.value);
    const model = ref && (await tightenModel(deps, payload.user.id, ref.agent));
    if (!model) {
      throw new AppError('payload_invalid', `Tighten button carried an unknown agent: ${payload.actions[0]!.value}`, 'That agent is not known any more; nothing changed.');
    }
    const channelId = payload.channel?.id ?? payload.container?.channel_id;
    await client.views.open({ trigger_id: payload.trigger_id ?? '', view: tightenModal(model, { agent: model.agent, ...(channelId ? { channelId } : {}) }) });
  });
}
