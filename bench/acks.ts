/**
 * Acks under load, against a floor measured in the same run: Delegate and a bare Bolt app
 * (bench/bare-bolt.ts), each in its own process, get the same signed `/delegate` load: bursts
 * of c requests at once from c different people, at 10 and 50 concurrent. After each Delegate
 * burst the bench waits until the work behind it is done (every card posted, every Home
 * published after it), so every burst meets an idle app. A round is several bursts of each app,
 * interleaved (at least 100 acks each); one warm-up round per level, then the median of 3
 * rounds of p50 and p99. Also printed: when Delegate's confirmation reached the response_url,
 * so that acks are not bought by answering the person later.
 *
 * Four processes: this one only sends the load and times it (time to the HTTP response);
 * the loopback fakes of Slack and the model run in a child of their own, so serving Delegate's
 * Slack calls does not delay the timing of the acks.
 *
 * `tsx bench/acks.ts` runs it alone. BENCH_ACK_ROUNDS sets the rounds, BENCH_ACK_VERBOSE prints
 * each round, BENCH_ACK_TRACE each burst (with the CPU the app and PostgreSQL used during it),
 * and BENCH_ACK_PROFILE=<dir> writes CPU profiles of both apps there (node --cpu-prof).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { FakeOpenAI } from '../test/support/fake-openai';
import { FakeSlack } from '../test/support/fake-slack';
import { freePort } from '../test/support/child-app';
import { buildResearch } from '../test/specs/builders';
import { buildSlashCommand, sign } from '../test/support/slack-requests';
import { createScratchDatabase, reachable } from '../test/support/scratch-database';

const SELF = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LEVELS = [10, 50];

type Stat = { p50: number; p99: number };

export interface AckFigures {
  concurrency: number;
  delegate: Stat;
  bolt: Stat;
  /** Delegate's "on it" reply, from the start of the burst. */
  confirmed: Stat;
}

