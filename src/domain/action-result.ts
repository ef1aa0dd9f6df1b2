import { z } from 'zod';

/** What one action posted (item_actions.result): where, and a link when Slack gave one. */
export const postedResult = z.object({ channel: z.string().min(1), ts: z.string().min(1), permalink: z.string().optional() });
export type PostedResult = z.infer<typeof postedResult>;

/** A stored result read back; undefined when the row posted nothing (or the value is not one of ours). */
export function parsePosted(result: unknown): PostedResult | undefined {
  const parsed = postedResult.safeParse(result);
  return parsed.success ? parsed.data : undefined;
}

/** What a GitHub hand wrote (item_actions.result): enough to find it again and to take it back. */
export const githubReviewResult = z.object({
  kind: z.literal('github_review'),
  owner: z.string(),
  repo: z.string(),
  number: z.number().int(),
  reviewId: z.number().int(),
  commentIds: z.array(z.number().int()),
  url: z.string(),
});
export const githubIssueResult = z.object({ kind: z.literal('github_issue'), owner: z.string(), repo: z.string(), number: z.number().int(), url: z.string() });
export const githubResult = z.discriminatedUnion('kind', [githubReviewResult, githubIssueResult]);
export type GitHubReviewResult = z.infer<typeof githubReviewResult>;
export type GitHubIssueResult = z.infer<typeof githubIssueResult>;
export type GitHubResult = z.infer<typeof githubResult>;
export type ActionResult = PostedResult | GitHubResult;

export function parseGitHubResult(result: unknown): GitHubResult | undefined {
  const parsed = githubResult.safeParse(result);
  return parsed.success ? parsed.data : undefined;
}

/** Where a person can see what an action did: the Slack message, or the review or issue on GitHub. */
export function resultLink(result: unknown): string | undefined {
  return parsePosted(result)?.permalink ?? parseGitHubResult(result)?.url;
}
