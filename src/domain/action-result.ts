import { z } from 'zod';

/** What one action posted (item_actions.result): where, and a link when Slack gave one. */
export const postedResult = z.object({ channel: z.string().min(1), ts: z.string().min(1), permalink: z.string().optional() });
export type PostedResult = z.infer<typeof postedResult>;

/** A stored result read back; undefined when the row posted nothing (or the value is not one of ours). */
export function parsePosted(result: unknown): PostedResult | undefined {
  const parsed = postedResult.safeParse(result);
  return parsed.success ? parsed.data : undefined;
}
