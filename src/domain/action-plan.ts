/**
 * What an approved artifact leads to ("hands"): pure planning from the artifact and its
 * context to rows (one Slack message each), owner resolution against a member directory,
 * and the roll-up that ends the acting phase. What could not be planned is a coded note,
 * worded on the card by views/action-plan.ts.
 */
import type { PrRef, RepoRef } from './github-refs';
import type { NotOwner } from './ownership';
import { assertNever } from './work-item';

export interface PlannedItem {
  description: string;
  owner: string;
  due: string;
  priority: string;
}

export type ActionParams =
  | { kind: 'publish'; channelId: string }
  | { kind: 'assign'; userId: string; name: string; items: PlannedItem[] }
  | { kind: 'escalate_post'; channelId: string; target: string }
  | { kind: 'escalate_dm'; userId: string; name: string }
  | ({ kind: 'github_review' } & GitHubReviewDraft)
  | ({ kind: 'github_issue' } & GitHubIssueDraft);

export type ActionKind = 'publish' | 'assign' | 'escalate' | 'github_review' | 'github_issue';

/**
 * One review on a pull request, always with event COMMENT: the merge decision stays with a
 * person. `comments` are the inline ones; at execution each lands only where its line is in
 * the PR's diff, and the rest are listed in the body. Text is GitHub Markdown, already made
 * safe by views/github-markdown.ts.
 */
export interface GitHubReviewDraft {
  owner: string;
  repo: string;
  number: number;
  body: string;
  comments: Array<{ path: string; line: number | null; body: string }>;
}

/** One issue opened in a repository, with the approved artifact as its body. */
export interface GitHubIssueDraft {
  owner: string;
  repo: string;
  title: string;
  body: string;
}

export interface PlannedAction {
  /** Stable within a version: the same plan twice gives the same keys (idempotent insert). */
  key: string;
  kind: ActionKind;
  params: ActionParams;
  /** For assignments: who gets the items (their Home lists them). */
  assigneeId: string | null;
}

/** What could not be planned, so nothing is dropped silently. */
export type PlanNote =
  | { code: 'owners_unresolved'; owners: string[] }
  | { code: 'no_incident_channel' }
  | { code: 'escalation_target_unresolved'; target: string }
  | { code: 'github_target_unclear'; named: string };

export interface ActionPlan {
  actions: PlannedAction[];
  notes: PlanNote[];
}

/** Why a choice about an item's actions was refused. */
export type ActionRefusal =
  | { code: 'item_not_found' }
  | NotOwner
  | { code: 'plan_closed' }
  | { code: 'action_not_failed' };

export interface DirectoryUser {
  id: string;
  name: string;
  displayName: string;
  realName: string;
}

export interface PlanContext {
  publishChannelId: string | null;
  incidentChannelId: string | null;
  /** Owner text as the model wrote it → a Slack user id, or why not. */
  resolve(owner: string): Resolution;
  /** What the request named (never what the model wrote): where a GitHub hand may write. */
  pullRequests: readonly PrRef[];
  repositories: readonly RepoRef[];
}

export type Resolution = { ok: true; userId: string } | { ok: false; why: 'unknown' | 'ambiguous' | 'no_directory' };

/**
 * Matches free text ("Ana", "@ana", "<@U123>") against the workspace's members by id,
 * handle, display name or real name, case-insensitively. Two matches are not a match.
 */
export function resolveOwner(text: string, directory: readonly DirectoryUser[] | null): Resolution {
  if (!directory) return { ok: false, why: 'no_directory' };
  const mention = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(text.trim());
  const needle = (mention ? mention[1]! : text.trim().replace(/^@/, '')).toLowerCase();
  if (!needle) return { ok: false, why: 'unknown' };
  const matches = directory.filter((u) => [u.id, u.name, u.displayName, u.realName].some((v) => v !== '' && v.toLowerCase() === needle));
  if (matches.length === 1) return { ok: true, userId: matches[0]!.id };
  return { ok: false, why: matches.length > 1 ? 'ambiguous' : 'unknown' };
}

/** Publish to the chosen channel, if one was chosen. */
export function planPublish(ctx: PlanContext): ActionPlan {
  if (!ctx.publishChannelId) return { actions: [], notes: [] };
  const channelId = ctx.publishChannelId;
  return { actions: [{ key: `publish:${channelId}`, kind: 'publish', params: { kind: 'publish', channelId }, assigneeId: null }], notes: [] };
}

