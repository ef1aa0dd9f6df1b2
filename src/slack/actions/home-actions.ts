import type { App, BlockAction } from '@slack/bolt';
import type { Deps } from '../../use-cases/deps';
import { publishHome } from '../../use-cases/home';
import { currentSettings } from '../../use-cases/settings';
import { DEFAULT_PAGES } from '../../views/home';
import { settingsModal } from '../../views/modals/settings-modal';
import { HOME_ACTIONS, decodeJson, homeMore } from '../../views/slack-ids';
import { blockAction } from '../payloads';

export function register(app: App, deps: Deps): void {
  app.action<BlockAction>(HOME_ACTIONS.settings, async ({ ack, body, client }) => {
    await ack();
    const payload = blockAction.parse(body);
    await client.views.open({ trigger_id: payload.trigger_id ?? '', view: settingsModal(await currentSettings(deps, payload.user.id)) });
  });

  // "Show 10 more": the page size travels in the button, so the next plain refresh returns to the default.
  app.action<BlockAction>(HOME_ACTIONS.more, async ({ ack, body }) => {
    await ack();
    const payload = blockAction.parse(body);
    const more = decodeJson(homeMore, payload.actions[0]!.value);
    await publishHome(deps, payload.user.id, more ? { ...DEFAULT_PAGES, [more.section]: more.shown } : DEFAULT_PAGES);
  });
}
