import { and, asc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { auditEvents, itemActions, workItems } from '../../db/schema';
import type { Db } from '../../src/db/database';
import type { ItemActionRow } from '../../src/repositories/item-actions';
import type { WorkItemRow } from '../../src/repositories/work-items';
import { delegate, type DelegateRequest } from '../../src/use-cases/delegate';
import type { Lease } from '../../src/use-cases/lease';
import { runAgent } from '../../src/use-cases/run-agent';
import type { FakeDeps } from './fake-deps';

/** Steps that bring an item where a test needs it, through the use cases themselves. */

/** A lease whose heartbeat never fires within a test. */
export const LEASE: Lease = { leaseMs: 30_000, heartbeatMs: 3_600_000 };

export type Ask = Partial<DelegateRequest> & { userId: string };

export function request(ask: Ask): DelegateRequest {
  return { teamId: 'T0001', channelId: 'C0WORK', agent: 'research', instructions: 'compare pg-boss and Agenda', source: 'command', ...ask };
}

/** Delegates; the request must be admitted. */
export async function delegated(deps: FakeDeps, ask: Ask): Promise<WorkItemRow> {
  const result = await delegate(deps, request(ask));
  if (result.kind !== 'accepted') throw new Error(`Expected the delegation to be accepted, got ${result.kind}`);
  return result.item;
}

/** Delegates and runs the agent once (the fake model answers `artifact`, or a canned one): the item as the run left it. */
export async function ranToReview(deps: FakeDeps, ask: Ask, artifact?: unknown): Promise<WorkItemRow> {
  const item = await delegated(deps, ask);
  if (artifact !== undefined) deps.model.answers(artifact);
  expect(await runAgent(deps, { workItemId: item.id, runSeq: item.runSeq }, LEASE)).toBe('completed');
  return itemRow(deps.db, item.id);
}

export async function itemRow(db: Db, id: string): Promise<WorkItemRow> {
  const [row] = await db.select().from(workItems).where(eq(workItems.id, id));
  if (!row) throw new Error(`No item ${id}`);
  return row;
}

export async function actionRows(db: Db, itemId: string, version = 1): Promise<ItemActionRow[]> {
  const rows = await db
    .select()
    .from(itemActions)
    .where(and(eq(itemActions.workItemId, itemId), eq(itemActions.version, version)))
    .orderBy(asc(itemActions.key));
  return rows as ItemActionRow[];
}

/** The audit trail as `action:from→to`. */
export async function auditTrail(db: Db, itemId: string): Promise<string[]> {
  const rows = await db.select().from(auditEvents).where(eq(auditEvents.workItemId, itemId)).orderBy(asc(auditEvents.id));
  return rows.map((a) => `${a.action}:${a.fromStatus ?? '∅'}→${a.toStatus}`);
}

/** All text a message shows: its fallback and every string in its blocks. */
export function textOf(message: { text: string; blocks?: unknown }): string {
  return `${message.text}\n${JSON.stringify(message.blocks ?? [])}`;
}
