import type { DiffFile } from './diff';

export interface ReviewComment {
  path: string;
  line: number | null;
  body: string;
}

/**
 * Which comments GitHub can take inline: only a line the PR's diff shows (new side). The rest
 * (a whole-file remark, or a line the diff no longer shows after new commits) go in the body,
 * so nothing the person approved is dropped.
 */
export function placeComments(comments: readonly ReviewComment[], files: readonly DiffFile[]): { inline: Array<ReviewComment & { line: number }>; inBody: ReviewComment[] } {
  const shown = new Map(files.map((f) => [f.path, new Set(f.lines)]));
  const inline: Array<ReviewComment & { line: number }> = [];
  const inBody: ReviewComment[] = [];
  for (const c of comments) {
    if (c.line !== null && shown.get(c.path)?.has(c.line)) inline.push({ ...c, line: c.line });
    else inBody.push(c);
  }
  return { inline, inBody };
}
