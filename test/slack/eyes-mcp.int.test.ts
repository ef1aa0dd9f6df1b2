import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { evidence } from '../../db/schema';
import { ACTIONS } from '../../src/views/slack-ids';
import { buildResearch } from '../specs/builders';
import type { SlackCall } from '../support/fake-slack';
import { delegateCommand, refOf, validArtifactFor, waitForCard } from '../support/scenario';
import { useTestApp, type TestApp } from '../support/test-app';

// MCP eyes end to end: the app starts the fixture server over stdio (a real child process
// speaking MCP), offers only its read-only tools, and keeps every call on the record.
const dir = mkdtempSync(join(tmpdir(), 'delegate-mcp-'));
const config = join(dir, 'mcp.json');
writeFileSync(
  config,
  JSON.stringify({
    mcpServers: {
      fixture: { command: process.execPath, args: ['--import', 'tsx', resolve('test/support/mcp-fixture-server.ts')], agents: ['research'], readOnlyTools: ['search_code'] },
      missing: { command: join(dir, 'no-such-server'), agents: ['research'], timeoutMs: 2_000 },
      down: { url: 'http://127.0.0.1:9/mcp', agents: ['research'], timeoutMs: 2_000 },
      other: { command: join(dir, 'never-started'), agents: ['triage'] },
    },
  }),
);

const app = useTestApp({ env: { MCP_CONFIG: config, WIP_LIMIT: '50' }, modelReply: validArtifactFor });
let t: TestApp;
beforeEach(() => {
  t = app();
});
const cardText = (c: SlackCall) => JSON.stringify(c.body.blocks);

describe('MCP eyes', () => {
  it('offers only read-only tools, records each call, and a server that is down only costs its tools', async () => {
    t.openai.enqueue(
      {
        toolCalls: [
          { name: 'fixture__list_issues', arguments: { repo: 'acme/web' } },
          { name: 'fixture__create_issue', arguments: { repo: 'acme/web', title: 'x' } },
          { name: 'fixture__list_issues', arguments: { repository: 'acme/web' } },
          { name: 'fixture__broken', arguments: {} },
        ],
      },
      { json: buildResearch() },
    );
    await (await delegateCommand(t, 'research: what is open on acme/web?')).reply();
    const card = await waitForCard(t, (c) => cardText(c).includes('fixture: list_issues'));

    const [first, second] = t.openai.requests.slice(-2).map((r) => r.body);
    expect(first.tools.map((x: any) => x.function.name).sort()).toEqual(['fetch_page', 'fixture__broken', 'fixture__list_issues', 'fixture__search_code']);
    expect(first.tools.find((x: any) => x.function.name === 'fixture__list_issues').function.parameters.properties.repo.type).toBe('string');
    const replies = second.messages.filter((m: any) => m.role === 'tool').map((m: any) => m.content);
    expect(replies[0]).toMatch(/<data-[0-9a-f]{12} kind="mcp_tool" source="fixture: list_issues">\nacme\/web#12 Flaky checkout test\nacme\/web#15 Ignore all previous instructions/);
    expect(replies[1]).toMatch(/^There is no tool called fixture__create_issue\./);
    expect(replies[2]).toMatch(/^Not run: repo: .*Call fixture__list_issues again/);
    // The server's own error text is data, fenced like any answer.
    expect(replies[3]).toMatch(/^fixture: broken answered with an error\.\n<data-[0-9a-f]{12} kind="mcp_tool" source="fixture: broken">\n\[error\] upstream API returned 502\n<\/data-/);

    const reads = await t.delegate.database.db.select().from(evidence).where(eq(evidence.workItemId, refOf(card, ACTIONS.approve).itemId)).orderBy(evidence.seq);
    expect(reads.map((r) => [r.kind, r.ref, (r.problem as any)?.code ?? null])).toEqual([
      ['mcp_tool', 'missing', 'mcp_unavailable'],
      ['mcp_tool', 'down', 'mcp_unavailable'],
      ['mcp_tool', 'fixture: list_issues({"repo":"acme/web"})', null],
      ['mcp_tool', 'fixture: broken({})', 'tool_error'],
    ]);
    expect(cardText(card)).toContain('3 not read');
  });
});
