import type { GitHubProblem, ReadRefusal } from '../domain/read-refusal';
import { githubProblemText, readRefusalText } from './slack-access';
import type { ActionParams } from '../domain/action-plan';

/**
 * Words the app keeps with a row (an action's error, a run's failure reason) and shows later
 * on the card or Home, through `appWords`, which keeps `<#C…>` channel links live. They are
 * kept as words so that a card reads the same after a deploy.
 */
export const REASONS = {
  actionNotQueued: 'It could not be queued (the database was busy). Press Retry.',
  actionSuperseded: (version: number) => `Not run: version ${version} is no longer the approved one.`,
  slackUnreachable: (detail: string) => `Slack could not be reached (${detail}).`,
  interrupted: (cause: string) => `It was interrupted and could not be resumed (${cause}). Press Retry.`,
  runInterrupted: (cause: string) => `The run was interrupted and could not be resumed (${cause}). Press Retry.`,
  runNotQueued: 'The job queue did not accept the run (database busy or restarting). Press Retry.',
  agentGone: (agent: string) => `There is no agent called ${agent} any more.`,
  pausedByOwner: 'Paused by you.',
  githubNotConfigured: 'GitHub is not connected any more (GITHUB_TOKEN is unset). Set it, restart, and press Retry.',
  githubRefused: (p: GitHubProblem) => `GitHub refused it: ${githubProblemText(p)}`,
  cannotRead: (refusals: readonly ReadRefusal[]) => refusals.map(readRefusalText).join(' '),
} as const;

/** "post to <#C1>, DM 3 owners, escalate to the incident channel": what approving will do. */
export function describePlan(params: readonly ActionParams[]): string {
  const posts = params.flatMap((p) => (p.kind === 'publish' ? [`post to <#${p.channelId}>`] : []));
  const dms = params.filter((p) => p.kind === 'assign').length;
  const parts = [...posts];
  if (dms) parts.push(`DM ${dms} owner${dms === 1 ? '' : 's'} their items`);
  for (const p of params) {
    if (p.kind === 'escalate_post') parts.push(`escalate in <#${p.channelId}>`);
    if (p.kind === 'escalate_dm') parts.push('DM the escalation target');
    if (p.kind === 'github_review') parts.push(`comment on ${p.owner}/${p.repo}#${p.number} on GitHub (${inlineCount(p.comments.length)})`);
    if (p.kind === 'github_issue') parts.push(`open an issue in ${p.owner}/${p.repo} on GitHub`);
  }
  return parts.length ? parts.join(', ') : 'nothing (every action is unticked)';
}

const inlineCount = (n: number) => (n ? `${n} remark${n === 1 ? '' : 's'} on lines` : 'a summary only');

/** Slack's error codes, in words a person can act on. */
export function explainSlackError(code: string, channelId?: string): string {
  const where = channelId ? `<#${channelId}>` : 'that conversation';
  switch (code) {
    case 'channel_not_found':
      return `${where} doesn't exist or I can't see it (a private channel needs me invited).`;
    case 'not_in_channel':
      return `I'm not a member of ${where}; invite me with \`/invite @Delegate\` and press Retry.`;
    case 'is_archived':
      return `${where} is archived.`;
    case 'restricted_action':
    case 'access_denied':
      return `Posting in ${where} is restricted for apps by a workspace setting.`;
    case 'user_not_found':
    case 'user_disabled':
    case 'cannot_dm_bot':
      return "That person can't receive a DM from me (deactivated, or a bot).";
    case 'ratelimited':
      return 'Slack is rate-limiting me right now; press Retry in a minute.';
    case 'msg_too_long':
    case 'invalid_blocks':
      return 'Slack refused the message as too long or malformed.';
    default:
      return `Slack refused the message (${code}).`;
  }
}
