/**
 * `/delegate pr-review` on a 2,000-line diff, to the card, with an instant model: split at the
 * model request (reading GitHub, the diff and the 20 changed files around each change, and
 * building the transcript before it; validating, checking
 * citations and posting after). The floor is `/delegate research` → card in the same run.
 */
import type { FakeOpenAI } from '../test/support/fake-openai';
import type { FakeSlack } from '../test/support/fake-slack';
import type { startFakeGitHub } from '../test/support/fake-github';
import { buildPrReview } from '../test/specs/builders';

const ROUNDS = 5;

export function bigDiff(files = 20, linesPerFile = 100): string {
  return Array.from({ length: files }, (_, f) => {
    const lines = Array.from({ length: linesPerFile }, (_, i) => `+  const value${i} = compute(${i}); // file ${f}`).join('\n');
    return `diff --git a/src/module${f}.ts b/src/module${f}.ts\nindex 1111111..2222222 100644\n--- a/src/module${f}.ts\n+++ b/src/module${f}.ts\n@@ -0,0 +1,${linesPerFile} @@\n${lines}\n`;
  }).join('');
}

export async function prReviewBench(gh: Awaited<ReturnType<typeof startFakeGitHub>>, slack: FakeSlack, openai: FakeOpenAI, command: (text: string, user: string) => Promise<unknown>) {
  // The changed files at the head too: pr-review reads the code around each change.
  const contents = Object.fromEntries(Array.from({ length: 20 }, (_, f) => [`src/module${f}.ts`, Array.from({ length: 100 }, (_, i) => `  const value${i} = compute(${i}); // file ${f}`).join('\n')]));
  gh.addPull({ owner: 'bench', repo: 'app', number: 1, title: 'A 2,000-line change', diff: bigDiff(), contents, checks: [{ name: 'ci', status: 'completed', conclusion: 'success' }] });
  const toRequest: number[] = [];
  const toCard: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    openai.reset();
    openai.setDefault({ json: buildPrReview({ pull_request: 'bench/app#1' }) });
    slack.reset();
    const t0 = performance.now();
    const at0 = Date.now();
    await command('pr-review: bench/app#1', `UPRBENCH${round}`);
    await slack.waitFor('chat.postMessage', (c) => JSON.stringify(c.body.blocks ?? '').includes('bench/app#1: 20 files'), 60_000);
    toCard.push(performance.now() - t0);
    toRequest.push((await openai.waitForRequests(1))[0]!.at - at0);
  }
  return { toRequest, toCard };
}
