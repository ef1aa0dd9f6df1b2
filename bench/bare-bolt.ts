/**
 * The floor for `npm run bench`: a bare @slack/bolt App in HTTP mode that acks `/delegate` and
 * does nothing else, with a /healthz route. The memory bench bundles and starts it like Delegate
 * (node <outdir>/bare-bolt.js); the ack bench starts it like Delegate there (node --import tsx).
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
