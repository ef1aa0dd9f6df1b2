/**
 * `npm run bench`: latency of the paths a person waits on, against the real app (Bolt over
 * HTTP, PostgreSQL or PGlite, Agenda) with loopback fakes of Slack and the model.
 * Machines here are shared and noisy: read the ratios within one run, not absolute numbers.
 */
import { research } from '../specs/research';
import { startDelegate } from '../src/app';
import { ackBench } from './acks';
import { DIGEST_JOB } from '../src/jobs/digest-job';
import { parseConfig } from '../src/config/env';
import { createLogger } from '../src/logger';
import { renderCard } from '../src/views/card';
import { FakeOpenAI } from '../test/support/fake-openai';
import { FakeSlack } from '../test/support/fake-slack';
import { sendCommand } from '../test/support/slack-requests';
import { buildResearch } from '../test/specs/builders';
import { createScratchDatabase, reachable } from '../test/support/scratch-database';
import { memoryBench } from './memory';
import { channelDigestBench } from './channel-digest';
import { prReviewBench } from './pr-review';
import { startFakeGitHub } from '../test/support/fake-github';
import { BENCH_WEBHOOK_SECRET, webhookBench } from './webhooks';

const SECRET = 'bench-signing-secret-0123456789';
const N = 60;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (x: number) => (x < 1 ? `${(x * 1000).toFixed(0)} µs` : `${x.toFixed(1)} ms`);
const line = (name: string, xs: number[]) => console.log(`${name.padEnd(50)} p50 ${ms(pct(xs, 50)).padStart(9)}  p95 ${ms(pct(xs, 95)).padStart(9)}  max ${ms(Math.max(...xs)).padStart(9)}`);

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const [slack, openai, db] = await Promise.all([
  FakeSlack.start(),
  FakeOpenAI.start(),
  reachable(adminUrl).then((up) => createScratchDatabase(up ? adminUrl : null, 'delegate_bench')),
]);
const github = await startFakeGitHub();
openai.setDefault({ json: buildResearch() });
const config = parseConfig({
  SLACK_BOT_TOKEN: 'xoxb-bench',
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: slack.apiUrl,
  PORT: '0',
  OPENAI_BASE_URL: openai.baseUrl,
  OPENAI_API_KEY: 'k',
  LOG_LEVEL: 'error',
  GITHUB_TOKEN: 'ghp_bench',
  GITHUB_API_URL: github.apiUrl,
  GITHUB_WEBHOOK_SECRET: BENCH_WEBHOOK_SECRET,
  WATCH_HOURLY_LIMIT: '1000',
  ...db.env,
});
config.jobs.processEveryMs = 1000;
const app = await startDelegate(config, createLogger('error'));
const target = { url: `http://127.0.0.1:${app.port}/slack/events`, signingSecret: SECRET };
const command = (text: string, user: string) => sendCommand(target, { text, user_id: user, response_url: slack.responseUrl() });

console.log(`Delegate bench · ${db.kind} · Node ${process.version} · ${N} samples each\n`);

const health: number[] = [];
for (let i = 0; i < N; i++) health.push(await timed(() => fetch(`http://127.0.0.1:${app.port}/healthz`).then((r) => r.text())));
line('GET /healthz (baseline round trip)', health);

const help: number[] = [];
for (let i = 0; i < N; i++) help.push(await timed(() => command('help', `UHELP${i}`)));
line('/delegate help → ack', help);

const ack: number[] = [];
const reply: number[] = [];
const card: number[] = [];
for (let i = 0; i < N; i++) {
  slack.reset();
  const t0 = performance.now();
  await command(`research: bench ${i}`, `USEQ${i}`);
  ack.push(performance.now() - t0);
  await slack.waitFor('response_url');
  reply.push(performance.now() - t0);
  await slack.waitFor('chat.postMessage', undefined, 30_000);
  card.push(performance.now() - t0);
}
line('/delegate <work> → ack (HTTP 200)', ack);
line('/delegate <work> → confirmation posted', reply);
line('/delegate <work> → card posted (instant model)', card);

// A daily channel digest reading 1,000 messages (fixed data: tune nothing to the machine).
const digest = await channelDigestBench(app, slack, openai, command);
line(`channel-digest due → model request (reads ${digest.items} msgs)`, digest.toRequest);
line('channel-digest due → card posted (instant model)', digest.toCard);
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
console.log(`  ${(digest.bytes / 1000).toFixed(0)} KB of transcript per run; rss ${mib(digest.rssBefore)} before, peak ${mib(digest.peakRss)}, ${mib(digest.rssAfter)} after 5 runs`);
openai.setDefault({ json: buildResearch() });

// pr-review on a 2,000-line diff (20 files of 100 added lines), model time excluded by an instant model.
const pr = await prReviewBench(github, slack, openai, command);
line('pr-review 2,000-line diff → model request', pr.toRequest);
line('pr-review 2,000-line diff → card posted (instant model)', pr.toCard);
openai.setDefault({ json: buildResearch() });

