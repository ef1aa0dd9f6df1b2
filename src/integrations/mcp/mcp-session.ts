import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { McpServerConfig } from '../../config/mcp';

export interface McpToolInfo {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
  /** The server annotates it as not changing anything. */
  readOnlyHint: boolean;
}

export interface McpSession {
  tools: McpToolInfo[];
  /** Text of the result (non-text parts named, not inlined); `isError` when the tool said it failed. */
  call(name: string, args: unknown, signal: AbortSignal): Promise<{ text: string; isError: boolean }>;
  close(): Promise<void>;
}

/** Connects and lists the tools, within the server's timeout; a server that is down or slow is an answer, not a throw. */
export async function openMcp(server: McpServerConfig): Promise<{ ok: true; session: McpSession } | { ok: false; detail: string }> {
  const client = new Client({ name: 'delegate', version: '0.1.0' });
  const transport: Transport =
    'command' in server
      ? new StdioClientTransport({ command: server.command, args: server.args, env: { ...getDefaultEnvironment(), ...server.env }, cwd: server.cwd, stderr: 'ignore' })
      : new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: server.headers } });
  try {
    await withTimeout(client.connect(transport, { timeout: server.timeoutMs }), server.timeoutMs);
    const tools: McpToolInfo[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const listed = await client.listTools(cursor ? { cursor } : {}, { timeout: server.timeoutMs });
      for (const t of listed.tools) {
        tools.push({ name: t.name, description: t.description ?? '', inputSchema: t.inputSchema as Record<string, unknown>, readOnlyHint: t.annotations?.readOnlyHint === true });
      }
      cursor = listed.nextCursor;
      if (!cursor) break;
    }
    return {
      ok: true,
      session: {
        tools,
        async call(name, args, signal) {
          const result = await client.callTool({ name, arguments: (args ?? {}) as Record<string, unknown> }, undefined, { timeout: server.timeoutMs, signal });
          const parts = Array.isArray(result.content) ? result.content : [];
          const text = parts
            .map((p: { type?: string; text?: unknown }) => (p.type === 'text' && typeof p.text === 'string' ? p.text : `[${p.type ?? 'unknown'} content not shown]`))
            .join('\n');
          const structured = !text && result.structuredContent ? JSON.stringify(result.structuredContent) : '';
          return { text: text || structured, isError: result.isError === true };
        },
        close: () => client.close().catch(() => undefined),
      },
    };
  } catch (error) {
    await client.close().catch(() => undefined);
    return { ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
