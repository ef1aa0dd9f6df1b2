import type { App } from '@slack/bolt';
import { tighteningFromForm, type TighteningRefusal } from '../../domain/spec-constraints';
import type { Deps } from '../../use-cases/deps';
import { tightenSpec } from '../../use-cases/specs';
import { tighteningErrorText } from '../../views/spec-constraints';
import { specTightenedMessage } from '../../views/spec-messages';
import { INPUTS, VIEWS, decodeJson, tightenModalMeta } from '../../views/slack-ids';
import { formOutOfDate } from './out-of-date';
import { checked, inputValue, viewSubmission } from '../payloads';

const ERROR_BLOCKS: Record<TighteningRefusal['on'], string> = {
  path: INPUTS.specField.block,
  kind: INPUTS.specKind.block,
  value: INPUTS.specValue.block,
  rule: INPUTS.specRule.block,
  everyone: INPUTS.specEveryone.block,
  agent: INPUTS.specField.block,
};

/** The Tighten modal: a refused tightening is shown inline (decided before the ack); the new version is confirmed after. */
export function register(app: App, deps: Deps): void {
  app.view(VIEWS.tighten, async ({ ack, body }) => {
    const payload = viewSubmission.parse(body);
    const meta = decodeJson(tightenModalMeta, payload.view.private_metadata);
    if (!meta) return formOutOfDate(ack, 'Tighten');
    const values = payload.view.state.values;
    const form = tighteningFromForm({
      field: inputValue(values, INPUTS.specField.block, INPUTS.specField.action),
      kind: inputValue(values, INPUTS.specKind.block, INPUTS.specKind.action),
      value: inputValue(values, INPUTS.specValue.block, INPUTS.specValue.action),
      rule: inputValue(values, INPUTS.specRule.block, INPUTS.specRule.action),
    });
    const userId = payload.user.id;
    const result = form.ok
      ? await tightenSpec(deps, {
          userId,
          agent: meta.agent,
          request: form.request,
          everyone: checked(values, INPUTS.specEveryone.block, INPUTS.specEveryone.action),
          source: 'tighten',
        })
      : form;
    if (!result.ok) {
      const errors: Record<string, string> = {};
      for (const e of result.errors) errors[ERROR_BLOCKS[e.on]] ??= tighteningErrorText(e);
      return ack({ response_action: 'errors', errors });
    }
    await ack();
    await deps.slack.tell({ userId, channelId: meta.channelId }, specTightenedMessage(result.version, result.change));
  });
}