// Webhooks: 50 signed deliveries at once, next to 50 concurrent /delegate; delivery → agent start.
const watching = async (user: string) => {
  for (let i = 0; i < 500; i++) {
    const { rows } = await app.database.pool.query('select 1 from watches where owner_id = $1', [user]);
    if (rows.length) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no watch for ${user}`);
};
const concurrentDelegate = () => Promise.all(Array.from({ length: 50 }, (_, i) => timed(() => command(`research: hook bench ${i}`, `UHOOKCMD${i}`))));
const hooks = await webhookBench(`http://127.0.0.1:${app.port}`, github, openai, command, concurrentDelegate, watching);
line('50 concurrent webhook deliveries → ack (202)', hooks.acks);
line('50 concurrent /delegate <work> → ack', hooks.delegateAcks);
line('webhook delivery → agent model request', hooks.toStart);
openai.setDefault({ json: buildResearch() });

const burst: number[] = [];
slack.reset();
for (let round = 0; round < 3; round++) {
  const user = `UBURST${round}`;
  const times = await Promise.all(Array.from({ length: 20 }, (_, i) => timed(() => command(`research: burst ${i}`, user))));
  burst.push(...times);
}
line('20 concurrent /delegate, one person → ack', burst);
await slack.waitForCount('response_url', 60, 30_000); // every request answered (5 admitted per person, the rest refused)

const model = research.schema.parse(buildResearch());
const renders: number[] = [];
for (let i = 0; i < 2000; i++) {
  renders.push(
    await timed(async () =>
      renderCard({
        itemId: '00000000-0000-4000-8000-000000000000',
        ownerId: 'U1',
        instructions: 'compare pg-boss and Agenda',
        createdAt: new Date(),
        spec: research,
        state: { status: 'awaiting_review', version: 1 },
        artifact: { version: 1, specVersion: 1, blocks: research.render(model), summary: research.summarize(model) },
      }),
    ),
  );
}
line('render a card (pure)', renders);

// A thousand people's digests come due at once: acknowledgements must not wait behind them.
const PEOPLE = 1000;
await app.database.pool.query(
  `insert into people (user_id, time_zone) select 'UDIGEST' || g, 'Europe/Berlin' from generate_series(1, ${PEOPLE}) g on conflict do nothing`,
);
slack.reset();
const burstStart = performance.now();
await Promise.all(Array.from({ length: PEOPLE }, (_, i) => app.agenda.now(DIGEST_JOB, { userId: `UDIGEST${i + 1}` })));
const duringDigests: number[] = [];
for (let i = 0; i < 30; i++) duringDigests.push(await timed(() => command('help', `UDURING${i}`)));
await slack.waitForCount('chat.postMessage', PEOPLE, 600_000);
const digestSeconds = (performance.now() - burstStart) / 1000;
line(`/delegate help → ack while ${PEOPLE} digests go out`, duringDigests);
console.log(`${PEOPLE} digests sent in ${digestSeconds.toFixed(1)} s (${(PEOPLE / digestSeconds).toFixed(0)}/s)`);

console.log(`\nRatios (same run):`);
console.log(`  ack p95 during digests / idle    ${(pct(duringDigests, 95) / pct(help, 95)).toFixed(1)}x`);
console.log(`  ack p95 / healthz p50            ${(pct(ack, 95) / pct(health, 50)).toFixed(1)}x   (Slack's ack deadline is 3000 ms: p95 is ${(pct(ack, 95) / 3000 * 100).toFixed(2)}% of it)`);
console.log(`  concurrent ack p95 / sequential  ${(pct(burst, 95) / pct(ack, 95)).toFixed(1)}x`);
console.log(`  channel digest (1,000 msgs) → card p50 / research → card p50   ${(pct(digest.toCard, 50) / pct(card, 50)).toFixed(1)}x`);
console.log(`  pr-review (2,000-line diff) → card p50 / research → card p50     ${(pct(pr.toCard, 50) / pct(card, 50)).toFixed(1)}x`);
console.log(`  webhook ack p50 / p99 vs /delegate ack at 50 concurrent   ${(pct(hooks.acks, 50) / pct(hooks.delegateAcks, 50)).toFixed(2)}x / ${(pct(hooks.acks, 99) / pct(hooks.delegateAcks, 99)).toFixed(2)}x`);
console.log(`  webhook → agent start p50 / research → card p50   ${(pct(hooks.toStart, 50) / pct(card, 50)).toFixed(1)}x`);
console.log(`  memory: rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB after ${N * 2 + 60} delegations`);

await app.stop();
await Promise.all([slack.close(), openai.close(), github.close()]);
await ackBench(adminUrl);
await db.drop();
await memoryBench(adminUrl);
process.exit(0);
