import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { McpServerConfig } from '../../config/mcp';
import { unreadEvidence, type Evidence } from '../../domain/evidence';
import type { McpSession, McpToolInfo } from '../../integrations/mcp/mcp-session';
import type { ReadContext, ReadOutcome, ReadTool } from '../reading';

/**
 * An MCP server's tools as read tools: only those the server annotates as read-only, or the
 * operator lists as read-only, and among them only those the operator allows. Each call is a
 * read on the record, like a page.
 */
export function offeredMcpTools(server: McpServerConfig, tools: readonly McpToolInfo[]): McpToolInfo[] {
  return tools.filter((t) => (t.readOnlyHint || server.readOnlyTools.includes(t.name)) && (!server.tools || server.tools.includes(t.name)));
}

export function mcpReadTools(server: McpServerConfig, session: McpSession): ReadTool[] {
  return offeredMcpTools(server, session.tools).map((tool) => {
    const parameters = argumentsSchema(tool.inputSchema);
    return {
      name: `${server.name}__${tool.name}`.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64),
      description: `${tool.description} (read-only, from the ${server.name} MCP server)`.slice(0, 1000),
      parameters,
      jsonSchema: tool.inputSchema,
      read: (args, ctx) => callTool(server, session, tool.name, args, ctx),
    };
  });
}

/** The tool's JSON Schema as zod, so arguments are checked before the server sees them. */
function argumentsSchema(schema: Record<string, unknown>): z.ZodType {
  try {
    return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch {
    return z.record(z.string(), z.unknown()); // a schema zod cannot read: the server checks it
  }
}

async function callTool(server: McpServerConfig, session: McpSession, tool: string, args: unknown, ctx: ReadContext): Promise<ReadOutcome> {
  const ref = `${server.name}: ${tool}(${JSON.stringify(args ?? {})})`.slice(0, 500);
  const base = { kind: 'mcp_tool' as const, ref, label: `${server.name}: ${tool}`, url: null, aliases: [], via: 'tool' as const, at: new Date(), since: null };
  let result: { text: string; isError: boolean };
  try {
    result = await session.call(tool, args, ctx.signal);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const evidence = unreadEvidence({ ...base, problem: { code: 'tool_failed', server: server.name, tool, detail } });
    return { blocks: [], evidence: [evidence], note: `${server.name}: ${tool} failed. Go on without it.` };
  }
  const cut = Buffer.byteLength(result.text) > ctx.bytesLeft;
  const text = cut ? Buffer.from(result.text).subarray(0, ctx.bytesLeft).toString('utf8') : result.text;
  const evidence: Evidence = {
    ...base,
    bytes: Buffer.byteLength(text),
    items: 1,
    truncated: cut,
    digest: createHash('sha256').update(text).digest('hex'),
    problem: result.isError ? { code: 'tool_error', server: server.name, tool, detail: text.slice(0, 200) } : null,
  };
  // The server's error text is its own words: fenced as data like any other answer.
  if (result.isError) return { blocks: [{ kind: 'mcp_tool', source: `${server.name}: ${tool}`, text: `[error] ${text.slice(0, 500)}` }], evidence: [evidence], note: `${server.name}: ${tool} answered with an error.` };
  return { blocks: [{ kind: 'mcp_tool', source: `${server.name}: ${tool}`, text: `${text}${cut ? '\n[Cut short at the reading budget.]' : ''}` }], evidence: [evidence] };
}
