/**
 * Memory of Delegate as it runs in production: the bundle `npm start` builds, started as its
 * own process (`node --enable-source-maps dist/main.js`, HTTP mode) against loopback fakes of
 * Slack and the model, measured as the resident memory of its whole process tree.
 *
 * - idle, on PostgreSQL (a scratch database) and on embedded PGlite (a fresh DATA_DIR);
 * - after 1,000 delegations (signed `/delegate` requests, each answered by the fake model and
 *   posted as a card), sent as BURSTS bursts, and the change from one burst to the next (the
 *   first bursts add some as V8 and PGlite compile more code; the last change is the verdict);
 * - a floor in the same run: a bare @slack/bolt App in HTTP mode, bundled and started the same
 *   way, and the same app through tsx (the TypeScript loader `npm start` used to run).
 *
 * V8 keeps the heap it grew during work until its memory reducer runs, which it guarantees
 * within about 100 s of the work ending (sooner when nothing allocates). So every reading is
 * taken WAIT_S seconds after start-up or after a burst, and this part takes about 11 minutes
 * (`npm run bench:memory` runs it alone). Read the peak column for memory while working.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FakeOpenAI } from '../test/support/fake-openai';
import { FakeSlack } from '../test/support/fake-slack';
import { sendCommand } from '../test/support/slack-requests';
import { buildResearch } from '../test/specs/builders';
import { createScratchDatabase, reachable, type ScratchDatabase } from '../test/support/scratch-database';
import { startChildApp, type ChildApp } from './child-app';

const SECRET = 'bench-signing-secret-0123456789';
const WAIT_S = 110;
const BURSTS = 4;
const PER_BURST = 250;
const IN_FLIGHT = 20;
/** Burst-to-burst changes within this are noise (GC and allocator timing), not growth. */
const FLAT_MIB = 5;

