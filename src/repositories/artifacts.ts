import { and, asc, eq, sql } from 'drizzle-orm';
import { artifacts, rejectedOutputs } from '../../db/schema';
import type { DbOrTx } from '../db/database';
import { prepared } from './prepared';

/** An item's artifact versions, and model answers that failed validation. */
export type ArtifactRow = typeof artifacts.$inferSelect;

export async function insertArtifact(tx: DbOrTx, artifact: typeof artifacts.$inferInsert) {
  const [row] = await tx.insert(artifacts).values(artifact).onConflictDoNothing().returning();
  return row;
}

export async function getArtifact(db: DbOrTx, workItemId: string, version: number): Promise<ArtifactRow | undefined> {
  const query = prepared(db, 'getArtifact', (d) =>
    d
      .select()
      .from(artifacts)
      .where(and(eq(artifacts.workItemId, sql.placeholder('workItemId')), eq(artifacts.version, sql.placeholder('version'))))
      .prepare(''),
  );
  const [row] = await query.execute({ workItemId, version });
  return row;
}

export async function listArtifacts(db: DbOrTx, workItemId: string): Promise<ArtifactRow[]> {
  return db.select().from(artifacts).where(eq(artifacts.workItemId, workItemId)).orderBy(asc(artifacts.version));
}

export async function insertRejectedOutput(db: DbOrTx, row: typeof rejectedOutputs.$inferInsert) {
  await db.insert(rejectedOutputs).values(row);
}
