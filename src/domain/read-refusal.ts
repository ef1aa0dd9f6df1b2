import type { SlackAccessRefusal } from './slack-access';

/** Why GitHub would not answer, as data a view words; `permission` names what the token lacks. */
export type GitHubProblem =
  | { code: 'github_not_found' }
  | { code: 'github_bad_token' }
  | { code: 'github_missing_permission'; permission: string | null }
  | { code: 'github_rate_limited' }
  | { code: 'diff_too_large' }
  | { code: 'alerts_disabled' }
  | { code: 'github_error'; status: number; detail: string };

/** Why what a request names will not be read: refused before anything is created, or failing the run. */
export type ReadRefusal =
  | SlackAccessRefusal
  | { code: 'github_not_configured'; agent: string }
  | { code: 'no_pull_request'; agent: string }
  | { code: 'no_repository'; agent: string }
  | { code: 'github_refused'; ref: string; problem: GitHubProblem; what?: 'repository' };
