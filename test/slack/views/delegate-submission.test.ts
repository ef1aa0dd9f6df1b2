import { describe, expect, it } from 'vitest';
import { readDelegateForm } from '../../../src/slack/views/delegate-submission';
import { INPUTS } from '../../../src/views/slack-ids';

type Field = keyof typeof INPUTS;
/** The modal's state.values as Slack sends them: text inputs carry `value`, selects `selected_option`, the timepicker `selected_time`. */
function values(fields: Partial<Record<Field, string>>) {
  const out: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const [field, v] of Object.entries(fields) as [Field, string][]) {
    const { block, action } = INPUTS[field];
    const element =
      field === 'time'
        ? { type: 'timepicker', selected_time: v }
        : field === 'instructions'
          ? { type: 'plain_text_input', value: v }
          : field === 'readChannel' || field === 'publishTo'
            ? { type: 'channels_select', selected_channel: v }
            : { type: 'static_select', selected_option: { value: v } };
    out[block] = { [action]: element };
  }
  return out;
}

describe('readDelegateForm', () => {
  it('reads a delegation to run now, trimmed', () => {
    expect(readDelegateForm(values({ agent: 'research', instructions: '  compare queues  ', when: 'now' }))).toEqual({
      ok: true,
      agent: 'research',
      instructions: 'compare queues',
      schedule: null,
      publishChannelId: undefined,
    });
  });

  it.each([
    ['C0ENG', 'what changed <#C0ENG>'],
    ['G0PRIV', 'what changed <#G0PRIV>'],
    ['not-a-channel', 'what changed'],
  ])('a channel picked to read (%s) joins the request as Slack writes it', (channel, instructions) => {
    const form = readDelegateForm(values({ agent: 'summarize', instructions: 'what changed', when: 'now', readChannel: channel, publishTo: 'C0OUT' }));
    expect(form).toMatchObject({ ok: true, instructions, publishChannelId: 'C0OUT' });
  });

  it('reads a weekly schedule in the modal', () => {
    const form = readDelegateForm(values({ agent: 'summarize', instructions: 'the week', when: 'weekly', day: '5', time: '16:00' }));
    expect(form.ok && form.schedule).toMatchObject({ cadence: { kind: 'weekly', day: 5, at: { hour: 16, minute: 0 } } });
  });

  it.each([
    { why: 'an unknown agent', fields: { agent: 'nope', instructions: 'x' }, block: INPUTS.agent.block, says: 'Choose one of the agents.' },
    { why: 'no instructions', fields: { agent: 'research', instructions: '   ' }, block: INPUTS.instructions.block, says: 'Tell the agent what to do.' },
    { why: 'instructions too long', fields: { agent: 'research', instructions: 'x'.repeat(4001) }, block: INPUTS.instructions.block, says: 'At most 4000 characters.' },
    { why: 'weekly with no day', fields: { agent: 'research', instructions: 'x', when: 'weekly', time: '09:00' }, block: INPUTS.day.block, says: 'Choose a day of the week.' },
    { why: 'a schedule with no time', fields: { agent: 'research', instructions: 'x', when: 'daily' }, block: INPUTS.time.block, says: 'Choose a time.' },
  ])('answers $why next to the field', ({ fields, block, says }) => {
    const form = readDelegateForm(values(fields));
    expect(form.ok).toBe(false);
    expect(!form.ok && form.errors[block]).toBe(says);
  });
});