const root = new URL('..', import.meta.url);
const at = (path: string) => fileURLToPath(new URL(path, root));
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(0)}`;
const mib = (x: number) => `${x.toFixed(0).padStart(4)} MiB`;
const seconds = (s: number) => new Promise((r) => setTimeout(r, s * 1000));

interface Subject {
  name: string;
  app: ChildApp;
  slack: FakeSlack;
  openai: FakeOpenAI;
  db?: ScratchDatabase;
  /** The figure idle memory is held to, if any. */
  target?: number;
  justStarted: number;
  idle?: number;
}

export async function memoryBench(adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'): Promise<void> {
  await Promise.all([build('dist'), build('.scratch/bench-floor', 'bench/bare-bolt.ts')]);
  const pgUrl = (await reachable(adminUrl)) ? adminUrl : null;
  const dataDir = await mkdtemp(join(tmpdir(), 'delegate-bench-mem-'));
  const app = ['node', '--enable-source-maps', at('dist/main.js')];
  console.log(`\nMemory · resident memory of the process tree · Node ${process.version}${pgUrl ? '' : ' · no PostgreSQL: embedded only'}`);

  // Everything idles at once (nothing to wait for but time), each with its own fakes.
  const started: Subject[] = [];
  const launch = (name: string, command: string[], db?: ScratchDatabase, target?: number) =>
    start(name, command, db, target).then((s) => (started.push(s), s));
  try {
    const [floor, tsx, postgres, embedded] = await Promise.all([
      launch('bare @slack/bolt App (floor)', ['node', '--enable-source-maps', at('.scratch/bench-floor/bare-bolt.js')]),
      pgUrl ? launch('Delegate through tsx, PostgreSQL', [at('node_modules/.bin/tsx'), at('src/main.ts')], await createScratchDatabase(pgUrl, 'delegate_bench_tsx')) : undefined,
      pgUrl ? launch('Delegate, PostgreSQL', app, await createScratchDatabase(pgUrl, 'delegate_bench_mem'), 120) : undefined,
      launch('Delegate, embedded PGlite', app, { env: { DATA_DIR: dataDir }, kind: 'embedded PGlite', drop: () => rm(dataDir, { recursive: true, force: true }) }, 250),
    ]);
    const idling = [floor, tsx, postgres, embedded].filter((s): s is Subject => s !== undefined);
    await seconds(WAIT_S);
    for (const s of idling) s.idle = s.app.rss();
    if (tsx) await stop(started.splice(started.indexOf(tsx), 1)[0]!);

    console.log(`\n${'idle'.padEnd(40)} ${'2 s after ready'.padStart(16)} ${`after ${WAIT_S} s`.padStart(12)}`);
    for (const s of idling) console.log(`  ${s.name.padEnd(38)} ${mib(s.justStarted).padStart(16)} ${mib(s.idle!).padStart(12)}${verdict(s)}`);

    const loaded = [postgres, embedded].filter((s): s is Subject => s !== undefined);
    const series = await Promise.all(loaded.map((s) => bursts(s)));
    console.log(`\nafter each burst of ${PER_BURST} /delegate (cards posted, then ${WAIT_S} s idle); peak while working`);
    loaded.forEach((s, i) => {
      const { after, peak } = series[i]!;
      const changes = after.slice(1).map((x, b) => x - after[b]!);
      const last = changes.at(-1)!;
      console.log(`  ${s.name.padEnd(38)} ${after.map((x) => x.toFixed(0)).join(' → ')} MiB   peak ${mib(peak)}`);
      console.log(`  ${''.padEnd(38)} after ${BURSTS * PER_BURST} delegations ${mib(after.at(-1)!)}; change per burst ${changes.map(signed).join(', ')} MiB; last ${Math.abs(last) <= FLAT_MIB ? `flat (within ±${FLAT_MIB} MiB)` : '✗ GROWS'}`);
    });

    console.log(`\nRatios (same run):`);
    loaded.forEach((s, i) => console.log(`  ${s.name.padEnd(38)} idle / floor ${(s.idle! / floor.idle!).toFixed(2)}x   after ${BURSTS * PER_BURST} / idle ${(series[i]!.after.at(-1)! / s.idle!).toFixed(2)}x`));
    if (tsx && postgres) console.log(`  ${'bundle / tsx (PostgreSQL, idle)'.padEnd(38)} ${(postgres.idle! / tsx.idle!).toFixed(2)}x`);
  } finally {
    await Promise.all(started.map(stop));
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function stop(s: Subject): Promise<void> {
  await s.app.stop();
  await Promise.all([s.slack.close(), s.openai.close(), s.db?.drop()]);
}

/** Starts one subject with its own fake Slack and model; `justStarted` is read 2 s after /healthz first answers. */
async function start(name: string, command: string[], db?: ScratchDatabase, target?: number): Promise<Subject> {
  const [slack, openai] = await Promise.all([FakeSlack.start(), FakeOpenAI.start()]);
  openai.setDefault({ json: buildResearch() });
  try {
    const app = await startChildApp(command, {
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      OPENAI_BASE_URL: openai.baseUrl,
      OPENAI_API_KEY: 'k',
      LOG_LEVEL: 'error',
      ...db?.env,
    });
    await seconds(2);
    return { name, app, slack, openai, db, target, justStarted: app.rss() };
  } catch (error) {
    await Promise.all([slack.close(), openai.close(), db?.drop()]);
    throw error;
  }
}

/** BURSTS × PER_BURST delegations, each by a different person (no WIP refusals); RSS after each burst settles. */
async function bursts(s: Subject): Promise<{ after: number[]; peak: number }> {
  const target = { url: `${s.app.origin}/slack/events`, signingSecret: SECRET };
  const after: number[] = [];
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, s.app.rss())), 500);
  for (let b = 0; b < BURSTS; b++) {
    s.slack.reset();
    const ids = Array.from({ length: PER_BURST }, (_, i) => `UMEM${b}X${i}`);
    await inParallel(ids, IN_FLIGHT, async (user) => {
      const res = await sendCommand(target, { text: `research: memory bench ${user}`, user_id: user, response_url: s.slack.responseUrl() });
      if (!res.ok) throw new Error(`/delegate answered ${res.status}`);
    });
    await s.slack.waitForCount('chat.postMessage', PER_BURST, 600_000);
    await seconds(WAIT_S);
    after.push(s.app.rss());
  }
  clearInterval(sampler);
  return { after, peak };
}

async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

function verdict(s: Subject): string {
  return s.target === undefined ? '' : `   target ≤ ${s.target} MiB ${s.idle! <= s.target ? '✓' : '✗'}`;
}

/** The same build `npm start` runs (scripts/build.mjs), into `outdir`. */
function build(outdir: string, ...entries: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['scripts/build.mjs', '--outdir', outdir, ...entries], { cwd: root, stdio: 'inherit' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`build exited ${code}`))));
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await memoryBench();
  process.exit(0);
}
