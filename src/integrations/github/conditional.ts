import type { z } from 'zod';
import type { GitHubApi } from './client';

/** Where conditional GETs keep what GitHub sent (the use case backs it with the database). */
export interface AnswerCache {
  get(url: string): Promise<{ etag: string; data: unknown; link: string | null } | undefined>;
  put(url: string, answer: { etag: string; data: unknown; link: string | null }): Promise<void>;
  /** GitHub answered 304: the stored answer is current. */
  notModified(url: string): Promise<void>;
}

export interface Answer<T> {
  data: T;
  /** The next page's URL, from the `link` header. */
  next: string | null;
}

/**
 * A GET that sends If-None-Match when a copy of the answer is stored, and takes GitHub's 304
 * (which does not count against the rate limit) as "the stored copy is current". The answer is
 * parsed with `schema` at this boundary, and only what it keeps is stored. A stored copy the
 * schema no longer accepts is not offered. Errors are GitHub's, for `githubProblem`.
 */
export async function conditionalGet<T>(api: GitHubApi, url: string, schema: z.ZodType<T>, cache: AnswerCache): Promise<Answer<T>> {
  const key = cacheKey(url);
  const stored = await cache.get(key);
  const copy = stored && schema.safeParse(stored.data);
  const usable = stored && copy?.success ? { ...stored, data: copy.data } : undefined;
  try {
    const res = await api.request(`GET ${url}`, usable ? { headers: { 'if-none-match': usable.etag } } : {});
    const data = schema.parse(res.data);
    const link = res.headers.link ?? null;
    if (res.headers.etag) await cache.put(key, { etag: res.headers.etag, data, link });
    return { data, next: nextPage(link) };
  } catch (error) {
    if ((error as { status?: number }).status !== 304 || !usable) throw error;
    await cache.notModified(key);
    return { data: usable.data, next: nextPage(usable.link) };
  }
}

/** Path and query: the same request keys the same row whatever host the `link` header names. */
function cacheKey(url: string): string {
  if (!/^https?:\/\//.test(url)) return url;
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
}

function nextPage(link: string | null): string | null {
  return link ? (/<([^>]+)>;\s*rel="next"/.exec(link)?.[1] ?? null) : null;
}
