import type { DiffFile } from '../../domain/diff';
import { parseUnifiedDiff } from '../../domain/diff';
import type { GitHubApi } from './client';

/**
 * GitHub's write endpoints as Delegate's hands use them, after a person approved. Creating is
 * never retried by Octokit (`retries: 0`): a lost answer to a POST may still have created
 * the review or issue, so the caller looks for its marker before creating again.
 */
type Pull = { owner: string; repo: string; pull_number: number };
type Repo = { owner: string; repo: string };
const ONCE = { request: { retries: 0 } };
/** A pull request shows at most 3,000 files; past that a line cannot be commented inline anyway. */
const MAX_FILES = 3_000;

/** The PR's head and the new-side lines its diff shows now, for placing inline comments. */
export async function changedLines(api: GitHubApi, where: Pull): Promise<{ headSha: string; files: DiffFile[] }> {
  const { data: pr } = await api.rest.pulls.get(where);
  const files = await api.paginate(api.rest.pulls.listFiles, { ...where, per_page: 100 });
  const diff = files
    .slice(0, MAX_FILES)
    .map((f) => (f.patch ? `diff --git a/${f.filename} b/${f.filename}\n--- a/${f.filename}\n+++ b/${f.filename}\n${f.patch}\n` : ''))
    .join('');
  return { headSha: pr.head.sha, files: parseUnifiedDiff(diff) };
}

export async function findReview(api: GitHubApi, where: Pull, marked: (body: string) => boolean): Promise<{ id: number; url: string } | undefined> {
  const reviews = await api.paginate(api.rest.pulls.listReviews, { ...where, per_page: 100 });
  const found = reviews.find((r) => marked(r.body ?? ''));
  return found ? { id: Number(found.id), url: found.html_url } : undefined;
}

export async function createReview(api: GitHubApi, where: Pull, review: { commitId: string; body: string; comments: Array<{ path: string; line: number; body: string }> }) {
  const { data } = await api.rest.pulls.createReview({
    ...where,
    commit_id: review.commitId,
    // COMMENT only: Delegate never approves or blocks a merge.
    event: 'COMMENT',
    body: review.body,
    comments: review.comments.map((c) => ({ path: c.path, line: c.line, side: 'RIGHT' as const, body: c.body })),
    ...ONCE,
  });
  return { id: Number(data.id), url: data.html_url };
}

export async function reviewCommentIds(api: GitHubApi, where: Pull, reviewId: number): Promise<number[]> {
  const comments = await api.paginate(api.rest.pulls.listCommentsForReview, { ...where, review_id: reviewId, per_page: 100 });
  return comments.map((c) => Number(c.id));
}

/** Deletes the inline comments (one already gone is fine) and replaces the body; a submitted review itself cannot be deleted. */
export async function withdrawReview(api: GitHubApi, where: Pull, reviewId: number, commentIds: readonly number[], body: string): Promise<void> {
  for (const id of commentIds) {
    await api.rest.pulls.deleteReviewComment({ owner: where.owner, repo: where.repo, comment_id: id }).catch((error: { status?: number }) => {
      if (error?.status !== 404) throw error;
    });
  }
  await api.rest.pulls.updateReview({ ...where, review_id: reviewId, body });
}

/** The newest issues first: a retried job's issue is among the most recent. */
export async function findIssue(api: GitHubApi, where: Repo, marked: (body: string) => boolean): Promise<{ number: number; url: string } | undefined> {
  const { data } = await api.rest.issues.listForRepo({ ...where, state: 'all', sort: 'created', direction: 'desc', per_page: 50 });
  const found = data.find((i) => !i.pull_request && marked(i.body ?? ''));
  return found ? { number: found.number, url: found.html_url } : undefined;
}

export async function createIssue(api: GitHubApi, where: Repo, issue: { title: string; body: string }) {
  const { data } = await api.rest.issues.create({ ...where, title: issue.title, body: issue.body, ...ONCE });
  return { number: data.number, url: data.html_url };
}

/** Issues cannot be deleted with a token's REST access: it is closed as not planned, its body replaced. */
export async function withdrawIssue(api: GitHubApi, where: Repo, number: number, body: string): Promise<void> {
  await api.rest.issues.update({ ...where, issue_number: number, state: 'closed', state_reason: 'not_planned', body });
}
