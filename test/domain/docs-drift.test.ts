import { describe, expect, it } from 'vitest';
import { codeArea, docNamesArea, docsToRead, isCodeFile, isDocFile, mentionsArea } from '../../src/domain/docs-files';
import { changedAreas, commitsToOpen, docsDrift, docsWindow, type ChangedCommit } from '../../src/domain/docs-drift';

describe('isDocFile', () => {
  it.each([
    ['README.md', true],
    ['readme', true],
    ['README.rst', true],
    ['CONTRIBUTING.md', true],
    ['docs/billing.md', true],
    ['docs/api/billing/refunds.md', true],
    ['website/pages/intro.mdx', true],
    ['src/components/Button.mdx', true],
    ['src/billing/README.md', true],
    ['GUIDE.md', true],
    ['CHANGELOG.md', false],
    ['LICENSE', false],
    ['LICENSE.md', false],
    ['CODE_OF_CONDUCT.md', false],
    ['.github/PULL_REQUEST_TEMPLATE.md', false],
    ['node_modules/left-pad/README.md', false],
    ['src/billing/notes.md', false],
    ['docs/requirements.txt', false],
    ['src/billing/invoice.ts', false],
  ])('%s → %s', (path, expected) => expect(isDocFile(path)).toBe(expected));
});

describe('isCodeFile and codeArea', () => {
  it.each([
    ['src/billing/invoice.ts', 'billing'],
    ['src/billing/stripe/webhook.ts', 'billing'],
    ['lib/Rate_Limit/bucket.rb', 'rate-limit'],
    ['packages/auth/src/session.ts', 'auth'],
    ['src/search.ts', 'search'],
    ['src/index.ts', null],
    ['main.go', null],
    ['cmd/api/main.go', 'api'],
    ['src/billing/invoice.test.ts', null],
    ['test/billing/invoice.ts', null],
    ['src/billing/__tests__/invoice.ts', null],
    ['pkg/billing/invoice_test.go', null],
    ['package.json', null],
    ['src/billing/schema.json', null],
    ['docs/examples/billing.ts', null],
    ['node_modules/x/index.js', null],
  ])('%s → %s', (path, area) => {
    expect(codeArea(path)).toBe(area);
    if (area) expect(isCodeFile(path)).toBe(true);
  });
});

describe('docNamesArea and mentionsArea', () => {
  it.each([
    ['docs/billing.md', 'billing', true],
    ['docs/billing/refunds.md', 'billing', true],
    ['src/billing/README.md', 'billing', true],
    ['docs/Rate_Limit.md', 'rate-limit', true],
    ['docs/billing-faq.md', 'billing', false],
    ['README.md', 'billing', false],
  ])('%s is named for %s: %s', (path, area, expected) => expect(docNamesArea(path, area)).toBe(expected));

  it.each([
    ['## Billing\nInvoices are sent monthly.', 'billing', true],
    ['We rate limit by token (see rate-limit).', 'rate-limit', true],
    ['rate_limits are per user', 'rate-limit', true],
    ['Rebilling is not supported.', 'billing', false],
    ['Nothing here.', 'billing', false],
    ['auth and authz', 'auth', true],
  ])('%j mentions %s: %s', (text, area, expected) => expect(mentionsArea(text, area)).toBe(expected));
});

describe('docsToRead', () => {
  const caps = { maxFiles: 3, maxBytes: 1_000, maxFileBytes: 600 };
  it('reads the docs named for a changed area first, then the root README, root docs, docs folders; within the caps', () => {
    const docs = [
      { path: 'docs/zeta.md', size: 100 },
      { path: 'CONTRIBUTING.md', size: 100 },
      { path: 'README.md', size: 100 },
      { path: 'docs/billing.md', size: 100 },
      { path: 'docs/huge.md', size: 700 },
    ];
    expect(docsToRead(docs, ['billing'], caps)).toEqual({
      read: ['docs/billing.md', 'README.md', 'CONTRIBUTING.md'],
      skipped: [
        { path: 'docs/huge.md', why: 'too_big' },
        { path: 'docs/zeta.md', why: 'cap' },
      ],
    });
  });

  it('stops at the byte cap', () => {
    const docs = [
      { path: 'README.md', size: 500 },
      { path: 'docs/a.md', size: 450 },
      { path: 'docs/b.md', size: 100 },
    ];
    expect(docsToRead(docs, [], caps)).toEqual({ read: ['README.md', 'docs/a.md'], skipped: [{ path: 'docs/b.md', why: 'cap' }] });
  });
});

