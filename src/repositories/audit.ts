import { asc, eq } from 'drizzle-orm';
import { auditEvents } from '../../db/schema';
import type { DbOrTx } from '../db/database';
import type { Status } from '../domain/work-item';

/** The audit trail: every transition of an item, who made it, and why. Append-only. */
export async function appendAudit(
  tx: DbOrTx,
  event: { workItemId: string; actor: string; action: string; from: Status | null; to: Status; detail?: object },
) {
  await tx.insert(auditEvents).values({
    workItemId: event.workItemId,
    actor: event.actor,
    action: event.action,
    fromStatus: event.from,
    toStatus: event.to,
    detail: event.detail ?? {},
  });
}

export async function listAudit(db: DbOrTx, workItemId: string) {
  return db.select().from(auditEvents).where(eq(auditEvents.workItemId, workItemId)).orderBy(asc(auditEvents.id));
}
