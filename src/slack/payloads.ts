import { z } from 'zod';

/** The parts of Slack's payloads we rely on, parsed at the boundary. */
export const slashCommand = z.object({
  user_id: z.string().min(1),
  team_id: z.string().optional(),
  channel_id: z.string().min(1),
  text: z.string().default(''),
  trigger_id: z.string().min(1),
});

export const blockAction = z.object({
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  trigger_id: z.string().optional(),
  channel: z.object({ id: z.string() }).optional(),
  container: z.object({ type: z.string().optional(), channel_id: z.string().optional(), is_ephemeral: z.boolean().optional() }).passthrough().optional(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() })).min(1),
});

/** A checkboxes or channels_select change on a card (no value: the block id says which item). */
export const selectionAction = z.object({
  user: z.object({ id: z.string().min(1) }),
  channel: z.object({ id: z.string() }).optional(),
  container: z.object({ channel_id: z.string().optional() }).passthrough().optional(),
  actions: z
    .array(
      z.object({
        action_id: z.string(),
        block_id: z.string(),
        selected_options: z.array(z.object({ value: z.string() })).optional(),
        selected_channel: z.string().optional(),
      }),
    )
    .min(1),
});

export const viewSubmission = z.object({
  user: z.object({ id: z.string().min(1), team_id: z.string().optional() }),
  view: z.object({
    private_metadata: z.string().default(''),
    state: z.object({ values: z.record(z.string(), z.record(z.string(), z.looseObject({}))) }),
  }),
});

export const imMessage = z.object({
  type: z.literal('message'),
  channel: z.string().min(1),
  channel_type: z.literal('im'),
  user: z.string().min(1),
  text: z.string().default(''),
  ts: z.string().min(1),
  team: z.string().optional(),
  subtype: z.string().optional(),
  bot_id: z.string().optional(),
  thread_ts: z.string().optional(),
});

type Values = z.infer<typeof viewSubmission>['view']['state']['values'];

export function inputValue(values: Values, block: string, action: string): string | undefined {
  const v = values[block]?.[action];
  if (!v) return undefined;
  if (typeof v.value === 'string') return v.value;
  if (typeof v.selected_time === 'string') return v.selected_time;
  if (typeof v.selected_channel === 'string') return v.selected_channel;
  const selected = v.selected_option as { value?: unknown } | undefined;
  return typeof selected?.value === 'string' ? selected.value : undefined;
}

/** Whether a checkboxes input has any option selected. */
export function checked(values: Values, block: string, action: string): boolean {
  const selected = values[block]?.[action]?.selected_options;
  return Array.isArray(selected) && selected.length > 0;
}
