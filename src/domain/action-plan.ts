/**
 * What an approved artifact leads to ("hands"): pure planning from the artifact and its
 * context to rows (one Slack message each), owner resolution against a member directory,
 * and the roll-up that ends the acting phase. What could not be planned is a coded note,
 * worded on the card by views/action-plan.ts.
 */
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
  | { kind: 'escalate_dm'; userId: string; name: string };

export type ActionKind = 'publish' | 'assign' | 'escalate';

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
  | { code: 'escalation_target_unresolved'; target: string };

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
