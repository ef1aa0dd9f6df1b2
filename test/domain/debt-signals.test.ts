import { describe, expect, it } from 'vitest';
import { churn, debtCandidates, debtLabels, dirOf, hotspotAreas, isGenerated, largestFiles, markerHotspots } from '../../src/domain/debt-signals';

describe('markerHotspots: files by how many markers they carry', () => {
  it('counts each marker once per file, most first, then by path; generated files left out', () => {
    const hits = [
      { term: 'TODO', paths: ['src/b.ts', 'src/a.ts', 'dist/app.min.js', 'src/b.ts'] },
      { term: 'FIXME', paths: ['src/a.ts'] },
      { term: 'HACK', paths: ['src/a.ts', 'lib/c.ts'] },
    ];
    expect(markerHotspots(hits, 10)).toEqual([
      { path: 'src/a.ts', terms: ['TODO', 'FIXME', 'HACK'] },
      { path: 'lib/c.ts', terms: ['HACK'] },
      { path: 'src/b.ts', terms: ['TODO'] },
    ]);
    expect(markerHotspots(hits, 1)).toHaveLength(1);
    expect(markerHotspots([], 5)).toEqual([]);
  });
});

describe('hotspotAreas: directories with more than one marked file', () => {
  it.each<[string[], Array<{ area: string; files: number }>]>([
    [['src/legacy/a.ts', 'src/legacy/b.ts', 'src/legacy/c.ts', 'src/new/x.ts', 'README.md', 'Makefile'], [{ area: 'src/legacy', files: 3 }, { area: '.', files: 2 }]],
    [['src/a.ts', 'lib/b.ts'], []],
  ])('%j', (paths, areas) => {
    expect(hotspotAreas(paths.map((path) => ({ path, terms: ['TODO'] })), 5)).toEqual(areas);
  });
});

describe('largestFiles', () => {
  it('blobs only, by size, without lockfiles, vendored, built or binary files', () => {
    const entries = [
      { path: 'src', type: 'tree' },
      { path: 'package-lock.json', type: 'blob', size: 900_000 },
      { path: 'vendor/lib.js', type: 'blob', size: 800_000 },
      { path: 'src/big.ts', type: 'blob', size: 120_000 },
      { path: 'src/small.ts', type: 'blob', size: 1_000 },
      { path: 'src/also-big.ts', type: 'blob', size: 120_000 },
      { path: 'assets/logo.png', type: 'blob', size: 500_000 },
      { path: 'sub', type: 'commit' },
      { path: 'src/nosize.ts', type: 'blob' },
    ];
    expect(largestFiles(entries, 2)).toEqual([{ path: 'src/also-big.ts', bytes: 120_000 }, { path: 'src/big.ts', bytes: 120_000 }]);
  });
});

describe('churn: paths by the commits that touched them', () => {
  it.each<[Array<{ sha: string; files: string[] }>, number, Array<{ path: string; commits: number }>]>([
    [[{ sha: '1', files: ['a.ts', 'b.ts'] }, { sha: '2', files: ['a.ts'] }, { sha: '3', files: ['a.ts', 'yarn.lock', 'c.ts'] }], 2, [{ path: 'a.ts', commits: 3 }, { path: 'b.ts', commits: 1 }]],
    [[{ sha: '1', files: ['a.ts', 'a.ts'] }], 5, [{ path: 'a.ts', commits: 1 }]],
    [[], 5, []],
  ])('%j (top %i)', (commits, max, expected) => {
    expect(churn(commits, max)).toEqual(expected);
  });
});

describe('debtLabels: the labels that mean debt', () => {
  it.each<[string[], string[]]>([
    [['bug', 'tech-debt', 'enhancement'], ['tech-debt']],
    [['Tech Debt', 'technical_debt', 'type: refactor', 'needs cleanup', 'debt'], ['Tech Debt', 'technical_debt', 'type: refactor', 'needs cleanup']],
    [['debtor-relations', 'refactored', 'bug'], []],
    [['Legacy', 'kind/debt'], ['Legacy', 'kind/debt']],
  ])('%j', (names, wanted) => {
    expect(debtLabels(names, 4)).toEqual(wanted);
  });
});

describe('debtCandidates: the evidence for each path side by side', () => {
  it('paths more signals point at come first', () => {
    const candidates = debtCandidates(
      {
        hotspots: [{ path: 'src/only-todo.ts', terms: ['TODO', 'FIXME'] }, { path: 'src/all.ts', terms: ['TODO'] }],
        largest: [{ path: 'src/big.ts', bytes: 90_000 }, { path: 'src/all.ts', bytes: 50_000 }],
        churn: [{ path: 'src/all.ts', commits: 7 }, { path: 'src/big.ts', commits: 2 }],
      },
      3,
    );
    expect(candidates).toEqual([
      { path: 'src/all.ts', markers: ['TODO'], bytes: 50_000, commits: 7, signals: 3 },
      { path: 'src/big.ts', markers: [], bytes: 90_000, commits: 2, signals: 2 },
      { path: 'src/only-todo.ts', markers: ['TODO', 'FIXME'], bytes: null, commits: 0, signals: 1 },
    ]);
  });
});

describe('isGenerated and dirOf', () => {
  it.each<[string, boolean]>([
    ['src/app.ts', false],
    ['package-lock.json', true],
    ['web/node_modules/x/index.js', true],
    ['public/app.min.js', true],
    ['src/__snapshots__/a.test.ts.snap', true],
    ['docs/diagram.svg', true],
    ['src/build.ts', false],
  ])('%s → %s', (path, generated) => {
    expect(isGenerated(path)).toBe(generated);
  });

  it.each([['src/a/b.ts', 'src/a'], ['README.md', '.']])('%s is in %s', (path, dir) => {
    expect(dirOf(path)).toBe(dir);
  });
});
