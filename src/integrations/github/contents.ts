import { contextWindows, type DiffFile } from '../../domain/diff';
import { githubProblem, type GitHubApi, type GitHubProblem } from './client';

export interface Excerpt {
  path: string;
  from: number;
  to: number;
  /** The lines, each prefixed with its number on the new side. */
  text: string;
}

export interface AroundRead {
  excerpts: Excerpt[];
  /** Changed files whose surroundings were not read: past the caps, deleted, or refused (with why). */
  skipped: Array<{ path: string; why: 'cap' | 'not_found' | 'too_big' } | { path: string; why: 'refused'; problem: GitHubProblem }>;
}

const PARALLEL = 5;

async function fetchFile(api: GitHubApi, where: { owner: string; repo: string; ref: string }, path: string): Promise<{ text: string } | { problem: GitHubProblem }> {
  try {
    const res = await api.rest.repos.getContent({ ...where, path, mediaType: { format: 'raw' } });
    return { text: String(res.data) };
  } catch (error) {
    return { problem: githubProblem(error) };
  }
}

/**
 * The changed files' content around each change, at the PR's head: a reviewer reads the code
 * a hunk sits in, not only the hunk. Capped in files, window and bytes; what was not read is
 * listed, and a refusal (a token without Contents: read) is a note, not a failure.
 */
export async function readAround(
  api: GitHubApi,
  where: { owner: string; repo: string; ref: string },
  files: readonly DiffFile[],
  caps: { maxFiles: number; around: number; maxBytes: number; maxFileBytes: number },
): Promise<AroundRead> {
  const excerpts: Excerpt[] = [];
  const skipped: AroundRead['skipped'] = [];
  const wanted = files.filter((f) => f.lines.length); // deleted, binary or renamed only: no new side to read
  const read = wanted.slice(0, caps.maxFiles);
  for (const f of wanted.slice(caps.maxFiles)) skipped.push({ path: f.path, why: 'cap' });
  let bytes = 0;
  // A few at a time: twenty files one after another would add seconds before the model starts.
  for (let i = 0; i < read.length; i += PARALLEL) {
    const batch = read.slice(i, i + PARALLEL);
    const answers = await Promise.all(batch.map((f) => fetchFile(api, where, f.path)));
    for (const [k, file] of batch.entries()) {
      const got = answers[k]!;
      if (bytes >= caps.maxBytes) {
        skipped.push({ path: file.path, why: 'cap' });
        continue;
      }
      if ('problem' in got) {
        if (got.problem.code === 'github_not_found') {
          skipped.push({ path: file.path, why: 'not_found' });
          continue;
        }
        // A refusal (permission, rate limit) would repeat for every file: stop asking.
        for (const rest of read.slice(i + k)) skipped.push({ path: rest.path, why: 'refused', problem: got.problem });
        return { excerpts, skipped };
      }
      if (Buffer.byteLength(got.text) > caps.maxFileBytes) {
        skipped.push({ path: file.path, why: 'too_big' });
        continue;
      }
      const lines = got.text.split('\n');
      for (const w of contextWindows(file, caps.around)) {
        const to = Math.min(w.to, lines.length);
        if (w.from > to) continue;
        const text = lines.slice(w.from - 1, to).map((l, n) => `${w.from + n}: ${l}`).join('\n');
        excerpts.push({ path: file.path, from: w.from, to, text });
        bytes += Buffer.byteLength(text);
      }
    }
  }
  return { excerpts, skipped };
}
