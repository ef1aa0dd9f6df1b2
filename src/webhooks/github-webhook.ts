import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseGitHubDelivery } from '../domain/github-events';
import { githubSignatureValid } from '../domain/webhook-auth';
import { forgetDelivery, takeGitHubDelivery } from '../repositories/watches';
import type { Deps } from '../use-cases/deps';
import type { watchEventQueue } from '../jobs/watch-event-job';
import { answer, header, parseJson, readRawBody } from './http';

/**
 * POST /webhooks/github. Answered in milliseconds, before any work: the signature on the raw
 * body, the JSON, which watches take it, the delivery id (a redelivery is answered, not
 * redone), then one job per watch. 401 bad or missing signature, 400 malformed, 202 an event
 * nobody watches (nothing stored in those cases), 413 too large.
 */
export function githubWebhookRoute(deps: Deps, queue: ReturnType<typeof watchEventQueue>) {
  return {
    path: '/webhooks/github',
    method: ['POST'],
    handler: async (req: IncomingMessage, res: ServerResponse) => {
      const delivery = header(req, 'x-github-delivery') ?? 'no-delivery-id';
      const event = header(req, 'x-github-event') ?? '';
      const log = (status: number, why: string) => deps.logger.info(`GitHub webhook ${delivery} (${event || 'no event'}): ${status} ${why}`);
      const raw = await readRawBody(req);
      if (!raw) return (log(413, 'too large'), answer(res, 413, { error: 'payload too large' }));
      const secret = deps.config.webhooks.githubSecret;
      if (!secret || !githubSignatureValid(raw, header(req, 'x-hub-signature-256'), secret)) {
        log(401, secret ? 'bad or missing signature' : 'GITHUB_WEBHOOK_SECRET is not set');
        return answer(res, 401, { error: 'invalid signature' });
      }
      const json = parseJson(raw);
      if (!json.ok) return (log(400, 'malformed JSON'), answer(res, 400, { error: 'malformed JSON' }));
      const parsed = parseGitHubDelivery(event, json.value);
      if (parsed.kind === 'ping') return (log(200, 'ping'), answer(res, 200, { ok: true, pong: true }));
      if (parsed.kind === 'malformed') return (log(400, parsed.issues), answer(res, 400, { error: 'malformed payload', issues: parsed.issues }));
      if (parsed.kind === 'ignored') return (log(202, `${parsed.event}/${parsed.action ?? '-'} not used`), answer(res, 202, { ok: true, ignored: true }));
      const { pr } = parsed;
      const { watchIds, fresh } = await takeGitHubDelivery(deps.db, `${pr.owner}/${pr.repo}`, delivery);
      if (!watchIds.length) return (log(202, `nobody watches ${pr.owner}/${pr.repo}`), answer(res, 202, { ok: true, watched: false }));
      if (!fresh) return (log(200, 'already taken in'), answer(res, 200, { ok: true, duplicate: true }));
      try {
        for (const watchId of watchIds) {
          await queue.enqueue({ watchId, delivery, event: pr.event, subject: { kind: 'pull_request', owner: pr.owner, repo: pr.repo, number: pr.number, title: pr.title, url: pr.url, author: pr.author } });
        }
      } catch (error) {
        // Not queued: forget the delivery, so GitHub's "Redeliver" works, and say so with a 503.
        deps.logger.error(`GitHub webhook ${delivery}: could not queue`, error);
        await forgetDelivery(deps.db, delivery).catch(() => undefined);
        return answer(res, 503, { error: 'could not queue; redeliver later' });
      }
      log(202, `${pr.event.kind} ${pr.event.key} queued for ${watchIds.length} watch(es)`);
      return answer(res, 202, { ok: true, queued: watchIds.length });
    },
  };
}
