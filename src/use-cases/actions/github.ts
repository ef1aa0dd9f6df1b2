import type { GitHubIssueDraft, GitHubReviewDraft } from '../../domain/action-plan';
import type { GitHubIssueResult, GitHubResult, GitHubReviewResult } from '../../domain/action-result';
import { placeComments } from '../../domain/review-placement';
import { changedLines, createIssue, createReview, findIssue, findReview, reviewCommentIds, withdrawIssue, withdrawReview } from '../../integrations/github/hands';
import type { GitHubApi } from '../../integrations/github/client';
import { delegateMarker, hasMarker, ISSUE_FOOTER, markedBody, REVIEW_FOOTER, reviewBody, WITHDRAWN } from '../../views/github-markdown';
import type { Deps } from '../deps';

/** Thrown when a GitHub hand runs without GITHUB_TOKEN (it was unset after the plan was made). */
export class GitHubNotConfigured extends Error {
  readonly code = 'github_not_configured';
}

const api = (deps: Pick<Deps, 'github'>): GitHubApi => {
  if (!deps.github) throw new GitHubNotConfigured('GITHUB_TOKEN is not set');
  return deps.github;
};

/**
 * One review with event COMMENT. Idempotent across retries: the body carries the action's
 * marker, and a review that already carries it is adopted instead of posting a second one.
 */
export async function postReview(deps: Pick<Deps, 'github'>, actionId: string, draft: GitHubReviewDraft): Promise<GitHubReviewResult> {
  const gh = api(deps);
  const where = { owner: draft.owner, repo: draft.repo, pull_number: draft.number };
  const base = { kind: 'github_review' as const, owner: draft.owner, repo: draft.repo, number: draft.number };
  const existing = await findReview(gh, where, (body) => hasMarker(body, actionId));
  if (existing) return { ...base, reviewId: existing.id, url: existing.url, commentIds: await reviewCommentIds(gh, where, existing.id) };
  // Lines are placed against the diff as it is now: a line new commits moved goes in the body.
  const { headSha, files } = await changedLines(gh, where);
  const { inline, inBody } = placeComments(draft.comments, files);
  const body = markedBody(reviewBody(draft.body, inBody), actionId, REVIEW_FOOTER);
  const review = await createReview(gh, where, { commitId: headSha, body, comments: inline });
  return { ...base, reviewId: review.id, url: review.url, commentIds: await reviewCommentIds(gh, where, review.id) };
}

/** One issue; idempotent like the review (its marker is looked for among the newest issues first). */
export async function openIssue(deps: Pick<Deps, 'github'>, actionId: string, draft: GitHubIssueDraft): Promise<GitHubIssueResult> {
  const gh = api(deps);
  const where = { owner: draft.owner, repo: draft.repo };
  const existing = await findIssue(gh, where, (body) => hasMarker(body, actionId));
  const issue = existing ?? (await createIssue(gh, where, { title: draft.title, body: markedBody(draft.body, actionId, ISSUE_FOOTER) }));
  return { kind: 'github_issue', owner: draft.owner, repo: draft.repo, number: issue.number, url: issue.url };
}

/** Undo: the inline comments go, the review or issue says it was withdrawn (GitHub keeps a submitted review and an issue). */
export async function takeBack(deps: Pick<Deps, 'github'>, actionId: string, result: GitHubResult): Promise<void> {
  const gh = api(deps);
  const body = `${WITHDRAWN}\n${delegateMarker(actionId)}`;
  if (result.kind === 'github_review') {
    await withdrawReview(gh, { owner: result.owner, repo: result.repo, pull_number: result.number }, result.reviewId, result.commentIds, body);
  } else {
    await withdrawIssue(gh, { owner: result.owner, repo: result.repo }, result.number, body);
  }
}
