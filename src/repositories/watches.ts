import { and, asc, eq, gte, inArray, sql } from 'drizzle-orm';
import { watchEvents, watches, webhookDeliveries } from '../../db/schema';
import type { DbOrTx } from '../db/database';

/** Data access for watches and the events they took in. Takes a db (or transaction); holds no rules. */
export type WatchRow = typeof watches.$inferSelect;
export type NewWatch = typeof watches.$inferInsert;
export type WatchEventRow = typeof watchEvents.$inferSelect;

/** Creates the watch, or updates the one this person has for the same source and agent. */
export async function upsertWatch(db: DbOrTx, watch: NewWatch): Promise<{ row: WatchRow; created: boolean }> {
  const [existing] = await db.select({ id: watches.id }).from(watches).where(and(eq(watches.ownerId, watch.ownerId), eq(watches.key, watch.key)));
  const [row] = await db
    .insert(watches)
    .values(watch)
    .onConflictDoUpdate({
      target: [watches.ownerId, watches.key],
      set: { filters: watch.filters ?? {}, channelId: watch.channelId ?? null, state: 'active', updatedAt: sql`now()` },
    })
    .returning();
  return { row: row!, created: !existing };
}

export async function getWatch(db: DbOrTx, id: string): Promise<WatchRow | undefined> {
  const [row] = await db.select().from(watches).where(eq(watches.id, id));
  return row;
}

export async function listWatches(db: DbOrTx, ownerId: string): Promise<WatchRow[]> {
  return db.select().from(watches).where(eq(watches.ownerId, ownerId)).orderBy(asc(watches.createdAt)).limit(50);
}

/** Active watches on alerts (their filters are applied by the caller, from the domain). */
export async function activeAlertWatches(db: DbOrTx): Promise<WatchRow[]> {
  return db.select().from(watches).where(and(eq(watches.sourceKind, 'alerts'), eq(watches.state, 'active')));
}

export async function setWatchState(db: DbOrTx, id: string, state: 'active' | 'paused'): Promise<WatchRow | undefined> {
  const [row] = await db.update(watches).set({ state, updatedAt: sql`now()` }).where(eq(watches.id, id)).returning();
  return row;
}

export async function deleteWatch(db: DbOrTx, id: string): Promise<boolean> {
  const rows = await db.delete(watches).where(eq(watches.id, id)).returning({ id: watches.id });
  return rows.length > 0;
}

export async function deleteWatchByKey(db: DbOrTx, ownerId: string, key: string): Promise<WatchRow | undefined> {
  const [row] = await db.delete(watches).where(and(eq(watches.ownerId, ownerId), eq(watches.key, key))).returning();
  return row;
}

/** The newest event row a watch has for a key (the PR, the alert group). */
export async function latestEvent(db: DbOrTx, watchId: string, eventKey: string): Promise<WatchEventRow | undefined> {
  const [row] = await db
    .select()
    .from(watchEvents)
    .where(and(eq(watchEvents.watchId, watchId), eq(watchEvents.eventKey, eventKey)))
    .orderBy(sql`${watchEvents.receivedAt} desc`)
    .limit(1);
  return row;
}

export async function insertEvent(db: DbOrTx, row: typeof watchEvents.$inferInsert): Promise<WatchEventRow> {
  const [inserted] = await db.insert(watchEvents).values(row).returning();
  return inserted!;
}

export async function updateEvent(db: DbOrTx, id: string, patch: Partial<typeof watchEvents.$inferInsert>): Promise<WatchEventRow | undefined> {
  const [row] = await db.update(watchEvents).set({ ...patch, updatedAt: sql`now()` }).where(eq(watchEvents.id, id)).returning();
  return row;
}

export async function countStartedSince(db: DbOrTx, watchId: string, since: Date): Promise<number> {
  return db.$count(watchEvents, and(eq(watchEvents.watchId, watchId), eq(watchEvents.status, 'started'), gte(watchEvents.receivedAt, since)));
}

