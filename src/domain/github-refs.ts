/**
 * Pull requests a request names: `acme/web#42`, or the PR's URL (github.com or a GitHub
 * Enterprise Server host), as Slack delivers them (`<https://…>` or bare).
 */
export interface PrRef {
  owner: string;
  repo: string;
  number: number;
}

const NAME = '[A-Za-z0-9][A-Za-z0-9-]{0,38}';
const REPO = '[A-Za-z0-9._-]{1,100}';

export function prRefsIn(text: string): PrRef[] {
  const refs: PrRef[] = [];
  const add = (owner: string, repo: string, n: string) => {
    const ref = { owner, repo, number: Number(n) };
    if (ref.number > 0 && !refs.some((r) => sameRef(r, ref))) refs.push(ref);
  };
  for (const m of text.matchAll(new RegExp(`https?://[^\\s/<>|]+/(${NAME})/(${REPO})/pull/(\\d{1,9})`, 'g'))) add(m[1]!, m[2]!, m[3]!);
  const withoutUrls = text.replace(/https?:\/\/[^\s<>|]+/g, ' ');
  for (const m of withoutUrls.matchAll(new RegExp(`(?:^|[\\s(,])(${NAME})/(${REPO})#(\\d{1,9})\\b`, 'g'))) add(m[1]!, m[2]!, m[3]!);
  return refs;
}

export const formatPrRef = (r: PrRef) => `${r.owner}/${r.repo}#${r.number}`;

const sameRef = (a: PrRef, b: PrRef) => a.owner.toLowerCase() === b.owner.toLowerCase() && a.repo.toLowerCase() === b.repo.toLowerCase() && a.number === b.number;

/** A repository a request names: `acme/web`, or its URL. */
export interface RepoRef {
  owner: string;
  repo: string;
}

/**
 * Repositories a request names, in order, once each: `acme/web` as a word of its own (not
 * `acme/web#42`, which is a pull request) or `https://github.com/acme/web` (any host).
 */
export function repoRefsIn(text: string): RepoRef[] {
  const refs: RepoRef[] = [];
  const add = (owner: string, repo: string) => {
    const ref = { owner, repo: repo.replace(/\.git$/, '') };
    if (!refs.some((r) => sameRepo(r, ref))) refs.push(ref);
  };
  for (const m of text.matchAll(new RegExp(`https?://[^\\s/<>|]+/(${NAME})/(${REPO}?)\\/?(?=[\\s<>|]|$)`, 'g'))) add(m[1]!, m[2]!);
  const withoutUrls = text.replace(/https?:\/\/[^\s<>|]+/g, ' ');
  for (const m of withoutUrls.matchAll(new RegExp(`(?:^|[\\s(,])(${NAME})/(${REPO}?)(?=[\\s),.;:]*(?:\\s|$))`, 'g'))) add(m[1]!, m[2]!.replace(/[.]+$/, ''));
  return refs;
}

export const formatRepoRef = (r: RepoRef) => `${r.owner}/${r.repo}`;

const sameRepo = (a: RepoRef, b: RepoRef) => a.owner.toLowerCase() === b.owner.toLowerCase() && a.repo.toLowerCase() === b.repo.toLowerCase();
