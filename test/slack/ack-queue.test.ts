import { createServer, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ackQueue } from '../../src/slack/ack-queue';

/** A real HTTP server whose requests stay unanswered until the test answers them. */
async function holdingServer() {
  const held: ServerResponse[] = [];
  const arrivals: Array<() => void> = [];
  const server: Server = createServer((_req, res) => {
    held.push(res);
    arrivals.shift()?.();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    server,
    held,
    /** Sends a request and resolves once the server has it. */
    async send() {
      const arrived = new Promise<void>((r) => arrivals.push(r));
      void fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: 'x' }).then((r) => r.text(), () => undefined);
      await arrived;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const turns = async (n: number) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

describe('acks first', () => {
  it('with nothing to watch (Socket Mode) or nothing waiting, follow-up work goes at once', async () => {
    await ackQueue({ quietMs: 0 }).settled();
    const s = await holdingServer();
    close = s.close;
    const queue = ackQueue({ quietMs: 0 });
    queue.watch(s.server);
    await queue.settled();
  });

  it('follow-up work waits until every request received is answered', async () => {
    const s = await holdingServer();
    close = async () => {
      s.server.closeAllConnections();
      await s.close();
    };
    const queue = ackQueue({ quietMs: 0, maxWaitMs: 60_000 });
    queue.watch(s.server);
    await s.send();
    await s.send();

    let released = false;
    const settled = queue.settled().then(() => (released = true));
    s.held[0]!.end('ok');
    await turns(20);
    expect(released).toBe(false); // one still unanswered

    s.held[1]!.end('ok');
    await settled;
    expect(released).toBe(true);
  });

  it('a request never answered delays follow-up work by the bound, not forever', async () => {
    const s = await holdingServer();
    close = async () => {
      s.server.closeAllConnections();
      await s.close();
    };
    const queue = ackQueue({ quietMs: 0, maxWaitMs: 50 });
    queue.watch(s.server);
    await s.send();
    await queue.settled(); // resolves by itself after 50 ms
    expect(s.held[0]!.writableEnded).toBe(false);
  });
});
