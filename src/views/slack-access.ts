import type { GitHubProblem, ReadRefusal } from '../domain/read-refusal';

/** Why what a request names will not be read, in words the person can act on. */
export function readRefusalText(r: ReadRefusal): string {
  switch (r.code) {
    case 'github_not_configured':
      return `\`${r.agent}\` reads GitHub, and this Delegate has no GitHub token: an admin sets GITHUB_TOKEN (and GITHUB_API_URL for GitHub Enterprise Server).`;
    case 'no_pull_request':
      return `Tell \`${r.agent}\` which pull request: \`owner/repo#123\` or the PR's URL.`;
    case 'no_repository':
      return `Tell \`${r.agent}\` which repository: \`owner/repo\` or its URL.`;
    case 'github_refused':
      return `${r.ref}: ${githubProblemText(r.problem, r.what)}`;
    case 'not_found':
      return `I can't see ${r.name ? `#${r.name}` : `the channel ${r.channelId}`}: it was deleted, or it is private and I'm not in it (invite @Delegate to it first).`;
    case 'direct_message':
      return "I don't read direct messages: point me at a channel or a thread in one.";
    case 'archived':
      return `#${r.name} is archived, so there is nothing new to read.`;
    case 'bot_not_in_channel':
      return `Invite @Delegate to #${r.name} first (\`/invite @Delegate\` in the channel), then try again.`;
    case 'person_not_in_channel':
      return `#${r.name} is private and you are not in it, so I won't read it for you.`;
    case 'private_elsewhere':
      return `#${r.name} is private, so what I read there goes only to that channel or your DM; delegate from one of them.`;
    case 'slack_error':
      return r.error === 'message_gone'
        ? 'That message is gone (deleted, or in a conversation I can no longer see).'
        : `Slack would not let me read the channel ${r.channelId} (${r.error}).`;
  }
}

/** What GitHub said, in words; a missing permission is named. */
export function githubProblemText(p: GitHubProblem, what: 'pull request' | 'repository' = 'pull request'): string {
  switch (p.code) {
    case 'github_not_found':
      return what === 'repository' ? 'GitHub says there is no such repository, or the token cannot see it.' : "GitHub says there is no such pull request, or the token cannot see its repository.";
    case 'github_bad_token':
      return 'GitHub refused the token (GITHUB_TOKEN): it is wrong or has expired.';
    case 'github_missing_permission':
      return p.permission
        ? `the GitHub token lacks the permission this needs (${p.permission}); give it that permission and try again.`
        : 'the GitHub token is not allowed to read this; check its repository access and permissions.';
    case 'github_rate_limited':
      return "GitHub's rate limit is spent for now; try again in a few minutes.";
    case 'diff_too_large':
      return 'the diff is too large for GitHub to send.';
    case 'alerts_disabled':
      return 'Dependabot alerts are turned off for this repository (its Settings → Code security).';
    case 'github_error':
      return `GitHub answered ${p.status || 'with an error'} (${p.detail}).`;
  }
}