interface Target {
  url: string;
  signingSecret: string;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const median = (xs: number[]) => pct(xs, 50);
const pair = (x: Stat) => `${x.p50.toFixed(1)} / ${x.p99.toFixed(1)} ms`;

export async function ackBench(adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'): Promise<AckFigures[]> {
  const rounds = Number(process.env.BENCH_ACK_ROUNDS ?? 3);
  const profileDir = process.env.BENCH_ACK_PROFILE;
  const fakes = await startFakes();
  const db = await createScratchDatabase((await reachable(adminUrl)) ? adminUrl : null, 'delegate_acks');
  const secret = 'bench-signing-secret-0123456789';
  const common = { SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: secret, SLACK_API_URL: fakes.apiUrl };
  let delegate: Child | undefined;
  let floor: Child | undefined;
  let closeReviews: (() => Promise<void>) | undefined;
  let closeDb: (() => Promise<void>) | undefined;
  try {
    delegate = await startChild('src/main.ts', {
      ...common,
      OPENAI_BASE_URL: fakes.openaiUrl,
      OPENAI_API_KEY: 'k',
      LOG_LEVEL: 'error',
      // The same people come back every burst (embedded PGlite: their items stay open).
      WIP_LIMIT: '50',
      ...db.env,
    }, profileDir ? [`--cpu-prof`, `--cpu-prof-dir=${resolve(profileDir, 'delegate')}`] : []);
    floor = await startChild('bench/bare-bolt.ts', common, profileDir ? [`--cpu-prof`, `--cpu-prof-dir=${resolve(profileDir, 'bolt')}`] : []);
    // Between bursts (outside the timing) the items waiting for review are closed, so nobody
    // reaches the WIP limit and every Home stays the same size, however many rounds.
    if (db.url) {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      closeReviews = async () => {
        await client.query(`update work_items set status = 'cancelled', decided_by = owner_id, decided_at = now() where status = 'awaiting_review'`);
      };
      closeDb = () => client.end();
    }
    const apps = { delegate: { url: delegate.url, signingSecret: secret, pid: delegate.pid }, bolt: { url: floor.url, signingSecret: secret, pid: floor.pid } };

    console.log(`\nAcks under load · Delegate (${db.kind}) and a bare Bolt app, each in its own process · median of ${rounds} rounds`);
    console.log(`${'concurrent'.padEnd(12)}${'Delegate ack p50 / p99'.padStart(22)}${'bare Bolt p50 / p99'.padStart(24)}${'ratio p50 / p99'.padStart(20)}${'Delegate confirmation'.padStart(26)}`);
    const figures: AckFigures[] = [];
    for (const c of LEVELS) {
      const users = Array.from({ length: c }, (_, i) => `UACK${c}X${i}`);
      // A round is several bursts of each app, interleaved, so both meet the same moments of a
      // shared machine; its p50 and p99 are over every ack of the round (at least 100).
      const bursts = Math.max(2, Math.ceil(100 / c));
      const measured = { delegate: [] as Stat[], bolt: [] as Stat[], confirmed: [] as Stat[] };
      for (let round = 0; round <= rounds; round++) {
        const times = { delegate: [] as number[], bolt: [] as number[], confirmed: [] as number[] };
        for (let b = 0; b < (round === 0 ? 1 : bursts); b++) {
          // Alternate which app goes first; Delegate's burst ends drained either way.
          for (const name of b % 2 === 0 ? (['bolt', 'delegate'] as const) : (['delegate', 'bolt'] as const)) {
            if (name === 'delegate') await fakes.reset();
            const trace = process.env.BENCH_ACK_TRACE ? { pid: apps[name].pid, cpu: cpuMs(apps[name].pid), pg: cpuMs('postgres'), t0: performance.now() } : undefined;
            const startedAt = Date.now();
            const got = await burst(apps[name], users, fakes.responseUrl);
            if (trace) {
              const [wall, cpu, pgCpu] = [performance.now() - trace.t0, cpuMs(trace.pid) - trace.cpu, cpuMs('postgres') - trace.pg];
              console.log(`${name.padEnd(8)} c=${c} wall ${wall.toFixed(0)} cpu ${cpu} pg ${pgCpu} ms | ${got.map((x) => x.toFixed(0)).join(' ')}`);
            }
            times[name].push(...got);
            if (name === 'delegate') {
              await fakes.drained(users, 180_000);
              times.confirmed.push(...(await fakes.confirmations()).map((at) => at - startedAt));
              await closeReviews?.();
            }
          }
        }
        if (round === 0) continue; // warm-up: first use of each person, and of each code path
        for (const name of ['delegate', 'bolt', 'confirmed'] as const) measured[name].push({ p50: pct(times[name], 50), p99: pct(times[name], 99) });
      }
      const summary = (xs: Stat[]) => ({ p50: median(xs.map((x) => x.p50)), p99: median(xs.map((x) => x.p99)) });
      const row = { concurrency: c, delegate: summary(measured.delegate), bolt: summary(measured.bolt), confirmed: summary(measured.confirmed) };
      figures.push(row);
      const ratio = `${(row.delegate.p50 / row.bolt.p50).toFixed(2)}× / ${(row.delegate.p99 / row.bolt.p99).toFixed(2)}×`;
      console.log(`${String(c).padEnd(12)}${pair(row.delegate).padStart(22)}${pair(row.bolt).padStart(24)}${ratio.padStart(20)}${pair(row.confirmed).padStart(26)}`);
      if (process.env.BENCH_ACK_VERBOSE) {
        for (const name of ['delegate', 'bolt', 'confirmed'] as const) console.log(`  ${name} rounds: ${measured[name].map(pair).join(', ')}`);
      }
    }
    console.log(`Goal: Delegate's acks within 1.5× of the bare Bolt app's, p50 and p99, at both levels.`);
    console.log(`(Confirmation: from the burst's start until Delegate's "on it" reply reached the response_url; the bare app sends none.)`);
    return figures;
  } finally {
    await delegate?.stop();
    await floor?.stop();
    await closeDb?.();
    await fakes.stop();
    await db.drop();
  }
}

/** c signed `/delegate` requests at once, each from another person; the time to each HTTP response. */
async function burst(target: Target, users: string[], responseUrl: string): Promise<number[]> {
  const timestamp = Math.floor(Date.now() / 1000);
  const requests = users.map((user) => {
    const body = new URLSearchParams(
      Object.entries(buildSlashCommand({ text: 'research: how acks behave under load', user_id: user, channel_id: `C${user}`, response_url: responseUrl })),
    ).toString();
    return { body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...sign(target.signingSecret, body, timestamp) } };
  });
  return Promise.all(requests.map((r) => post(target.url, r.body, r.headers)));
}