/** One DM per resolved owner with all of their items; unresolved owners are named in a note. */
export function planAssignments(items: readonly PlannedItem[], ctx: PlanContext): ActionPlan {
  const byUser = new Map<string, { name: string; items: PlannedItem[] }>();
  const unresolved: string[] = [];
  for (const item of items) {
    const r = ctx.resolve(item.owner);
    if (!r.ok) {
      if (!unresolved.includes(item.owner)) unresolved.push(item.owner);
      continue;
    }
    const entry = byUser.get(r.userId) ?? { name: item.owner, items: [] };
    entry.items.push(item);
    byUser.set(r.userId, entry);
  }
  const actions: PlannedAction[] = [...byUser].map(([userId, e]) => ({
    key: `assign:${userId}`,
    kind: 'assign',
    params: { kind: 'assign', userId, name: e.name, items: e.items },
    assigneeId: userId,
  }));
  const notes: PlanNote[] = unresolved.length ? [{ code: 'owners_unresolved', owners: unresolved }] : [];
  return { actions, notes };
}

/** Escalation: a post in the incident channel (when configured) and a DM to the target (when resolved). */
export function planEscalation(target: string | null, ctx: PlanContext): ActionPlan {
  if (!target) return { actions: [], notes: [] };
  const actions: PlannedAction[] = [];
  const notes: PlanNote[] = [];
  if (ctx.incidentChannelId) {
    const channelId = ctx.incidentChannelId;
    actions.push({ key: `escalate:post:${channelId}`, kind: 'escalate', params: { kind: 'escalate_post', channelId, target }, assigneeId: null });
  } else {
    notes.push({ code: 'no_incident_channel' });
  }
  const r = ctx.resolve(target);
  if (r.ok) {
    actions.push({ key: `escalate:dm:${r.userId}`, kind: 'escalate', params: { kind: 'escalate_dm', userId: r.userId, name: target }, assigneeId: null });
  } else {
    notes.push({ code: 'escalation_target_unresolved', target });
  }
  return { actions, notes };
}

/**
 * Where a GitHub hand may write: the pull request (or repository) the artifact names, if the
 * request named it, else the only one the request named. Never a target only the model wrote.
 */
export function pickTarget<T extends RepoRef>(named: string, requested: readonly T[], refsIn: (text: string) => T[]): T | undefined {
  const key = (r: RepoRef & { number?: number }) => `${r.owner}/${r.repo}#${r.number ?? ''}`.toLowerCase();
  const wanted = refsIn(named).map(key);
  return requested.find((r) => wanted.includes(key(r))) ?? (requested.length === 1 ? requested[0] : undefined);
}

/** A review on the pull request the artifact is about (only that one: the key names it). */
export function planGitHubReview(draft: GitHubReviewDraft): ActionPlan {
  const key = `github_review:${draft.owner}/${draft.repo}#${draft.number}`.toLowerCase();
  return { actions: [{ key, kind: 'github_review', params: { kind: 'github_review', ...draft }, assigneeId: null }], notes: [] };
}

/** One issue in the repository the artifact is about. */
export function planGitHubIssue(draft: GitHubIssueDraft): ActionPlan {
  const key = `github_issue:${draft.owner}/${draft.repo}`.toLowerCase();
  return { actions: [{ key, kind: 'github_issue', params: { kind: 'github_issue', ...draft }, assigneeId: null }], notes: [] };
}

export function mergePlans(...plans: ActionPlan[]): ActionPlan {
  return { actions: plans.flatMap((p) => p.actions), notes: plans.flatMap((p) => p.notes) };
}

export type ActionStatus = 'planned' | 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'undone';

export function isTerminal(status: ActionStatus): boolean {
  switch (status) {
    case 'succeeded':
    case 'failed':
    case 'skipped':
    case 'undone':
      return true;
    case 'planned':
    case 'queued':
    case 'running':
      return false;
    default:
      return assertNever(status);
  }
}

/** The acting phase ends when every action of the approved version is terminal (a failure can still be retried). */
export function allTerminal(rows: ReadonlyArray<{ status: ActionStatus }>): boolean {
  return rows.every((r) => isTerminal(r.status));
}
