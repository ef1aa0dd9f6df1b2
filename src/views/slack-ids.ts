import { z } from 'zod';

/** Every Slack id the app uses, in one place. */
export const ACTIONS = {
  approve: 'item.approve',
  /** Opens the list of what the agent read for a version. */
  reads: 'item.reads',
  refine: 'item.refine',
  reject: 'item.reject',
  retry: 'item.retry',
  cancel: 'item.cancel',
  /** The card's plan, before approval: tick or untick actions, choose where to publish. */
  selectActions: 'item.actions.select',
  publishTo: 'item.actions.publish_to',
  /** A failed action, after approval: run that one again, or give up on it. */
  retryAction: 'item.action.retry',
  skipAction: 'item.action.skip',
  /** Trust: take back what an agent at the act level did; let an agent act without asking. */
  undo: 'item.undo',
  promote: 'item.promote',
} as const;

/** Block ids that carry the item they belong to (checkboxes and selects have no value of their own). */
export const BLOCKS = {
  reads: (itemId: string) => `reads:${itemId}`,
  plan: (itemId: string, version: number, chunk: number) => `plan:${itemId}:${version}:${chunk}`,
  publishTo: (itemId: string, version: number) => `publish_to:${itemId}:${version}`,
  actionOutcomes: (itemId: string) => `outcomes:${itemId}`,
  undo: (itemId: string) => `undo:${itemId}`,
  promote: (itemId: string) => `promote:${itemId}`,
} as const;

const planBlock = z.tuple([z.literal('plan'), z.uuid(), z.coerce.number().int().min(1), z.coerce.number().int().min(0).max(10)]);
const publishToBlock = z.tuple([z.literal('publish_to'), z.uuid(), z.coerce.number().int().min(1)]);

export function parsePlanBlock(blockId: string | undefined): { itemId: string; version: number; chunk: number } | undefined {
  const parsed = planBlock.safeParse(blockId?.split(':'));
  return parsed.success ? { itemId: parsed.data[1], version: parsed.data[2], chunk: parsed.data[3] } : undefined;
}

export function parsePublishToBlock(blockId: string | undefined): { itemId: string; version: number } | undefined {
  const parsed = publishToBlock.safeParse(blockId?.split(':'));
  return parsed.success ? { itemId: parsed.data[1], version: parsed.data[2] } : undefined;
}

/** Retry / Skip on one action. */
export const actionRef = z.object({ actionId: z.uuid() });
export type ActionRef = z.infer<typeof actionRef>;

export function encodeActionRef(ref: ActionRef): string {
  return JSON.stringify(ref);
}

/** Several failed actions share one block, and action ids must be unique in a block: numbered, matched by pattern. */
export const numberedAction = (base: string, i: number) => `${base}:${i}`;
export const numberedActionPattern = (base: string) => new RegExp(`^${base.replace(/\./g, '\\.')}:\\d+$`);

/** "Tighten spec", on a card and on Home: opens the Tighten modal for one agent. */
export const SPEC_ACTIONS = {
  tighten: 'spec.tighten',
} as const;

export const tightenRef = z.object({ agent: z.string().min(1).max(50) });
export type TightenRef = z.infer<typeof tightenRef>;

export const tightenModalMeta = z.object({ agent: z.string().min(1).max(50), channelId: z.string().min(1).optional() });
export type TightenModalMeta = z.infer<typeof tightenModalMeta>;

export const SCHEDULE_ACTIONS = {
  pause: 'schedule.pause',
  resume: 'schedule.resume',
  runNow: 'schedule.run_now',
  runAnyway: 'schedule.run_anyway',
  remove: 'schedule.delete',
} as const;

export const scheduleRef = z.object({ scheduleId: z.uuid() });

export const WATCH_ACTIONS = {
  pause: 'watch.pause',
  resume: 'watch.resume',
  remove: 'watch.delete',
} as const;

export const watchRef = z.object({ watchId: z.uuid() });

export const HOME_ACTIONS = {
  settings: 'home.settings',
  more: 'home.more',
} as const;

export const homeMore = z.object({ section: z.enum(['review', 'completed']), shown: z.number().int().min(1).max(1000) });

export const VIEWS = {
  delegate: 'delegate.modal',
  refine: 'item.refine.modal',
  reject: 'item.reject.modal',
  settings: 'settings.modal',
  tighten: 'spec.tighten.modal',
} as const;

export const INPUTS = {
  agent: { block: 'agent', action: 'agent' },
  instructions: { block: 'instructions', action: 'instructions' },
  publishTo: { block: 'publish_to', action: 'publish_to' },
  readChannel: { block: 'read_channel', action: 'read_channel' },
  feedback: { block: 'feedback', action: 'feedback' },
  reason: { block: 'reason', action: 'reason' },
  when: { block: 'when', action: 'when' },
  day: { block: 'day', action: 'day' },
  dayOfMonth: { block: 'day_of_month', action: 'day_of_month' },
  time: { block: 'time', action: 'time' },
  mode: { block: 'mode', action: 'mode' },
  limit: { block: 'limit', action: 'limit' },
  digestTime: { block: 'digest_time', action: 'digest_time' },
  digestDays: { block: 'digest_days', action: 'digest_days' },
  digestChannel: { block: 'digest_channel', action: 'digest_channel' },
  staleHours: { block: 'stale_hours', action: 'stale_hours' },
  retroWeekly: { block: 'retro_weekly', action: 'retro_weekly' },
  specField: { block: 'spec_field', action: 'spec_field' },
  specKind: { block: 'spec_kind', action: 'spec_kind' },
  specValue: { block: 'spec_value', action: 'spec_value' },
  specRule: { block: 'spec_rule', action: 'spec_rule' },
  specEveryone: { block: 'spec_everyone', action: 'spec_everyone' },
  refineAsRule: { block: 'refine_as_rule', action: 'refine_as_rule' },
} as const;

/** The card's "Tighten spec" block, apart from the review buttons. */
export const specBlockId = (itemId: string) => `spec:${itemId}`;
/** Home's retro line for one agent, with its Tighten button. */
export const retroSpecBlockId = (agent: string) => `retro-spec:${agent}`.slice(0, 255);

export const COMMAND = '/delegate';

/** Button values and modal metadata are parsed, never trusted. */
export const itemRef = z.object({ itemId: z.uuid(), version: z.number().int().min(0) });
export type ItemRef = z.infer<typeof itemRef>;

export const delegateModalMeta = z.object({ channelId: z.string().min(1) });
export type DelegateModalMeta = z.infer<typeof delegateModalMeta>;

export function encodeRef(ref: ItemRef): string {
  return JSON.stringify(ref);
}

export function decodeJson<T>(schema: z.ZodType<T>, raw: string | undefined): T | undefined {
  if (!raw) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
