import { and, count, desc, eq, gte, inArray, sql } from 'drizzle-orm';
import { artifacts, workItems } from '../../db/schema';
import { APPROVED_STATUSES, DECIDED_STATUSES, REVIEWED_STATUSES, type Status } from '../domain/work-item';
import type { WorkItemRow } from './work-items';
import type { DbOrTx } from '../db/database';

/** Home's bounded reads: each uses the (owner, …) indexes and a LIMIT, whatever the history. */
export async function recentlyClosed(db: DbOrTx, ownerId: string, since: Date, limit: number): Promise<{ rows: WorkItemRow[]; total: number }> {
  const where = and(eq(workItems.ownerId, ownerId), inArray(workItems.status, [...DECIDED_STATUSES]), gte(workItems.decidedAt, since));
  const [rows, [totals]] = await Promise.all([
    db.select().from(workItems).where(where).orderBy(desc(workItems.decidedAt)).limit(limit),
    db.select({ n: count() }).from(workItems).where(where),
  ]);
  return { rows, total: totals?.n ?? 0 };
}

export async function latestArtifacts(db: DbOrTx, items: Array<{ id: string; version: number }>) {
  if (items.length === 0) return [];
  return db
    .select({ workItemId: artifacts.workItemId, content: artifacts.content })
    .from(artifacts)
    .where(sql`(${artifacts.workItemId}, ${artifacts.version}) in (${sql.join(items.map((i) => sql`(${i.id}::uuid, ${i.version})`), sql`, `)})`);
}

export type RetroSqlRow = {
  agent: string;
  /** The spec version of the item's first artifact; null when it has none yet. */
  spec_version: number | null;
  runs: number;
  approved: number;
  refined: number;
  rejected: number;
  median_decision_ms: number | null;
  median_review_wait_ms: number | null;
  /** Citations of sources the agent did not read, over every version of the items. */
  unread_citations: number;
};

/**
 * Per agent and spec version (of the item's first artifact) over the window: runs, outcomes,
 * refines, and medians (delegation → decision; ready → decision). Agents with the most runs first.
 */
export async function retro(db: DbOrTx, ownerId: string, since: Date): Promise<RetroSqlRow[]> {
  const approved = statusList(APPROVED_STATUSES);
  const reviewed = statusList(REVIEWED_STATUSES);
  const result = await db.execute<RetroSqlRow>(sql`
    select w.agent, first.spec_version,
      count(*)::int as runs,
      (count(*) filter (where w.status in (${approved})))::int as approved,
      (count(*) filter (where w.status = ${'rejected' satisfies Status}))::int as rejected,
      (count(*) filter (where exists (select 1 from audit_events a where a.work_item_id = w.id and a.action = 'refine')))::int as refined,
      (percentile_cont(0.5) within group (order by extract(epoch from w.decided_at - w.created_at) * 1000)
        filter (where w.decided_at is not null and w.status in (${reviewed})))::float8 as median_decision_ms,
      (percentile_cont(0.5) within group (order by extract(epoch from w.decided_at - ready.at) * 1000)
        filter (where w.decided_at is not null and w.status in (${reviewed}) and ready.at is not null))::float8 as median_review_wait_ms,
      coalesce(sum((select sum(x.unread_citations) from artifacts x where x.work_item_id = w.id)), 0)::int as unread_citations
    from work_items w
    left join lateral (
      select max(a.at) as at from audit_events a
      where a.work_item_id = w.id and a.to_status = ${'awaiting_review' satisfies Status} and a.at <= coalesce(w.decided_at, now())
    ) ready on true
    left join artifacts first on first.work_item_id = w.id and first.version = 1
    where w.owner_id = ${ownerId} and w.created_at >= ${since.toISOString()}::timestamptz
    group by w.agent, first.spec_version
    order by sum(count(*)) over (partition by w.agent) desc, w.agent, first.spec_version nulls last`);
  return result.rows.map((r) => ({
    ...r,
    spec_version: r.spec_version === null ? null : Number(r.spec_version),
    runs: Number(r.runs),
    approved: Number(r.approved),
    refined: Number(r.refined),
    rejected: Number(r.rejected),
    unread_citations: Number(r.unread_citations),
  }));
}

/** The statuses the domain names, as a parameter list for `in (…)`: the repository spells none out itself. */
function statusList(statuses: readonly Status[]) {
  return sql.join(
    statuses.map((s) => sql`${s}`),
    sql`, `,
  );
}
