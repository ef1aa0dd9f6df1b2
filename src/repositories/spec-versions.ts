import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { specVersions } from '../../db/schema';
import { prepared } from './prepared';
import type { DbOrTx } from '../db/database';

/** Data access for tightened spec versions. Takes a db; holds no rules. */
export type SpecVersionRow = typeof specVersions.$inferSelect;
export type NewSpecVersion = Omit<typeof specVersions.$inferInsert, 'id' | 'version' | 'createdAt'>;

/** The highest version in force for a person: among everyone's rows and their own. */
export async function effectiveSpecVersion(db: DbOrTx, agent: string, ownerId: string): Promise<SpecVersionRow | undefined> {
  const query = prepared(db, 'effectiveSpecVersion', (d) =>
    d
      .select()
      .from(specVersions)
      .where(and(eq(specVersions.agent, sql.placeholder('agent')), or(isNull(specVersions.ownerId), eq(specVersions.ownerId, sql.placeholder('ownerId')))))
      .orderBy(desc(specVersions.version))
      .limit(1)
      .prepare(''),
  );
  const [row] = await query.execute({ agent, ownerId });
  return row;
}

/**
 * Inserts the agent's next version (max + 1, at least `firstVersion`). Two tightenings at
 * once race for the same number: the unique index refuses one, which tries again.
 */
export async function insertSpecVersion(db: DbOrTx, row: NewSpecVersion, firstVersion: number): Promise<SpecVersionRow> {
  for (let attempt = 0; ; attempt++) {
    try {
      const next = sql<number>`(select greatest(coalesce(max(${specVersions.version}), 0) + 1, ${firstVersion}) from ${specVersions} where ${specVersions.agent} = ${row.agent})`;
      const [inserted] = await db.insert(specVersions).values({ ...row, version: next }).returning();
      return inserted!;
    } catch (error) {
      if (attempt >= 4 || !isUniqueViolation(error)) throw error;
    }
  }
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } } | undefined;
  return e?.code === '23505' || e?.cause?.code === '23505';
}
