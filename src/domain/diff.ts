/**
 * A unified diff, read for what a review may cite: each file's path and the line numbers of
 * the new side that the hunks show (added and context lines). Pure; binary and renamed-only
 * files carry no lines.
 */
export interface DiffFile {
  path: string;
  /** New-side line numbers shown in the diff. */
  lines: number[];
  added: number;
  removed: number;
}

export function parseUnifiedDiff(diff: string): DiffFile[] {
  const files: DiffFile[] = [];
  let file: DiffFile | undefined;
  let next = 0;
  let inHunk = false;
  for (const line of diff.split('\n')) {
    if (line.startsWith('diff --git ')) {
      // The b/ side names the file as it is after the change.
      const path = /^diff --git a\/.+? b\/(.+)$/.exec(line)?.[1] ?? line.slice('diff --git '.length);
      file = { path, lines: [], added: 0, removed: 0 };
      files.push(file);
      inHunk = false;
      continue;
    }
    if (!file) continue;
    if (!inHunk && line.startsWith('+++ ')) {
      const to = line.slice(4).replace(/^b\//, '');
      if (to !== '/dev/null') file.path = to;
      continue;
    }
    if (!inHunk && line.startsWith('--- ')) continue;
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (hunk) {
      next = Number(hunk[1]);
      inHunk = true;
      continue;
    }
    if (!inHunk) continue;
    if (line.startsWith('+')) {
      file.lines.push(next++);
      file.added++;
    } else if (line.startsWith('-')) {
      file.removed++;
    } else if (line.startsWith(' ')) {
      file.lines.push(next++);
    }
  }
  return files;
}

/** "path:line" for every line a review may cite, and the bare path of every file. */
export function citableLines(files: readonly DiffFile[]): string[] {
  return files.flatMap((f) => [f.path, ...f.lines.map((n) => `${f.path}:${n}`)]);
}

/**
 * The stretches of the new file worth reading around a file's changes: each run of lines the
 * diff shows, widened by `around` lines on both sides, overlapping stretches merged.
 */
export function contextWindows(file: Pick<DiffFile, 'lines'>, around: number): Array<{ from: number; to: number }> {
  const windows: Array<{ from: number; to: number }> = [];
  for (const n of [...file.lines].sort((a, b) => a - b)) {
    const from = Math.max(1, n - around);
    const last = windows.at(-1);
    if (last && from <= last.to + 1) last.to = Math.max(last.to, n + around);
    else windows.push({ from, to: n + around });
  }
  return windows;
}
