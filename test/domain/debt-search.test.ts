import { describe, expect, it } from 'vitest';
import { DEBT_MARKERS, SEARCH_BUDGET, extraTermsIn, planSearches } from '../../src/domain/debt-search';

const repo = { owner: 'acme', repo: 'web' };
const q = (term: string) => ({ term, q: `${term} repo:acme/web` });

describe('planSearches: the code searches a run makes, within the budget', () => {
  it.each<[string, string[], { perMinute: number; perRun: number }, { run: string[]; skipped: string[]; budget: number }]>([
    ['the markers, all within the default budget', [...DEBT_MARKERS], SEARCH_BUDGET, { run: ['TODO', 'FIXME', 'HACK'], skipped: [], budget: 5 }],
    ['past the per-run budget: the first ones run, the rest are skipped', ['TODO', 'FIXME', 'HACK', 'XXX'], { perMinute: 10, perRun: 2 }, { run: ['TODO', 'FIXME'], skipped: ['HACK', 'XXX'], budget: 2 }],
    ['never more than the minute allows, whatever the run may', ['a', 'b', 'c', 'd'], { perMinute: 3, perRun: 8 }, { run: ['a', 'b', 'c'], skipped: ['d'], budget: 3 }],
    ['no budget at all: nothing runs, everything is said', ['TODO'], { perMinute: 10, perRun: 0 }, { run: [], skipped: ['TODO'], budget: 0 }],
    ['the same word twice (any case) is searched once', ['TODO', 'todo', 'FIXME'], SEARCH_BUDGET, { run: ['TODO', 'FIXME'], skipped: [], budget: 5 }],
    ['no words: no searches', [], SEARCH_BUDGET, { run: [], skipped: [], budget: 5 }],
  ])('%s', (_name, terms, budget, expected) => {
    const plan = planSearches(repo, terms, budget);
    expect({ run: plan.run.map((p) => p.term), skipped: plan.skipped.map((p) => p.term), budget: plan.budget }).toEqual(expected);
  });

  it('each query names the repository; a term with a space is quoted', () => {
    expect(planSearches(repo, ['TODO', 'legacy api'], SEARCH_BUDGET).run).toEqual([q('TODO'), { term: 'legacy api', q: '"legacy api" repo:acme/web' }]);
  });
});

describe('extraTermsIn: words a request adds, in double quotes', () => {
  it.each<[string, string[], string[]]>([
    ['acme/web', [], []],
    ['acme/web "XXX" "legacy api"', ['XXX', 'legacy api'], []],
    ['acme/web “KLUDGE”', ['KLUDGE'], []],
    ['acme/web "todo" "XXX" "xxx"', ['XXX'], []],
    ['acme/web "rm -rf; $(x)" "ok"', ['ok'], []],
    ['acme/web "a" "b" "c" "d" "e" "f" "g"', ['a', 'b', 'c', 'd', 'e'], ['f', 'g']],
  ])('%j', (text, terms, ignored) => {
    expect(extraTermsIn(text)).toEqual({ terms, ignored });
  });
});
