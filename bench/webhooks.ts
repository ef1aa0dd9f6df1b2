/**
 * Webhooks: how fast a signed GitHub delivery is acknowledged with 50 in flight at once (next
 * to 50 concurrent `/delegate` in the same run), and the time from a delivery to its agent's
 * model request (the run started by the watch).
 */
import { randomUUID } from 'node:crypto';
import { githubSignature } from '../src/domain/webhook-auth';
import type { FakeOpenAI } from '../test/support/fake-openai';
import type { startFakeGitHub } from '../test/support/fake-github';
import { buildPrReview } from '../test/specs/builders';

export const BENCH_WEBHOOK_SECRET = 'bench-webhook-secret';

function delivery(owner: string, repo: string, number: number) {
  return JSON.stringify({
    action: 'opened',
    number,
    pull_request: { title: `Change ${number}`, html_url: `https://github.com/${owner}/${repo}/pull/${number}`, draft: false, merged: false, user: { login: 'octocat' }, head: { sha: 'a'.repeat(40) } },
    repository: { name: repo, owner: { login: owner } },
  });
}

async function post(base: string, raw: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${base}/webhooks/github`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': randomUUID(), 'x-hub-signature-256': githubSignature(raw, BENCH_WEBHOOK_SECRET) },
    body: raw,
  });
  await res.text();
  if (res.status !== 202) throw new Error(`webhook answered ${res.status}`);
  return performance.now() - t0;
}

export async function webhookBench(
  base: string,
  gh: Awaited<ReturnType<typeof startFakeGitHub>>,
  openai: FakeOpenAI,
  command: (text: string, user: string) => Promise<unknown>,
  concurrentDelegate: () => Promise<number[]>,
  watching: (user: string) => Promise<void>,
) {
  const diff = 'diff --git a/src/a.ts b/src/a.ts\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,1 +1,2 @@\n line\n+added\n';
  // Acks: 50 deliveries at once, three rounds, each round for its own watcher and repository.
  const acks: number[] = [];
  for (let round = 0; round < 3; round++) {
    await command(`watch bench/acks${round} pr-review`, `UHOOKACK${round}`);
    await watching(`UHOOKACK${round}`);
    acks.push(...(await Promise.all(Array.from({ length: 50 }, (_, i) => post(base, delivery('bench', `acks${round}`, i + 1))))));
  }
  const delegateAcks = await concurrentDelegate();
  // Delivery → model request: one at a time, each for a watcher with room under the limit.
  openai.setDefault({ json: buildPrReview({ pull_request: 'bench/start#1' }) });
  const toStart: number[] = [];
  for (let round = 0; round < 10; round++) {
    const repo = `start${round}`;
    gh.addPull({ owner: 'bench', repo, number: 1, title: 'Change', diff });
    await command(`watch bench/${repo} pr-review`, `UHOOKSTART${round}`);
    await watching(`UHOOKSTART${round}`);
    openai.reset();
    const at0 = Date.now();
    await post(base, delivery('bench', repo, 1));
    toStart.push((await openai.waitForRequests(1, 60_000))[0]!.at - at0);
  }
  return { acks, delegateAcks, toStart };
}
