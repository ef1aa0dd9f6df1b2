import { describe, expect, it } from 'vitest';
import { citableLines, parseUnifiedDiff, contextWindows } from '../../src/domain/diff';

const DIFF = `diff --git a/src/pay.ts b/src/pay.ts
index 1111111..2222222 100644
--- a/src/pay.ts
+++ b/src/pay.ts
@@ -10,4 +10,5 @@ export function pay() {
   const a = 1;
-  const b = 2;
+  const b = 3;
+  const c = 4;
   return a + b;
@@ -40,2 +41,2 @@
-old
+new
 same
diff --git a/docs/old.md b/docs/new.md
similarity index 100%
rename from docs/old.md
rename to docs/new.md
diff --git a/gone.txt b/gone.txt
deleted file mode 100644
--- a/gone.txt
+++ /dev/null
@@ -1,2 +0,0 @@
-x
-y
`;

describe('parseUnifiedDiff', () => {
  it('reads paths, new-side lines and counts', () => {
    expect(parseUnifiedDiff(DIFF)).toEqual([
      { path: 'src/pay.ts', lines: [10, 11, 12, 13, 41, 42], added: 3, removed: 2 },
      { path: 'docs/new.md', lines: [], added: 0, removed: 0 },
      { path: 'gone.txt', lines: [], added: 0, removed: 2 },
    ]);
  });

  it('an empty diff has no files', () => expect(parseUnifiedDiff('')).toEqual([]));

  it('lists what a review may cite', () => {
    expect(citableLines(parseUnifiedDiff(DIFF)).slice(0, 4)).toEqual(['src/pay.ts', 'src/pay.ts:10', 'src/pay.ts:11', 'src/pay.ts:12']);
  });
});

describe('contextWindows', () => {
  it.each([
    ['no lines', [], 3, []],
    ['one run', [10, 11, 12], 3, [{ from: 7, to: 15 }]],
    ['near the top', [1, 2], 5, [{ from: 1, to: 7 }]],
    ['two runs far apart', [10, 50], 3, [{ from: 7, to: 13 }, { from: 47, to: 53 }]],
    ['two runs that overlap once widened', [10, 16], 3, [{ from: 7, to: 19 }]],
    ['unsorted', [50, 10], 0, [{ from: 10, to: 10 }, { from: 50, to: 50 }]],
  ])('%s', (_name, lines, around, expected) => expect(contextWindows({ lines }, around)).toEqual(expected));
});
