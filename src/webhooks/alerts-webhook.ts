import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isCritical, matchesFilters, parseAlertBody, type AlertGroup } from '../domain/alerts';
import type { EventSubject } from '../domain/event-intake';
import { bearerValid } from '../domain/webhook-auth';
import type { AlertFilters } from '../domain/watch-grammar';
import { activeAlertWatches } from '../repositories/watches';
import type { Deps } from '../use-cases/deps';
import type { watchEventQueue } from '../jobs/watch-event-job';
import { answer, header, parseJson, readRawBody } from './http';

/** Alerts read by the agent, one line each, capped: a group of 500 alerts is not 500 lines. */
const MAX_ALERT_LINES = 20;

/**
 * POST /webhooks/alerts: Alertmanager (v4) or the generic shape, with a bearer token.
 * Answered before any work; one job per watch whose filters take the group. Repeated
 * notifications of a firing group are not de-duplicated here: each one counts on its card.
 */
export function alertsWebhookRoute(deps: Deps, queue: ReturnType<typeof watchEventQueue>) {
  return {
    path: '/webhooks/alerts',
    method: ['POST'],
    handler: async (req: IncomingMessage, res: ServerResponse) => {
      const raw = await readRawBody(req);
      // Alertmanager sends no delivery id: the body's hash names this notification in the logs.
      const delivery = raw ? `alert-${createHash('sha256').update(raw).digest('hex').slice(0, 12)}` : 'alert-too-large';
      const log = (status: number, why: string) => deps.logger.info(`Alerts webhook ${delivery}: ${status} ${why}`);
      if (!raw) return (log(413, 'too large'), answer(res, 413, { error: 'payload too large' }));
      const token = deps.config.webhooks.alertsToken;
      if (!token || !bearerValid(header(req, 'authorization'), token)) {
        log(401, token ? 'bad or missing bearer token' : 'ALERTS_WEBHOOK_TOKEN is not set');
        return answer(res, 401, { error: 'unauthorized' });
      }
      const json = parseJson(raw);
      if (!json.ok) return (log(400, 'malformed JSON'), answer(res, 400, { error: 'malformed JSON' }));
      const parsed = parseAlertBody(json.value);
      if (!parsed.ok) return (log(400, parsed.issues), answer(res, 400, { error: 'not an Alertmanager (v4) or generic alert body', issues: parsed.issues }));
      const group = parsed.group;
      const watches = (await activeAlertWatches(deps.db)).filter((w) => matchesFilters(group, w.filters as AlertFilters));
      if (!watches.length) return (log(202, `nobody watches ${group.title}`), answer(res, 202, { ok: true, watched: false }));
      const key = `alert:${createHash('sha256').update(group.key).digest('hex').slice(0, 32)}`;
      const event = group.status === 'firing' ? { kind: 'alert_firing' as const, key, critical: isCritical(group) } : { kind: 'alert_resolved' as const, key };
      try {
        for (const w of watches) await queue.enqueue({ watchId: w.id, delivery, event, subject: subjectOf(group) });
      } catch (error) {
        deps.logger.error(`Alerts webhook ${delivery}: could not queue`, error);
        return answer(res, 503, { error: 'could not queue; Alertmanager will retry' });
      }
      log(202, `${event.kind} ${group.title} queued for ${watches.length} watch(es)`);
      return answer(res, 202, { ok: true, queued: watches.length });
    },
  };
}

function subjectOf(g: AlertGroup): Extract<EventSubject, { kind: 'alert_group' }> {
  const line = (a: AlertGroup['alerts'][number]) =>
    [
      a.status,
      Object.entries(a.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(' '),
      a.summary ? `: ${a.summary}` : '',
      a.startsAt ? ` (since ${a.startsAt})` : '',
    ].join(' ').slice(0, 500);
  return {
    kind: 'alert_group',
    source: g.source,
    title: g.title.slice(0, 300),
    severity: g.severity,
    receiver: g.receiver,
    status: g.status,
    url: g.url,
    labels: g.labels,
    alerts: g.alerts.slice(0, MAX_ALERT_LINES).map(line),
    truncated: g.truncated + Math.max(0, g.alerts.length - MAX_ALERT_LINES),
  };
}
