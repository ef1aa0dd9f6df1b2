/**
 * What an agent read during a run, kept with the artifact version it led to. Every read is
 * recorded, whether it came from the request (context) or from a tool the model called, and
 * whether it worked or not: the card shows it, and citations are checked against it.
 */
export const SOURCE_KINDS = ['slack_channel', 'slack_thread', 'web_page', 'web_search', 'mcp_tool', 'github_pr', 'github_deps', 'github_repo', 'github_docs', 'alert'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export interface ReadProblem {
  code: string;
  /** Values a view needs to word the problem (an address, a status, a limit). */
  [key: string]: unknown;
}

export interface Evidence {
  kind: SourceKind;
  /** Canonical reference: a URL, a permalink, a channel id and window, server/tool(args). */
  ref: string;
  /** Short name for the card: "#eng", a page title, "github: list_issues". */
  label: string;
  /** Where a reader can open it, when it has an address. */
  url: string | null;
  /** Also citable: the final URL after redirects, message permalinks read. */
  aliases: string[];
  via: 'context' | 'tool';
  at: Date;
  /** A conversation read over a window: where the window started. */
  since: Date | null;
  bytes: number;
  items: number;
  truncated: boolean;
  /** sha256 of the content read. */
  digest: string | null;
  problem: ReadProblem | null;
}

/** A read that did not happen: what was asked for, and why not (nothing read, nothing to link). */
export function unreadEvidence(r: { kind: SourceKind; ref: string; label?: string; via: Evidence['via']; at: Date; problem: ReadProblem }): Evidence {
  return { kind: r.kind, ref: r.ref, label: r.label ?? r.ref, url: null, aliases: [], via: r.via, at: r.at, since: null, bytes: 0, items: 0, truncated: false, digest: null, problem: r.problem };
}

/** One way of writing a URL for comparison: no fragment, no trailing slash, lowercase scheme and host. */
export function normalizeRef(ref: string): string {
  const trimmed = ref.trim().replace(/^<|>$/g, '');
  try {
    const url = new URL(trimmed);
    url.hash = '';
    const s = url.toString();
    return s.endsWith('/') && url.pathname !== '/' ? s.slice(0, -1) : s.replace(/\/$/, '');
  } catch {
    return trimmed.toLowerCase();
  }
}

/** The citations that point at nothing the agent read successfully in this run. */
export function unreadCitations(cited: readonly string[], evidence: readonly Evidence[]): string[] {
  const read = new Set<string>();
  for (const e of evidence) {
    if (e.problem) continue;
    for (const r of [e.ref, e.url, ...e.aliases]) if (r) read.add(normalizeRef(r));
  }
  return [...new Set(cited.filter((c) => !read.has(normalizeRef(c))))];
}