/** Events waiting for a free slot for this person, oldest first. */
export async function waitingEventsOf(db: DbOrTx, ownerId: string): Promise<Array<WatchEventRow & { watch: WatchRow }>> {
  const rows = await db
    .select({ event: watchEvents, watch: watches })
    .from(watchEvents)
    .innerJoin(watches, eq(watches.id, watchEvents.watchId))
    .where(and(eq(watches.ownerId, ownerId), eq(watchEvents.status, 'waiting'), eq(watches.state, 'active')))
    .orderBy(asc(watchEvents.receivedAt));
  return rows.map((r) => ({ ...r.event, watch: r.watch }));
}

/** Per watch: events waiting and in the current storm, for Home and `watching`. */
export async function pendingCounts(db: DbOrTx, watchIds: readonly string[]): Promise<Map<string, { waiting: number; storm: number }>> {
  if (!watchIds.length) return new Map();
  const rows = await db
    .select({ watchId: watchEvents.watchId, status: watchEvents.status, n: sql<number>`count(*)::int` })
    .from(watchEvents)
    .where(and(inArray(watchEvents.watchId, [...watchIds]), inArray(watchEvents.status, ['waiting', 'storm'])))
    .groupBy(watchEvents.watchId, watchEvents.status);
  const counts = new Map<string, { waiting: number; storm: number }>();
  for (const r of rows) {
    const c = counts.get(r.watchId) ?? { waiting: 0, storm: 0 };
    c[r.status as 'waiting' | 'storm'] = r.n;
    counts.set(r.watchId, c);
  }
  return counts;
}

/** The events of a watch's current storm, oldest first. */
export async function stormEvents(db: DbOrTx, watchId: string, since: Date): Promise<WatchEventRow[]> {
  return db
    .select()
    .from(watchEvents)
    .where(and(eq(watchEvents.watchId, watchId), eq(watchEvents.status, 'storm'), gte(watchEvents.receivedAt, since)))
    .orderBy(asc(watchEvents.receivedAt))
    .limit(200);
}

export async function setStorm(db: DbOrTx, id: string, storm: { channelId: string | null; ts: string | null; since: Date | null }): Promise<void> {
  await db.update(watches).set({ stormChannelId: storm.channelId, stormTs: storm.ts, stormSince: storm.since, updatedAt: sql`now()` }).where(eq(watches.id, id));
}

/** The event that started an item (its card says what it was started by), if a watch started it. */
export async function eventForItem(db: DbOrTx, workItemId: string): Promise<(WatchEventRow & { watch: WatchRow }) | undefined> {
  const [row] = await db
    .select({ event: watchEvents, watch: watches })
    .from(watchEvents)
    .innerJoin(watches, eq(watches.id, watchEvents.watchId))
    .where(eq(watchEvents.workItemId, workItemId))
    .limit(1);
  return row ? { ...row.event, watch: row.watch } : undefined;
}

export async function forgetDelivery(db: DbOrTx, deliveryId: string): Promise<void> {
  await db.delete(webhookDeliveries).where(eq(webhookDeliveries.deliveryId, deliveryId));
}

/**
 * In one round trip: the active watches on a repository, and whether this delivery is new
 * (recorded only when someone watches, so an unwatched event stores nothing).
 */
export async function takeGitHubDelivery(db: DbOrTx, repo: string, deliveryId: string): Promise<{ watchIds: string[]; fresh: boolean }> {
  const { rows } = await db.execute<{ id: string; fresh: boolean }>(sql`
    with w as (select id from watches where source_kind = 'github' and repo = ${repo.toLowerCase()} and state = 'active'),
         d as (insert into webhook_deliveries (delivery_id, source) select ${deliveryId}, 'github' where exists (select 1 from w)
               on conflict do nothing returning delivery_id)
    select w.id, exists (select 1 from d) as fresh from w`);
  return { watchIds: rows.map((r) => r.id), fresh: rows[0]?.fresh ?? false };
}
