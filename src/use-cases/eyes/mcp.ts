import { mcpReadTools } from '../../agents/eyes/mcp';
import type { ReadTool } from '../../agents/reading';
import { unreadEvidence, type Evidence } from '../../domain/evidence';
import { openMcp, type McpSession } from '../../integrations/mcp/mcp-session';
import type { Deps } from '../deps';

/**
 * The MCP tools an agent may use in this run. Servers are opened in parallel; one that does
 * not start or answer in time is left out, and the card says so (a read that failed).
 */
export async function openMcpTools(deps: Pick<Deps, 'config' | 'logger' | 'now'>, agent: string): Promise<{ tools: ReadTool[]; evidence: Evidence[]; close: () => Promise<void> }> {
  // No tool calls allowed at all: no server is worth starting.
  const servers = deps.config.reading.maxCalls > 0 ? deps.config.mcpServers.filter((s) => s.agents.includes(agent)) : [];
  const opened = await Promise.all(servers.map(async (server) => ({ server, result: await openMcp(server) })));
  const sessions: McpSession[] = [];
  const tools: ReadTool[] = [];
  const evidence: Evidence[] = [];
  for (const { server, result } of opened) {
    if (!result.ok) {
      deps.logger.warn(`MCP server ${server.name} is unavailable for ${agent}: ${result.detail}`);
      evidence.push(unreadEvidence({ kind: 'mcp_tool', ref: server.name, via: 'context', at: deps.now(), problem: { code: 'mcp_unavailable', server: server.name, detail: result.detail } }));
      continue;
    }
    sessions.push(result.session);
    tools.push(...mcpReadTools(server, result.session));
  }
  return { tools, evidence, close: async () => void (await Promise.all(sessions.map((s) => s.close()))) };
}
