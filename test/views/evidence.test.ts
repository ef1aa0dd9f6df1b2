import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../src/domain/evidence';
import { lookedAtBlocks, problemText, readLine } from '../../src/views/evidence';
import { blockKitViolations } from '../support/block-kit-limits';

const read = (more: Partial<Evidence> = {}): Evidence => ({
  kind: 'web_page', ref: 'https://a.example/x', label: 'A page', url: 'https://a.example/x', aliases: [], via: 'context',
  at: new Date(0), since: null, bytes: 12_000, items: 1, truncated: false, digest: 'd', problem: null, ...more,
});
const textOf = (blocks: unknown) => JSON.stringify(blocks);

describe('lookedAtBlocks', () => {
  it.each([
    ['nothing read, by an agent with eyes', [], true, ':eyes: Looked at: nothing beyond your request.'],
    ['one page, linked with its host', [read()], true, 'Looked at: 1 page: <https://a.example/x|A page (a.example)>'],
    ['four pages: three shown', [read(), read(), read(), read({ label: 'Fourth' })], true, '4 pages: <https://a.example/x|A page (a.example)>, <https://a.example/x|A page (a.example)>, <https://a.example/x|A page (a.example)> +1 more'],
    [
      'a channel over a window, cut at the cap',
      [read({ kind: 'slack_channel', label: '#eng', url: 'https://example.slack.com/archives/C1', items: 212, truncated: true, since: new Date('2026-11-30T08:00:00Z') })],
      true,
      '<https://example.slack.com/archives/C1|#eng>, 212 messages since <!date^1796025600^{date_short_pretty} at {time}|2026-11-30T08:00:00.000Z> (cut at the message cap)',
    ],
    ['a refused page, with its reason', [read({ url: null, problem: { code: 'http_status', status: 404 } })], true, '1 not read: https://a.example/x (the site answered 404)'],
    ['an MCP call', [read({ kind: 'mcp_tool', label: 'github: list_issues', url: null })], true, 'Looked at: github: list_issues'],
  ])('%s', (_name, reads, hasEyes, says) => {
    const blocks = lookedAtBlocks('00000000-0000-4000-8000-000000000000', 1, { reads, unreadCitations: [], hasEyes });
    expect(textOf(blocks)).toContain(says);
    expect(blockKitViolations({ text: 'x', blocks })).toEqual([]);
  });

  it('says nothing for an agent without eyes that read nothing', () => {
    expect(lookedAtBlocks('00000000-0000-4000-8000-000000000000', 1, { reads: [], unreadCitations: [], hasEyes: false })).toEqual([]);
  });

  it('marks citations that were not read, escaped', () => {
    const blocks = lookedAtBlocks('00000000-0000-4000-8000-000000000000', 1, { reads: [read()], unreadCitations: ['https://evil.example/<!channel>'], hasEyes: true });
    expect(textOf(blocks)).toContain('Cited but *not read by the agent*: https://evil.example/&lt;!channel&gt;');
  });

  it('a page title cannot break out of its link', () => {
    const blocks = lookedAtBlocks('00000000-0000-4000-8000-000000000000', 1, { reads: [read({ label: 'Hi|<!here> <@U1>' })], unreadCitations: [], hasEyes: true });
    expect(textOf(blocks)).toContain('|Hi|&lt;!here&gt; &lt;@U1&gt; (a.example)>');
    expect(textOf(blocks)).not.toContain('<!here>');
  });
});

describe('problemText and readLine', () => {
  it.each([
    [{ code: 'refused_address', host: 'metadata.internal', address: '169.254.169.254', range: 'linkLocal' }, 'refused: metadata.internal is a link-local address (where cloud metadata lives) (169.254.169.254)'],
    [{ code: 'refused_address', host: '10.0.0.1', address: '10.0.0.1', range: 'private' }, 'refused: 10.0.0.1 is a private-network address'],
    [{ code: 'timeout', ms: 15_000 }, 'no answer within 15 s'],
    [{ code: 'web_off' }, 'reading the web is switched off here (WEB_FETCH=off)'],
    [{ code: 'mcp_unavailable', server: 'github', detail: 'spawn ENOENT' }, 'the github MCP server did not start or answer (spawn ENOENT), so the agent ran without it'],
    [{ code: 'bot_not_in_channel', channelId: 'C1', name: 'eng' }, 'Invite @Delegate to #eng first'],
    [{ code: 'private_elsewhere', channelId: 'G1', name: 'team' }, '#team is private, so what I read there goes only to that channel or your DM'],
    [{ code: 'github_refused', ref: 'acme/nope', problem: { code: 'github_not_found' }, what: 'repository' }, 'acme/nope: GitHub says there is no such repository, or the token cannot see it.'],
    [{ code: 'github_refused', ref: 'acme/web labels', problem: { code: 'github_missing_permission', permission: 'issues=read' }, what: 'repository' }, 'acme/web labels: the GitHub token lacks the permission this needs (issues=read)'],
    [{ code: 'no_repository', agent: 'tech-debt' }, 'Tell `tech-debt` which repository: `owner/repo` or its URL.'],
    [{ code: 'search_incomplete', term: 'TODO' }, 'GitHub stopped this search early and said its results were incomplete'],
    [{ code: 'search_budget', budget: 5 }, 'code search allows about 10 searches a minute, and a run makes at most 5'],
    [{ code: 'search_terms_ignored', max: 5 }, 'only the first 5 extra words of a request are searched'],
    [{ code: 'one_repository' }, 'a run reads one repository'],
    [{ code: 'something_new' }, 'something new'],
  ])('%j → %s', (problem, words) => {
    expect(problemText(problem)).toContain(words);
  });

  it('a read line says its size, whether it was cut, and how it was read', () => {
    expect(readLine(read({ via: 'tool', truncated: true }))).toBe(':page_facing_up: <https://a.example/x|A page (a.example)> · 12 KB · _cut short at the size limit_ · opened by the agent');
  });
});
