import { and, asc, eq, sql } from 'drizzle-orm';
import { agentTrust } from '../../db/schema';
import { DEFAULT_TRUST, type TrustRecord } from '../domain/trust';
import { prepared } from './prepared';
import type { DbOrTx, Tx } from '../db/database';

/** Data access for per-person, per-agent trust. Takes a db; holds no rules. */
export type TrustRow = typeof agentTrust.$inferSelect;

export function toRecord(row: TrustRow | undefined): TrustRecord {
  if (!row) return { ...DEFAULT_TRUST };
  return { level: row.level, streak: row.streak, approvals: row.approvals, refines: row.refines, rejects: row.rejects, undos: row.undos };
}

export async function getTrust(db: DbOrTx, userId: string, agent: string): Promise<TrustRow | undefined> {
  const query = prepared(db, 'getTrust', (d) =>
    d
      .select()
      .from(agentTrust)
      .where(and(eq(agentTrust.userId, sql.placeholder('userId')), eq(agentTrust.agent, sql.placeholder('agent'))))
      .prepare(''),
  );
  const [row] = await query.execute({ userId, agent });
  return row;
}

/** Creates the row if needed and locks it, so concurrent decisions update the record one at a time. */
export async function lockTrust(tx: Tx, userId: string, agent: string): Promise<TrustRow> {
  await tx.insert(agentTrust).values({ userId, agent }).onConflictDoNothing();
  const [row] = await tx.select().from(agentTrust).where(and(eq(agentTrust.userId, userId), eq(agentTrust.agent, agent))).for('update');
  return row!;
}

/** `levelReason`: why the level changed, in words, when it did. */
export async function saveTrust(db: DbOrTx, userId: string, agent: string, record: TrustRecord, levelReason?: string) {
  await db
    .update(agentTrust)
    .set({
      ...record,
      ...(levelReason !== undefined ? { levelReason, levelChangedAt: sql`now()` } : {}),
      updatedAt: sql`now()`,
    })
    .where(and(eq(agentTrust.userId, userId), eq(agentTrust.agent, agent)));
}

export async function listTrust(db: DbOrTx, userId: string): Promise<TrustRow[]> {
  return db.select().from(agentTrust).where(eq(agentTrust.userId, userId)).orderBy(asc(agentTrust.agent));
}
