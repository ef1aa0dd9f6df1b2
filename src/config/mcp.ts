import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../errors/app-error';

/**
 * The MCP servers agents may read from, in the common `mcpServers` shape (as Claude Desktop,
 * Cursor and VS Code write it), with Delegate's own keys per server: which agents may use it
 * (`agents`, required), which of its tools (`tools`, default all read-only ones), and tools the
 * operator vouches for as read-only although the server does not say so (`readOnlyTools`).
 */
const common = {
  agents: z.array(z.string().min(1)).min(1, 'name the agents that may use this server'),
  tools: z.array(z.string().min(1)).optional(),
  readOnlyTools: z.array(z.string().min(1)).default([]),
  /** Connecting and each call; a server slower than this is left out of the run. */
  timeoutMs: z.number().int().min(500).max(120_000).default(15_000),
};

const stdioServer = z.strictObject({
  command: z.string().min(1),
  args: z.array(z.string()).default([]),
  env: z.record(z.string(), z.string()).default({}),
  cwd: z.string().optional(),
  ...common,
});

const httpServer = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  headers: z.record(z.string(), z.string()).default({}),
  ...common,
});

const mcpFile = z.object({ mcpServers: z.record(z.string(), z.unknown()) });
const SERVER_NAME = /^[a-zA-Z0-9-]{1,24}$/;

export type McpServerConfig = (z.infer<typeof stdioServer> | z.infer<typeof httpServer>) & { name: string };

/** Reads and checks the file once at start-up; a bad file stops the start with what is wrong. */
export function loadMcpServers(path: string | undefined): McpServerConfig[] {
  if (!path) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new AppError('config_invalid', `Invalid configuration:\n  - MCP_CONFIG ${path} could not be read as JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const file = mcpFile.safeParse(raw);
  if (!file.success) throw invalid(['MCP_CONFIG must hold an object with "mcpServers"']);
  const servers: McpServerConfig[] = [];
  const problems: string[] = [];
  for (const [name, entry] of Object.entries(file.data.mcpServers)) {
    const at = `MCP_CONFIG mcpServers.${name}`;
    if (!SERVER_NAME.test(name)) problems.push(`${at}: server names are letters, digits and dashes (at most 24)`);
    // Which kind it is decides the schema, so the problems named are that kind's own.
    const kind = entry && typeof entry === 'object' ? ('command' in entry ? stdioServer : 'url' in entry ? httpServer : undefined) : undefined;
    if (!kind) {
      problems.push(`${at}: give a "command" (a stdio server) or a "url" (Streamable HTTP)`);
      continue;
    }
    const parsed = kind.safeParse(entry);
    if (parsed.success) servers.push({ ...parsed.data, name });
    else problems.push(...parsed.error.issues.map((i) => `${at}${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`));
  }
  if (problems.length) throw invalid(problems);
  return servers;
}

function invalid(problems: string[]): AppError {
  return new AppError('config_invalid', `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}
