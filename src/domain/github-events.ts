import { z } from 'zod';
import type { WatchedEvent } from './event-intake';

/**
 * GitHub webhook deliveries, parsed after the signature was checked on the raw body. Only
 * what the watches use is read; everything else in the (large) payload is ignored.
 */
const repository = z.object({ name: z.string(), owner: z.object({ login: z.string() }) });

const pullRequestBody = z.object({
  action: z.string(),
  number: z.number().int().positive(),
  pull_request: z.object({
    title: z.string(),
    html_url: z.string(),
    draft: z.boolean().optional().default(false),
    merged: z.boolean().nullable().optional(),
    user: z.object({ login: z.string() }).nullable().optional(),
    head: z.object({ sha: z.string() }),
  }),
  repository,
});

export interface PullRequestEvent {
  owner: string;
  repo: string;
  number: number;
  title: string;
  url: string;
  author: string | null;
  headSha: string;
  merged: boolean;
  event: WatchedEvent;
}

export type GitHubDelivery =
  | { kind: 'ping' }
  | { kind: 'pull_request'; pr: PullRequestEvent }
  /** An event or action the watches do not use (labeled, edited, push…): answered, not stored. */
  | { kind: 'ignored'; event: string; action: string | null }
  | { kind: 'malformed'; issues: string };

const STARTS = new Set(['opened', 'ready_for_review', 'reopened']);

export function parseGitHubDelivery(eventName: string, body: unknown): GitHubDelivery {
  if (eventName === 'ping') return { kind: 'ping' };
  if (eventName !== 'pull_request') return { kind: 'ignored', event: eventName, action: actionOf(body) };
  const parsed = pullRequestBody.safeParse(body);
  if (!parsed.success) return { kind: 'malformed', issues: z.prettifyError(parsed.error).slice(0, 500) };
  const b = parsed.data;
  const owner = b.repository.owner.login;
  const repo = b.repository.name;
  const key = prKey(owner, repo, b.number);
  const event: WatchedEvent | null = STARTS.has(b.action)
    ? { kind: 'pr_ready', key, draft: b.pull_request.draft }
    : b.action === 'synchronize'
      ? { kind: 'pr_updated', key }
      : b.action === 'closed'
        ? { kind: 'pr_closed', key }
        : null;
  if (!event) return { kind: 'ignored', event: eventName, action: b.action };
  return {
    kind: 'pull_request',
    pr: { owner, repo, number: b.number, title: b.pull_request.title, url: b.pull_request.html_url, author: b.pull_request.user?.login ?? null, headSha: b.pull_request.head.sha, merged: !!b.pull_request.merged, event },
  };
}

/** One key per pull request, whatever the case GitHub or a person wrote it in. */
export const prKey = (owner: string, repo: string, number: number) => `${owner}/${repo}#${number}`.toLowerCase();

function actionOf(body: unknown): string | null {
  return typeof body === 'object' && body !== null && typeof (body as { action?: unknown }).action === 'string' ? (body as { action: string }).action : null;
}
