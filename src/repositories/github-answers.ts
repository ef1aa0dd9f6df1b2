import { eq, lt } from 'drizzle-orm';
import { githubEtagCache } from '../../db/schema';
import type { DbOrTx } from '../db/database';

/** A GitHub answer kept for conditional requests (see db/tables/github.ts). Takes a db; holds no rules. */
export interface StoredAnswer {
  etag: string;
  data: unknown;
  link: string | null;
}

export async function storedAnswer(db: DbOrTx, url: string): Promise<StoredAnswer | undefined> {
  const [row] = await db.select({ etag: githubEtagCache.etag, data: githubEtagCache.data, link: githubEtagCache.link }).from(githubEtagCache).where(eq(githubEtagCache.url, url));
  return row;
}

export async function storeAnswer(db: DbOrTx, url: string, answer: StoredAnswer, at: Date): Promise<void> {
  const row = { etag: answer.etag, data: answer.data, link: answer.link, checkedAt: at };
  await db.insert(githubEtagCache).values({ url, ...row }).onConflictDoUpdate({ target: githubEtagCache.url, set: row });
}

/** GitHub said the stored answer is still current. */
export async function markAnswerChecked(db: DbOrTx, url: string, at: Date): Promise<void> {
  await db.update(githubEtagCache).set({ checkedAt: at }).where(eq(githubEtagCache.url, url));
}

/** Answers nobody asked about since `before` (a commit's checks after the next push, a repository no longer summarised). */
export async function dropAnswersUnusedSince(db: DbOrTx, before: Date): Promise<number> {
  const dropped = await db.delete(githubEtagCache).where(lt(githubEtagCache.checkedAt, before)).returning({ url: githubEtagCache.url });
  return dropped.length;
}
