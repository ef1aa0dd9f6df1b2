import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { waitUntil } from './http-server';

/** A loopback fake of Slack's Socket Mode endpoint: says hello, sends envelopes, records acks. */
export class FakeSocketMode {
  readonly acks: Array<{ envelope_id: string; payload?: unknown }> = [];
  private socket?: WebSocket;

  private constructor(
    private readonly server: WebSocketServer,
    readonly url: string,
  ) {
    server.on('connection', (socket) => {
      this.socket = socket;
      socket.on('message', (data) => this.acks.push(JSON.parse(String(data))));
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A0APP' } }));
    });
  }

  static async start(): Promise<FakeSocketMode> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return new FakeSocketMode(server, `ws://127.0.0.1:${port}/link`);
  }

  connected(timeoutMs = 10_000): Promise<WebSocket> {
    return waitUntil(() => this.socket, () => 'The app never opened a Socket Mode connection', timeoutMs);
  }

  /** Sends an envelope as Slack would and resolves with the app's ack. */
  async send(type: 'slash_commands' | 'interactive' | 'events_api', payload: object, timeoutMs = 5_000) {
    const socket = await this.connected();
    const envelope_id = randomUUID();
    socket.send(JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' }));
    return waitUntil(() => this.acks.find((a) => a.envelope_id === envelope_id), () => `No ack for ${type} ${envelope_id}`, timeoutMs);
  }

  close(): Promise<void> {
    for (const client of this.server.clients) client.terminate();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