function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolveTime, reject) => {
    const t0 = performance.now();
    // A connection per request (no keep-alive), the same for both apps.
    const req = request(url, { method: 'POST', agent: false, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const elapsed = performance.now() - t0;
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolveTime(elapsed) : reject(new Error(`HTTP ${res.statusCode} from ${url}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** CPU time used so far (Linux /proc), by a process or by every PostgreSQL process: for BENCH_ACK_TRACE. */
function cpuMs(pid: number | 'postgres'): number {
  const pids = pid === 'postgres' ? readdirSync('/proc').filter((p) => /^\d+$/.test(p) && (() => { try { return readFileSync(`/proc/${p}/comm`, 'utf8').startsWith('postgres'); } catch { return false; } })()) : [String(pid)];
  let ticks = 0;
  for (const p of pids) {
    try {
      const f = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {}
  }
  return ticks * 10;
}

interface Child {
  pid: number;
  url: string;
  stop(): Promise<void>;
}

/** An app in a process of its own, started like an operator starts Delegate (node --import tsx), ready once /healthz answers. */
async function startChild(entry: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<Child> {
  const port = await freePort();
  const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', resolve(ROOT, entry)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production', PORT: String(port), ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((r) => proc.once('exit', r));
  const deadline = Date.now() + 60_000;
  while (!(await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false))) {
    if (proc.exitCode !== null || Date.now() > deadline) {
      proc.kill('SIGKILL');
      throw new Error(`${entry} did not start`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    pid: proc.pid!,
    url: `http://127.0.0.1:${port}/slack/events`,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      await exited;
    },
  };
}

// ---- The fakes, in a child process of their own (IPC: ready; reset, confirmations, drained). ----

type FakesMessage =
  | { type: 'ready'; apiUrl: string; openaiUrl: string; responseUrl: string }
  | { type: 'done'; id: number; value: unknown };

interface Fakes {
  apiUrl: string;
  openaiUrl: string;
  responseUrl: string;
  reset(): Promise<void>;
  /** When (epoch ms) each confirmation since the last reset reached the response_url. */
  confirmations(): Promise<number[]>;
  /** Waits until every person's card is posted and their Home published after it. */
  drained(users: string[], timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

async function startFakes(): Promise<Fakes> {
  const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', SELF, '--fakes'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise((r) => proc.once('exit', r));
  let seq = 0;
  const waiting = new Map<number, (value: unknown) => void>();
  const ready = await new Promise<Extract<FakesMessage, { type: 'ready' }>>((resolveReady, reject) => {
    proc.once('exit', () => reject(new Error('The fakes process exited')));
    proc.on('message', (m: FakesMessage) => {
      if (m.type === 'ready') resolveReady(m);
      else waiting.get(m.id)?.(m.value);
    });
  });
  const ask = (message: object) =>
    new Promise<unknown>((r) => {
      const id = ++seq;
      waiting.set(id, (value) => (waiting.delete(id), r(value)));
      proc.send({ ...message, id });
    });
  return {
    ...ready,
    reset: () => ask({ type: 'reset' }).then(() => undefined),
    confirmations: () => ask({ type: 'confirmations' }) as Promise<number[]>,
    async drained(users, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!(await ask({ type: 'drained', users }))) {
        if (Date.now() > deadline) throw new Error(`Delegate did not finish the round's work within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      proc.disconnect();
      await exited;
    },
  };
}

async function serveFakes(): Promise<void> {
  const [slack, openai] = await Promise.all([FakeSlack.start(), FakeOpenAI.start()]);
  openai.setDefault({ json: buildResearch() });
  // Every card posted, and every Home published after its card (or, should a publish have
  // overtaken its card, nothing more sent to Slack for 2 s).
  const drained = (users: string[]) => {
    const cards = users.map((user) => slack.calls.find((c) => c.method === 'chat.postMessage' && c.body.channel === `C${user}`));
    if (cards.some((card) => !card)) return false;
    const homes = users.every((user, i) => slack.calls.some((c) => c.method === 'views.publish' && c.body.user_id === user && c.at >= cards[i]!.at));
    return homes || Date.now() - (slack.calls.at(-1)?.at ?? 0) > 2_000;
  };
  process.on('message', (m: { type: 'reset' | 'drained' | 'confirmations'; id: number; users?: string[] }) => {
    let value: unknown = true;
    if (m.type === 'reset') {
      slack.reset();
      openai.requests.length = 0;
    } else if (m.type === 'confirmations') value = slack.callsTo('response_url').map((c) => c.at);
    else value = drained(m.users ?? []);
    process.send!({ type: 'done', id: m.id, value });
  });
  process.once('disconnect', () => void Promise.all([slack.close(), openai.close()]).finally(() => process.exit(0)));
  process.send!({ type: 'ready', apiUrl: slack.apiUrl, openaiUrl: openai.baseUrl, responseUrl: slack.responseUrl('bench') });
}

if (process.argv[1] && resolve(process.argv[1]) === SELF) {
  if (process.argv[2] === '--fakes') await serveFakes();
  else {
    await ackBench();
    process.exit(0);
  }
}
