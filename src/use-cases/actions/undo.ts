import type { ActionParams } from '../../domain/action-plan';
import { parseGitHubResult, parsePosted } from '../../domain/action-result';
import { githubProblem } from '../../integrations/github/client';
import { githubProblemText } from '../../views/slack-access';
import { GitHubNotConfigured, takeBack } from './github';
import { REASONS } from '../../views/reasons';
import { platformErrorCode } from '../../integrations/slack/errors';
import { listForVersion, markUndone, resetForReview } from '../../repositories/item-actions';
import type { WorkItemRow } from '../../repositories/work-items';
import type { Deps } from '../deps';

/** What Undo could not take back: the action, and Slack's error code or GitHub's answer in words (null: Slack could not be reached). */
export interface UndoProblem {
  params: ActionParams;
  code: string | null;
}

/**
 * Undo of an automatic approval (the act level): deletes every message the version's actions
 * posted and puts the rest back to planned, so the version can be reviewed (and approved)
 * like any other. Returns what could not be deleted.
 */
export async function undoActions(deps: Deps, item: WorkItemRow): Promise<UndoProblem[]> {
  const problems: UndoProblem[] = [];
  for (const action of await listForVersion(deps.db, item.id, item.currentVersion)) {
    if (action.status !== 'succeeded') continue;
    const github = parseGitHubResult(action.result);
    if (github) {
      try {
        // The review's inline comments are deleted and its body says it was withdrawn; an issue is closed.
        await takeBack(deps, action.id, github);
      } catch (error) {
        const why = error instanceof GitHubNotConfigured ? REASONS.githubNotConfigured : githubProblemText(githubProblem(error));
        deps.logger.warn(`Undo could not withdraw ${github.url}: ${why}`);
        problems.push({ params: action.params, code: why });
        continue;
      }
    }
    const posted = parsePosted(action.result);
    if (posted) {
      try {
        await deps.slack.delete(posted);
      } catch (error) {
        const code = platformErrorCode(error);
        if (code !== 'message_not_found') {
          deps.logger.warn(`Undo could not delete ${posted.channel}/${posted.ts}: ${code ?? String(error)}`);
          problems.push({ params: action.params, code: code ?? null });
          continue;
        }
      }
    }
    await markUndone(deps.db, action.id);
    // The assignee's "Assigned to you" no longer lists what was taken back.
    if (action.assigneeId) await deps.home.refresh(action.assigneeId).catch((e) => deps.logger.warn(`Home refresh for ${action.assigneeId} not queued`, e));
  }
  await resetForReview(deps.db, item.id, item.currentVersion);
  return problems;
}
