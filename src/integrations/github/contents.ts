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
  let bytes = 0;
  for (const [i, file] of files.entries()) {
    if (!file.lines.length) continue; // deleted, binary or renamed only: no new side to read
    if (i >= caps.maxFiles || bytes >= caps.maxBytes) {
      skipped.push({ path: file.path, why: 'cap' });
      continue;
    }
    let content: string;
    try {
      const res = await api.rest.repos.getContent({ ...where, path: file.path, mediaType: { format: 'raw' } });
      content = String(res.data);
    } catch (error) {
      const problem = githubProblem(error);
      if (problem.code === 'github_not_found') {
        skipped.push({ path: file.path, why: 'not_found' });
        continue;
      }
      // A refusal (permission, rate limit) would repeat for every file: stop asking.
      for (const rest of files.slice(i)) if (rest.lines.length) skipped.push({ path: rest.path, why: 'refused', problem });
      break;
    }
    if (Buffer.byteLength(content) > caps.maxFileBytes) {
      skipped.push({ path: file.path, why: 'too_big' });
      continue;
    }
    const lines = content.split('\n');
    for (const w of contextWindows(file, caps.around)) {
      const to = Math.min(w.to, lines.length);
      if (w.from > to) continue;
      const text = lines.slice(w.from - 1, to).map((l, k) => `${w.from + k}: ${l}`).join('\n');
      excerpts.push({ path: file.path, from: w.from, to, text });
      bytes += Buffer.byteLength(text);
    }
  }
  return { excerpts, skipped };
}
