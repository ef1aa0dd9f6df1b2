import { setStorm, stormEvents, type WatchEventRow, type WatchRow } from '../repositories/watches';
import { stormMessage } from '../views/watches';
import type { Deps } from './deps';

const HOUR = 3_600_000;

/**
 * Posts the watch's storm card, or updates the one of the storm still going (begun within
 * the hour): a flood is one message the person can read, not dozens of items.
 */
export async function postStormCard(deps: Deps, watch: WatchRow, first: WatchEventRow): Promise<void> {
  const current = watch.stormSince && watch.stormTs && watch.stormChannelId && first.receivedAt.getTime() - watch.stormSince.getTime() < HOUR;
  const since = current ? watch.stormSince! : first.receivedAt;
  const events = await stormEvents(deps.db, watch.id, since);
  const message = stormMessage({ ...watch, sourceKind: watch.sourceKind }, events.map((e) => e.summary), since);
  try {
    if (current) {
      await deps.slack.update({ channel: watch.stormChannelId!, ts: watch.stormTs! }, message);
      return;
    }
    const posted = await deps.slack.post(watch.channelId ?? watch.ownerId, message);
    await setStorm(deps.db, watch.id, { channelId: posted.channel, ts: posted.ts, since });
  } catch (error) {
    // The events stay recorded (and counted on Home and /delegate watching) even if Slack refuses the card.
    deps.logger.error(`Storm card for watch ${watch.id} not posted`, error);
  }
}
