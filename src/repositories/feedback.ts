import { and, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import { auditEvents, workItems } from '../../db/schema';
import type { WorkItemRow } from './work-items';
import type { DbOrTx } from '../db/database';

/** A person's refine feedback and reject reasons for one agent since a time (from the audit trail), oldest first. */
export async function feedbackSince(db: DbOrTx, ownerId: string, agent: string, since: Date, limit = 200): Promise<Array<{ text: string; at: Date }>> {
  const rows = await db
    .select({ text: sql<string | null>`coalesce(${auditEvents.detail}->>'feedback', ${auditEvents.detail}->>'reason')`, at: auditEvents.at })
    .from(auditEvents)
    .innerJoin(workItems, eq(workItems.id, auditEvents.workItemId))
    .where(and(eq(workItems.ownerId, ownerId), eq(workItems.agent, agent), inArray(auditEvents.action, ['refine', 'reject']), gte(auditEvents.at, since)))
    .orderBy(desc(auditEvents.at))
    .limit(limit);
  // The newest `limit` rows, returned oldest first.
  return rows.reverse().filter((r): r is { text: string; at: Date } => typeof r.text === 'string' && r.text.length > 0);
}

/** The person's latest spec-coach proposal about an agent, if any. */
export async function latestProposal(db: DbOrTx, ownerId: string, coach: string, aboutAgent: string): Promise<WorkItemRow | undefined> {
  const [row] = await db
    .select()
    .from(workItems)
    .where(and(eq(workItems.ownerId, ownerId), eq(workItems.agent, coach), eq(workItems.aboutAgent, aboutAgent)))
    .orderBy(desc(workItems.createdAt))
    .limit(1);
  return row;
}