describe('docsWindow', () => {
  const now = new Date('2026-12-07T08:00:00Z');
  it.each([
    ['acme/web', null, '2026-11-30T08:00:00.000Z', 'default'],
    ['acme/web', new Date('2026-12-01T10:00:00Z'), '2026-12-01T10:00:00.000Z', 'since_last_run'],
    ['acme/web last 30 days', new Date('2026-12-01T10:00:00Z'), '2026-11-07T08:00:00.000Z', 'asked'],
  ])('%s (last read %s) → since %s (%s)', (text, last, since, why) => {
    expect(docsWindow(text, now, 'UTC', last)).toEqual({ since: new Date(since), why });
  });
});

describe('commitsToOpen', () => {
  it('skips merges and opens the newest up to the cap', () => {
    const listed = [
      { sha: 'm1', parents: 2 },
      { sha: 'c3', parents: 1 },
      { sha: 'c2', parents: 1 },
      { sha: 'c1', parents: 0 },
    ];
    expect(commitsToOpen(listed, 2)).toEqual({ open: [listed[1], listed[2]], notOpened: [listed[3]] });
  });
});

describe('docsDrift', () => {
  const c = (sha: string, ...paths: string[]): ChangedCommit => ({ sha, message: sha, files: paths.map((path) => ({ path, status: 'modified' })) });
  const docs = [
    { path: 'README.md', text: '# Acme web\nBilling is documented in docs/billing.md.' },
    { path: 'docs/billing.md', text: '# Billing\nInvoices are monthly.' },
    { path: 'docs/auth.md', text: '# Sign-in' },
    { path: 'docs/search.md', text: null },
  ];

  it.each<[string, ChangedCommit[], unknown[]]>([
    [
      'billing changed in two commits, its docs untouched: outdated, the doc named for it first',
      [c('a1', 'src/billing/invoice.ts', 'src/billing/tax.ts'), c('a2', 'src/billing/invoice.ts')],
      [{ area: 'billing', status: 'outdated', commits: [{ sha: 'a1', paths: ['src/billing/invoice.ts', 'src/billing/tax.ts'] }, { sha: 'a2', paths: ['src/billing/invoice.ts'] }], docs: ['docs/billing.md', 'README.md'] }],
    ],
    [
      'billing changed and its doc changed later in the window: updated',
      [c('a1', 'src/billing/invoice.ts'), c('a2', 'docs/billing.md')],
      [{ area: 'billing', status: 'updated', commits: [{ sha: 'a1', paths: ['src/billing/invoice.ts'] }], docs: ['docs/billing.md'] }],
    ],
    [
      'a doc changed in the same commit counts, whatever it is called',
      [c('a1', 'src/exports/csv.ts', 'docs/howto.md')],
      [{ area: 'exports', status: 'updated', commits: [{ sha: 'a1', paths: ['src/exports/csv.ts'] }], docs: ['docs/howto.md'] }],
    ],
    ['no doc names or mentions it: missing', [c('a1', 'src/webhooks/retry.ts')], [{ area: 'webhooks', status: 'missing', commits: [{ sha: 'a1', paths: ['src/webhooks/retry.ts'] }] }]],
    [
      'a doc that exists but was not read still covers the area it is named for',
      [c('a1', 'src/search/query.ts')],
      [{ area: 'search', status: 'outdated', commits: [{ sha: 'a1', paths: ['src/search/query.ts'] }], docs: ['docs/search.md'] }],
    ],
    ['tests, config and generic files name no area', [c('a1', 'src/index.ts', 'test/billing.test.ts', 'package.json')], []],
  ])('%s', (_name, commits, expected) => {
    expect(docsDrift(commits, docs)).toEqual(expected);
  });

  it('puts the areas with the most changes first', () => {
    const drift = docsDrift([c('a1', 'src/auth/a.ts'), c('a2', 'src/billing/a.ts', 'src/billing/b.ts')], docs);
    expect(drift.map((d) => d.area)).toEqual(['billing', 'auth']);
    expect(changedAreas([c('a1', 'src/auth/a.ts', 'src/index.ts'), c('a2', 'src/billing/a.ts')])).toEqual(['auth', 'billing']);
  });
});
