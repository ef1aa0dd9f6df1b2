import { and, asc, eq, isNull, like, max, ne } from 'drizzle-orm';
import { evidence, workItems } from '../../db/schema';
import { SOURCE_KINDS, type Evidence } from '../domain/evidence';
import type { DbOrTx } from '../db/database';
import { z } from 'zod';

// Rows are read back through the same shapes they were written with: text columns are not trusted as enums.
const sourceKind = z.enum(SOURCE_KINDS);
const readVia = z.enum(['context', 'tool']);
const readProblem = z.object({ code: z.string() }).loose().nullable().catch(null);

/** What agents read, per artifact version. Takes a db; holds no rules. */
export async function insertEvidence(tx: DbOrTx, workItemId: string, version: number, reads: readonly Evidence[]): Promise<void> {
  if (!reads.length) return;
  await tx
    .insert(evidence)
    .values(
      reads.map((e, seq) => ({
        workItemId,
        version,
        seq,
        kind: e.kind,
        via: e.via,
        ref: e.ref,
        label: e.label,
        url: e.url,
        aliases: e.aliases,
        readAt: e.at,
        since: e.since,
        bytes: e.bytes,
        items: e.items,
        truncated: e.truncated,
        digest: e.digest,
        problem: e.problem,
      })),
    )
    // A re-delivered run stores the same reads once.
    .onConflictDoNothing();
}

export async function listEvidence(db: DbOrTx, workItemId: string, version: number): Promise<Evidence[]> {
  const rows = await db
    .select()
    .from(evidence)
    .where(and(eq(evidence.workItemId, workItemId), eq(evidence.version, version)))
    .orderBy(asc(evidence.seq));
  return rows.map((r) => ({
    kind: sourceKind.parse(r.kind),
    via: readVia.parse(r.via),
    ref: r.ref,
    label: r.label,
    url: r.url,
    aliases: r.aliases,
    at: r.readAt,
    since: r.since,
    bytes: r.bytes,
    items: r.items,
    truncated: r.truncated,
    digest: r.digest,
    problem: readProblem.parse(r.problem),
  }));
}

/**
 * When this agent last read this channel for this person (successfully), for another item: the
 * next window starts there. An item's own earlier versions do not count, so a refinement reads
 * the same window again.
 */
export function lastChannelRead(db: DbOrTx, ownerId: string, agent: string, channelId: string, excludeItemId: string): Promise<Date | null> {
  return lastRead(db, { ownerId, agent, kind: 'slack_channel', refLike: `${channelId} %`, excludeItemId });
}

/**
 * When this agent last read this repository for this person (successfully), for another
 * item: the next run starts there (pr-summary's pull requests, docs' commits). `repo` is
 * owner/name in lowercase, as the evidence ref starts with it; `after` is what follows it in
 * the ref (" since …", " commits since …").
 */
export function lastRepoRead(
  db: DbOrTx,
  ownerId: string,
  agent: string,
  repo: string,
  excludeItemId: string,
  read: { kind: 'github_repo' | 'github_docs'; after: ' since ' | ' commits since ' } = { kind: 'github_repo', after: ' since ' },
): Promise<Date | null> {
  // `_` is a LIKE wildcard, and repository names may hold one.
  return lastRead(db, { ownerId, agent, kind: read.kind, refLike: `${repo.replace(/[\\%_]/g, '\\$&')}${read.after}%`, excludeItemId });
}

async function lastRead(db: DbOrTx, q: { ownerId: string; agent: string; kind: string; refLike: string; excludeItemId: string }): Promise<Date | null> {
  const [row] = await db
    .select({ at: max(evidence.readAt) })
    .from(evidence)
    .innerJoin(workItems, eq(workItems.id, evidence.workItemId))
    .where(
      and(
        eq(workItems.ownerId, q.ownerId),
        eq(workItems.agent, q.agent),
        eq(evidence.kind, q.kind),
        like(evidence.ref, q.refLike),
        isNull(evidence.problem),
        ne(evidence.workItemId, q.excludeItemId),
      ),
    );
  return row?.at ?? null;
}
