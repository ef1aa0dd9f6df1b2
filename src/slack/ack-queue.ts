import type { Server, ServerResponse } from 'node:http';
import type { AckQueue } from '../use-cases/deps';

/**
 * Acks first (HTTP mode). Slack gives a request 3 s to be acknowledged and retries it if not;
 * the work that follows an ack has no such deadline. In a burst, that work (database round
 * trips, Slack calls) would take the event loop, and the CPU, from the requests still arriving,
 * so it waits until the burst has been acknowledged: no request unanswered and none arrived for
 * `quietMs`. The wait is bounded by `maxWaitMs`, so under steady load the work is delayed by at
 * most that, never starved. In Socket Mode there is no server to watch and nothing waits.
 * Bolt sends a response when `ack()` is called (processBeforeResponse is off): a listener that
 * waits here has been answered itself, and a lone request waits only out the quiet period.
 */
export function ackQueue(opts: { quietMs?: number; maxWaitMs?: number } = {}): AckQueue & { watch(server: Server): void } {
  const quietMs = opts.quietMs ?? 20;
  const maxWaitMs = opts.maxWaitMs ?? 250;
  const waiting = new Set<ServerResponse>();
  let lastArrival = -Infinity;
  let waiters: Array<() => void> = [];
  let timer: NodeJS.Timeout | undefined;

  // A response counts as answered once it is ended (its 'finish' may come a moment later).
  const unanswered = () => {
    for (const res of waiting) if (!res.writableEnded) return true;
    return false;
  };
  const quietFor = () => performance.now() - lastArrival;
  const check = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (waiters.length === 0 || unanswered()) return; // an answer calls check again
    const left = quietMs - quietFor();
    if (left > 0) {
      timer = setTimeout(check, Math.ceil(left));
      return;
    }
    const released = waiters;
    waiters = [];
    for (const resolve of released) resolve();
  };

  return {
    watch(server) {
      server.on('request', (_req, res: ServerResponse) => {
        lastArrival = performance.now();
        waiting.add(res);
        const answered = () => {
          if (waiting.delete(res)) check();
        };
        res.once('finish', answered);
        res.once('close', answered);
      });
    },
    settled() {
      if (!unanswered() && quietFor() >= quietMs) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const bound = setTimeout(done, maxWaitMs);
        function done() {
          clearTimeout(bound);
          waiters = waiters.filter((w) => w !== done);
          resolve();
        }
        waiters.push(done);
        check();
      });
    },
  };
}
