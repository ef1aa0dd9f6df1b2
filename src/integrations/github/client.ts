import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import type { GitHubProblem } from '../../domain/read-refusal';
import type { Logger } from '../../logger';

export type { GitHubProblem };

/**
 * Octokit as Delegate uses it: primary and secondary rate limits waited out (the throttling
 * plugin, up to two retries each), server errors retried (the retry plugin), then an error
 * that `githubProblem` turns into words a person can act on.
 */
const GitHub = Octokit.plugin(throttling, retry, restEndpointMethods, paginateRest);
export type GitHubApi = InstanceType<typeof GitHub>;

export function githubApi(config: { token: string; apiUrl: string }, logger: Logger): GitHubApi {
  return new GitHub({
    auth: config.token,
    baseUrl: config.apiUrl,
    userAgent: 'delegate-slack-app',
    throttle: {
      onRateLimit: (retryAfter, options, _octokit, retryCount) => {
        logger.warn(`GitHub rate limit on ${options.method} ${options.url}; retrying in ${retryAfter} s`);
        return retryCount < 2;
      },
      onSecondaryRateLimit: (retryAfter, options, _octokit, retryCount) => {
        logger.warn(`GitHub secondary rate limit on ${options.method} ${options.url}; retrying in ${retryAfter} s`);
        return retryCount < 2;
      },
    },
    retry: { doNotRetry: [400, 401, 403, 404, 406, 410, 422, 451] },
  });
}

export function githubProblem(error: unknown): GitHubProblem {
  const e = error as { status?: number; message?: string; response?: { headers?: Record<string, string | undefined>; data?: unknown } };
  const status = typeof e?.status === 'number' ? e.status : 0;
  const headers = e?.response?.headers ?? {};
  const detail = JSON.stringify(e?.response?.data ?? e?.message ?? String(error)).slice(0, 200);
  if (status === 404) return { code: 'github_not_found' };
  if (status === 401) return { code: 'github_bad_token' };
  if (status === 406 && /too_large|too large/i.test(detail)) return { code: 'diff_too_large' };
  if (status === 403 || status === 429) {
    if (headers['x-ratelimit-remaining'] === '0' || headers['retry-after'] || /rate limit/i.test(detail)) return { code: 'github_rate_limited' };
    // GitHub names the fine-grained permission an endpoint needs in this header.
    return { code: 'github_missing_permission', permission: headers['x-accepted-github-permissions'] ?? null };
  }
  return { code: 'github_error', status, detail };
}
