import { z } from 'zod';
import { mergePlans, planAssignments, planPublish, type ActionPlan, type PlanContext } from '../src/domain/action-plan';
import { bullets, escapeMrkdwn } from '../src/views/kit';

/** The precision bar for every spec: one owner, a real date, a bounded description. */
export const actionItem = z.object({
  description: z.string().min(1).max(50).describe('What to do, imperative, at most 50 characters, e.g. "Raise pg pool size to 20".'),
  owner: z
    .string()
    .min(1)
    .max(80)
    .describe('Exactly one person responsible (a name or @handle), never a team, "everyone" or "TBD".'),
  due: z.iso.date().describe('Due date as an ISO 8601 calendar date, YYYY-MM-DD.'),
  priority: z.enum(['critical', 'high', 'medium', 'low']).describe('How urgent: critical, high, medium or low.'),
});

export type ActionItem = z.infer<typeof actionItem>;

const PRIORITY_ICON: Record<ActionItem['priority'], string> = {
  critical: ':red_circle:',
  high: ':large_orange_circle:',
  medium: ':large_yellow_circle:',
  low: ':white_circle:',
};

export function renderActionItems(items: readonly ActionItem[]): string {
  return items
    .map((i) => `• *${escapeMrkdwn(i.description)}*: ${escapeMrkdwn(i.owner)} · due ${escapeMrkdwn(i.due)} · ${PRIORITY_ICON[i.priority]} ${i.priority}`)
    .join('\n');
}

export { bullets };

/** The actions every artifact with action items can lead to: publish it, and DM each owner their items. */
export function publishAndAssign(items: readonly ActionItem[], ctx: PlanContext): ActionPlan {
  return mergePlans(planPublish(ctx), planAssignments(items, ctx));
}
