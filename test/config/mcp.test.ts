import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMcpServers } from '../../src/config/mcp';

const dir = mkdtempSync(join(tmpdir(), 'delegate-mcp-config-'));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

describe('loadMcpServers', () => {
  it('reads stdio and Streamable HTTP servers with their defaults', () => {
    const path = file('ok.json', {
      mcpServers: {
        github: { command: 'npx', args: ['-y', 'github-mcp'], env: { TOKEN: 'x' }, agents: ['research'], tools: ['list_issues'] },
        docs: { url: 'https://mcp.example/mcp', headers: { authorization: 'Bearer y' }, agents: ['research', 'summarize'] },
      },
    });
    expect(loadMcpServers(path)).toEqual([
      { name: 'github', command: 'npx', args: ['-y', 'github-mcp'], env: { TOKEN: 'x' }, agents: ['research'], tools: ['list_issues'], readOnlyTools: [], timeoutMs: 15_000 },
      { name: 'docs', url: 'https://mcp.example/mcp', headers: { authorization: 'Bearer y' }, agents: ['research', 'summarize'], readOnlyTools: [], timeoutMs: 15_000 },
    ]);
  });

  it('no file, no servers', () => expect(loadMcpServers(undefined)).toEqual([]));

  it.each([
    ['not JSON', '{nope', /could not be read as JSON/],
    ['no agents', { mcpServers: { a: { command: 'x' } } }, /mcpServers\.a\.agents/],
    ['empty agents', { mcpServers: { a: { command: 'x', agents: [] } } }, /name the agents that may use this server/],
    ['neither command nor url', { mcpServers: { a: { agents: ['research'] } } }, /MCP_CONFIG mcpServers\.a: give a "command" \(a stdio server\) or a "url"/],
    ['a bad name', { mcpServers: { 'a b': { command: 'x', agents: ['research'] } } }, /server names are letters, digits and dashes/],
    ['a file:// url', { mcpServers: { a: { url: 'file:///etc/passwd', agents: ['research'] } } }, /MCP_CONFIG mcpServers\.a\.url: /],
    ['an unknown key', { mcpServers: { a: { command: 'x', agents: ['research'], writeTools: ['y'] } } }, /MCP_CONFIG mcpServers\.a: Unrecognized key: "writeTools"/],
    ['an entry that is not an object', { mcpServers: { a: 'npx server' } }, /mcpServers\.a: give a "command"/],
  ])('refuses %s with what is wrong', (name, content, message) => {
    expect(() => loadMcpServers(file(`${name.replace(/\W/g, '_')}.json`, content))).toThrow(message);
  });

  it('a missing file is named', () => {
    expect(() => loadMcpServers(join(dir, 'absent.json'))).toThrow(/MCP_CONFIG .*absent\.json could not be read/);
  });
});
