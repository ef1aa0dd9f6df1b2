import { parsePosted } from '../domain/action-result';
import { DEFAULT_STALE_HOURS, isStale } from '../domain/staleness';
import { getSpec } from '../../specs/index';
import { SPEC_COACH } from '../../specs/spec-coach';
import { latestArtifacts, recentlyClosed, retro, type RetroSqlRow } from '../repositories/home';
import { listSchedules } from '../repositories/schedules';
import { toScheduleView } from './schedule-view';
import { watchList } from './watches';
import { listActing, listOpen, stateOf, type WorkItemRow } from '../repositories/work-items';
import { listAssignedTo } from '../repositories/item-actions';
import { getPerson } from '../repositories/people';
import { DEFAULT_PAGES, renderHome, type HomeItem, type HomeModel, type HomePages, type RetroRow } from '../views/home';
import type { Deps } from './deps';
import { trustOverview } from './trust';

const DAY = 86_400_000;

/** Home's query layer: bounded by what is shown (limits and indexed ranges), not by history. */
export async function buildHomeModel(deps: Deps, userId: string, pages: HomePages = DEFAULT_PAGES): Promise<HomeModel> {
  const now = deps.now();
  const [person, open, schedules, closed, retroRows, trust, acting, assigned, watches] = await Promise.all([
    getPerson(deps.db, userId),
    listOpen(deps.db, userId, 200),
    listSchedules(deps.db, userId),
    recentlyClosed(deps.db, userId, new Date(now.getTime() - 7 * DAY), pages.completed),
    retro(deps.db, userId, new Date(now.getTime() - 30 * DAY)),
    trustOverview(deps.db, userId),
    listActing(deps.db, userId),
    listAssignedTo(deps.db, userId, new Date(now.getTime() - 14 * DAY), 15),
    watchList(deps, userId),
  ]);
  const review = open.filter((r) => r.status === 'awaiting_review');
  const previews = await reviewPreviews(deps, review, pages.review);
  return {
    isNew: !person && open.length === 0 && closed.total === 0 && schedules.length === 0 && assigned.length === 0,
    open: open.length,
    limit: person?.wipLimit ?? deps.config.wipLimit,
    review: review.map((r) => item(r, { preview: previews.get(r.id), stale: isStale(r.updatedAt, person?.staleHours ?? DEFAULT_STALE_HOURS, now) })),
    failed: open.filter((r) => r.status === 'failed').map((r) => {
      const state = stateOf(r);
      return item(r, { reason: state.status === 'failed' ? state.reason : undefined });
    }),
    running: open.filter((r) => r.status === 'queued' || r.status === 'running' || r.status === 'refining').map((r) => item(r)),
    inProgress: acting.map((r) => item(r, { since: r.decidedAt ?? r.updatedAt })),
    assigned: assigned.flatMap(toAssignedRows),
    schedules: schedules.map((s) => toScheduleView(s, now)),
    watches,
    completed: { items: closed.rows.map((r) => item(r, { since: r.decidedAt ?? r.updatedAt })), total: closed.total },
    retro: retroRows.map(toRetroRow),
    trust: { rows: trust, promoteAfter: deps.config.trust.promoteAfter },
    pages,
  };
}

/** One line of Home for an item. */
function item(r: WorkItemRow, extra: Partial<HomeItem> = {}): HomeItem {
  return { id: r.id, agent: r.agent, instructions: r.instructions, status: r.status, version: r.currentVersion, since: r.updatedAt, ...extra };
}

/** One-line summaries of the reviews Home shows (the oldest first, one page of them). */
async function reviewPreviews(deps: Deps, review: readonly WorkItemRow[], shown: number): Promise<Map<string, string | undefined>> {
  const page = [...review].sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime()).slice(0, shown);
  const latest = await latestArtifacts(deps.db, page.map((r) => ({ id: r.id, version: r.currentVersion })));
  return new Map(latest.map((a) => [a.workItemId, getSpec(page.find((r) => r.id === a.workItemId)!.agent)?.summarize(a.content)]));
}

/** The action items others' approved work assigned to this person. */
function toAssignedRows(a: Awaited<ReturnType<typeof listAssignedTo>>[number]): HomeModel['assigned'] {
  if (a.params.kind !== 'assign') return [];
  return a.params.items.map((i) => ({ description: i.description, due: i.due, priority: i.priority, fromId: a.ownerId, agent: a.agent, link: parsePosted(a.result)?.permalink }));
}

export async function publishHome(deps: Deps, userId: string, pages?: HomePages): Promise<void> {
  const view = renderHome(await buildHomeModel(deps, userId, pages), deps.now());
  await deps.slack.publishHome(userId, view);
}

export function toRetroRow(r: RetroSqlRow): RetroRow {
  return {
    agent: r.agent,
    specVersion: r.spec_version,
    // The spec-coach's own spec is not for people to tighten.
    canTighten: r.agent !== SPEC_COACH,
    runs: r.runs,
    approved: r.approved,
    refined: r.refined,
    rejected: r.rejected,
    medianDecisionMs: r.median_decision_ms,
    medianReviewWaitMs: r.median_review_wait_ms,
    unreadCitations: r.unread_citations,
  };
}
