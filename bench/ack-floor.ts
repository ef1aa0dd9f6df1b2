/**
 * The floor for the ack bench (bench/acks.ts): a bare @slack/bolt App in HTTP mode that acks
 * `/delegate` and does nothing else, in its own process, started like Delegate (node --import tsx).
 * /healthz only tells the bench it is listening.
 */
import { App, LogLevel } from '@slack/bolt';

const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  endpoints: '/slack/events',
  logLevel: LogLevel.ERROR,
  clientOptions: process.env.SLACK_API_URL ? { slackApiUrl: process.env.SLACK_API_URL } : {},
  customRoutes: [{ path: '/healthz', method: ['GET'], handler: (_req, res) => void res.writeHead(200).end('ok') }],
});
app.command('/delegate', async ({ ack }) => ack());
await app.start(Number(process.env.PORT ?? 3000));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void app.stop().finally(() => process.exit(0)));
