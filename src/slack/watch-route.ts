import type { WatchCommand } from '../domain/watch-grammar';
import type { Deps } from '../use-cases/deps';
import { unwatch, watch, watchList } from '../use-cases/watches';
import type { Message } from '../views/kit';
import { unwatchMessage, watchListMessage, watchRefusalText, watchResultMessage } from '../views/watches';
import { errorMessage } from '../views/messages';
import { escapeMrkdwn } from '../views/kit';

/** `/delegate watch …`, `watching`, `unwatch …`: one use case each, worded by views/watches.ts. */
export async function routeWatch(deps: Deps, req: { userId: string; teamId: string | null }, cmd: WatchCommand): Promise<Message> {
  switch (cmd.kind) {
    case 'watch_invalid':
      return errorMessage(escapeMrkdwn(watchRefusalText(cmd.reason)));
    case 'watching':
      return watchListMessage(await watchList(deps, req.userId));
    case 'unwatch': {
      const removed = await unwatch(deps, req.userId, cmd.source, cmd.agent);
      const what = `${cmd.source.kind === 'alerts' ? 'alerts' : `${cmd.source.owner}/${cmd.source.repo}`} ${cmd.agent}`;
      if (removed) await deps.home.refresh(req.userId).catch((e) => deps.logger.warn(`Home refresh for ${req.userId} not queued`, e));
      return unwatchMessage(!!removed, what);
    }
    case 'watch': {
      const result = await watch(deps, { userId: req.userId, teamId: req.teamId, source: cmd.source, agent: cmd.agent, filters: cmd.filters, channelId: cmd.channelId });
      if (result.kind === 'watching') await deps.home.refresh(req.userId).catch((e) => deps.logger.warn(`Home refresh for ${req.userId} not queued`, e));
      return watchResultMessage(result);
    }
  }
}
