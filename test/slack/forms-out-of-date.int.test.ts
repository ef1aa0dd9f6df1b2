import { describe, expect, it } from 'vitest';
import { auditEvents, specVersions, workItems } from '../../db/schema';
import { INPUTS, VIEWS } from '../../src/views/slack-ids';
import { OWNER, submitView } from '../support/scenario';
import { useTestApp } from '../support/test-app';

const app = useTestApp();

/** Values every form would accept, so only the metadata is wrong. */
const VALUES: Record<string, Record<string, Record<string, object>>> = {
  [VIEWS.delegate]: {
    [INPUTS.agent.block]: { [INPUTS.agent.action]: { type: 'static_select', selected_option: { value: 'research' } } },
    [INPUTS.instructions.block]: { [INPUTS.instructions.action]: { type: 'plain_text_input', value: 'Compare two queues' } },
  },
  [VIEWS.refine]: { [INPUTS.feedback.block]: { [INPUTS.feedback.action]: { type: 'plain_text_input', value: 'Shorter' } } },
  [VIEWS.reject]: { [INPUTS.reason.block]: { [INPUTS.reason.action]: { type: 'plain_text_input', value: 'Not needed' } } },
  [VIEWS.tighten]: { [INPUTS.specRule.block]: { [INPUTS.specRule.action]: { type: 'plain_text_input', value: 'Cite sources' } } },
};

describe('a submitted form whose private_metadata cannot be read (issue 8, forged or from an older Delegate)', () => {
  for (const [callbackId, metadata] of [
    [VIEWS.delegate, 'not json'],
    [VIEWS.refine, '{"itemId":"nope","version":1}'],
    [VIEWS.reject, ''],
    [VIEWS.tighten, '[]'],
  ] as const) {
    it(`${callbackId}: answered at once (not left for Slack to time out), the person is told, nothing changes`, async () => {
      const t = app();
      const db = t.delegate.database.db;
      const before = await Promise.all([db.$count(workItems), db.$count(auditEvents), db.$count(specVersions)]);
      const res = await submitView(t, callbackId, metadata, VALUES[callbackId]!);
      // Without an ack Bolt answers 404 after 3 s, and Slack shows the person a connection error.
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('');
      const told = await t.slack.waitFor('chat.postMessage', (c) => c.body.channel === OWNER);
      expect(told.body.text).toMatch(/That form is out of date/);
      expect(await Promise.all([db.$count(workItems), db.$count(auditEvents), db.$count(specVersions)])).toEqual(before);
    });
  }
});
