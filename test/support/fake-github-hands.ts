import { sendJson } from './http-server';
import { filesOf, headSha, linesShown, type FakePull, type FakeRoute } from './fake-github';

export interface FakeReview {
  id: number;
  owner: string;
  repo: string;
  number: number;
  event: string;
  commitId: string;
  body: string;
  comments: Map<number, { path: string; line: number; body: string }>;
}

export interface FakeIssue {
  number: number;
  owner: string;
  repo: string;
  title: string;
  body: string;
  state: string;
  stateReason: string | null;
}

type Fake = { pull(owner: string, repo: string, n: number): FakePull | undefined; route(...r: FakeRoute[]): void };

/**
 * GitHub's write endpoints for the hands: reviews with inline comments (refused with 422 when
 * a comment's line is not in the diff, as GitHub does), their comments' deletion and the body's
 * update, and issues. `loseNextAnswer` creates the thing and then answers 502, as when GitHub's
 * answer is lost on the way: only a marker lets the retry know.
 */
export function addHands(gh: Fake) {
  const reviews: FakeReview[] = [];
  const issues: FakeIssue[] = [];
  let nextId = 1000;
  let lose = 0;
  const json = (body: string) => JSON.parse(body || '{}') as Record<string, unknown>;
  const answer = (res: Parameters<FakeRoute['handle']>[0]['res'], status: number, body: unknown, headers: Record<string, string>) => {
    if (lose > 0 && status < 300) {
      lose--;
      return sendJson(res, 502, { message: 'Server Error' }, headers);
    }
    return sendJson(res, status, body, headers);
  };
  const reviewJson = (r: FakeReview) => ({ id: r.id, user: { login: 'delegate-bot' }, state: 'COMMENTED', body: r.body, commit_id: r.commitId, html_url: `https://github.com/${r.owner}/${r.repo}/pull/${r.number}#pullrequestreview-${r.id}` });
  const issueJson = (i: FakeIssue) => ({ id: i.number + 5000, number: i.number, title: i.title, body: i.body, state: i.state, state_reason: i.stateReason, html_url: `https://github.com/${i.owner}/${i.repo}/issues/${i.number}` });

  gh.route(
    {
      method: 'POST',
      path: /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/reviews$/,
      handle: ({ match, body, res, headers }) => {
        const [, owner, repo, n] = match;
        const pull = gh.pull(owner!, repo!, Number(n));
        if (!pull) return sendJson(res, 404, { message: 'Not Found' }, headers);
        const input = json(body) as { event?: string; body?: string; commit_id?: string; comments?: Array<{ path: string; line: number; side?: string; body: string }> };
        const files = new Map((pull.files ?? filesOf(pull.diff)).map((f) => [f.filename, linesShown(f.patch ?? '')]));
        for (const c of input.comments ?? []) {
          if (!files.get(c.path)?.has(c.line)) return sendJson(res, 422, { message: 'Unprocessable Entity', errors: ['Line could not be resolved'] }, headers);
        }
        const review: FakeReview = { id: nextId++, owner: owner!, repo: repo!, number: Number(n), event: input.event ?? 'PENDING', commitId: input.commit_id ?? headSha(pull), body: input.body ?? '', comments: new Map() };
        for (const c of input.comments ?? []) review.comments.set(nextId++, { path: c.path, line: c.line, body: c.body });
        reviews.push(review);
        (pull.reviews ??= []).push({ id: review.id, user: 'delegate-bot', state: 'COMMENTED', body: review.body });
        return answer(res, 200, reviewJson(review), headers);
      },
    },
    {
      method: 'GET',
      path: /^\/repos\/[^/]+\/[^/]+\/pulls\/\d+\/reviews\/(\d+)\/comments$/,
      handle: ({ match, res, headers }) => {
        const review = reviews.find((r) => r.id === Number(match[1]));
        if (!review) return sendJson(res, 404, { message: 'Not Found' }, headers);
        return sendJson(res, 200, [...review.comments].map(([id, c]) => ({ id, path: c.path, line: c.line, body: c.body, pull_request_review_id: review.id })), headers);
      },
    },
    {
      method: 'PUT',
      path: /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)\/reviews\/(\d+)$/,
      handle: ({ match, body, res, headers }) => {
        const review = reviews.find((r) => r.id === Number(match[2]));
        if (!review) return sendJson(res, 404, { message: 'Not Found' }, headers);
        review.body = String(json(body).body ?? '');
        const listed = gh.pull(review.owner, review.repo, review.number)?.reviews?.find((r) => r.id === review.id);
        if (listed) listed.body = review.body;
        return sendJson(res, 200, reviewJson(review), headers);
      },
    },
    {
      method: 'DELETE',
      path: /^\/repos\/[^/]+\/[^/]+\/pulls\/comments\/(\d+)$/,
      handle: ({ match, res, headers }) => {
        const review = reviews.find((r) => r.comments.has(Number(match[1])));
        if (!review) return sendJson(res, 404, { message: 'Not Found' }, headers);
        review.comments.delete(Number(match[1]));
        res.writeHead(204, headers);
        res.end();
      },
    },
    {
      method: 'POST',
      path: /^\/repos\/([^/]+)\/([^/]+)\/issues$/,
      handle: ({ match, body, res, headers }) => {
        const input = json(body);
        if (typeof input.title !== 'string' || !input.title) return sendJson(res, 422, { message: 'Validation Failed' }, headers);
        const issue: FakeIssue = { number: issues.length + 1, owner: match[1]!, repo: match[2]!, title: input.title, body: String(input.body ?? ''), state: 'open', stateReason: null };
        issues.push(issue);
        return answer(res, 201, issueJson(issue), headers);
      },
    },
    {
      method: 'GET',
      path: /^\/repos\/([^/]+)\/([^/]+)\/issues$/,
      handle: ({ match, res, headers }) => sendJson(res, 200, issues.filter((i) => i.owner === match[1] && i.repo === match[2]).reverse().map(issueJson), headers),
    },
    {
      method: 'PATCH',
      path: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/,
      handle: ({ match, body, res, headers }) => {
        const issue = issues.find((i) => i.owner === match[1] && i.repo === match[2] && i.number === Number(match[3]));
        if (!issue) return sendJson(res, 404, { message: 'Not Found' }, headers);
        const input = json(body);
        if (typeof input.body === 'string') issue.body = input.body;
        if (typeof input.state === 'string') issue.state = input.state;
        if (typeof input.state_reason === 'string') issue.stateReason = input.state_reason;
        return sendJson(res, 200, issueJson(issue), headers);
      },
    },
  );
  return {
    reviews,
    issues,
    /** The next write is done, but its answer is a 502 (lost on the way back). */
    loseNextAnswer: () => (lose = 1),
  };
}
