import type { App } from '@slack/bolt';
import { parseSettings } from '../../domain/settings';
import type { Deps } from '../../use-cases/deps';
import { currentSettings, saveSettings } from '../../use-cases/settings';
import { SETTINGS_FIELD_ERRORS } from '../../views/settings';
import { INPUTS, VIEWS } from '../../views/slack-ids';
import { checked, inputValue, viewSubmission } from '../payloads';

/** The settings modal: invalid fields get inline errors (decided before the ack, which is the only place Slack shows them). */
export function register(app: App, deps: Deps): void {
  app.view(VIEWS.settings, async ({ ack, body }) => {
    const payload = viewSubmission.parse(body);
    const values = payload.view.state.values;
    const userId = payload.user.id;
    const parsed = parseSettings(
      {
        limit: inputValue(values, INPUTS.limit.block, INPUTS.limit.action),
        digestTime: inputValue(values, INPUTS.digestTime.block, INPUTS.digestTime.action),
        digestDays: inputValue(values, INPUTS.digestDays.block, INPUTS.digestDays.action),
        digestChannel: inputValue(values, INPUTS.digestChannel.block, INPUTS.digestChannel.action),
        staleHours: inputValue(values, INPUTS.staleHours.block, INPUTS.staleHours.action),
        retroWeekly: checked(values, INPUTS.retroWeekly.block, INPUTS.retroWeekly.action),
      },
      await currentSettings(deps, userId),
    );
    if (!parsed.ok) {
      const blocks = { limit: INPUTS.limit.block, digestTime: INPUTS.digestTime.block, digestDays: INPUTS.digestDays.block, staleHours: INPUTS.staleHours.block } as const;
      const errors = Object.fromEntries(parsed.invalid.map((field) => [blocks[field], SETTINGS_FIELD_ERRORS[field]]));
      return ack({ response_action: 'errors', errors });
    }
    await ack();
    await saveSettings(deps, userId, payload.user.team_id ?? null, parsed.patch);
  });
}
