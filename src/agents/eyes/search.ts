import { createHash } from 'node:crypto';
import { z } from 'zod';
import { unreadEvidence, type Evidence, type ReadProblem } from '../../domain/evidence';
import type { ReadOutcome, ReadTool } from '../reading';

/** A SearXNG instance's JSON API (`/search?format=json`), set by the operator: trusted like the model endpoint. */
export interface SearchConfig {
  url: string;
  timeoutMs: number;
  maxResults: number;
}

const searxResults = z.object({
  results: z
    .array(z.object({ url: z.string(), title: z.string().catch(''), content: z.string().optional().catch(undefined) }).loose())
    .catch([]),
});

/** Finds sources rather than recalling them; the pages themselves are read with fetch_page before they are cited. */
export function webSearchTool(config: SearchConfig): ReadTool {
  const parameters = z.object({ query: z.string().min(1).max(300).describe('What to search the web for.') });
  return {
    name: 'web_search',
    description: 'Searches the web and returns result titles, URLs and snippets. Read-only. Open a result with fetch_page before citing it.',
    parameters,
    read: async (args, ctx) => search(config, parameters.parse(args).query, ctx.signal, ctx.bytesLeft),
  };
}

async function search(config: SearchConfig, query: string, signal: AbortSignal, bytesLeft: number): Promise<ReadOutcome> {
  const base: Omit<Evidence, 'items' | 'bytes' | 'digest' | 'problem' | 'truncated'> = {
    kind: 'web_search', ref: `search: ${query}`, label: `search “${query.slice(0, 60)}”`, url: null, aliases: [], via: 'tool', at: new Date(), since: null,
  };
  const url = new URL('search', config.url.endsWith('/') ? config.url : `${config.url}/`);
  url.searchParams.set('q', query);
  url.searchParams.set('format', 'json');
  let body: unknown;
  try {
    const res = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(config.timeoutMs)]), headers: { accept: 'application/json' } });
    if (!res.ok) return failed(base, { code: 'search_failed', status: res.status }, `The search failed (HTTP ${res.status}).`);
    body = await res.json();
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return failed(base, timedOut ? { code: 'timeout', ms: config.timeoutMs } : { code: 'search_failed', status: 0 }, 'The search did not answer.');
  }
  const results = searxResults.parse(body).results.slice(0, config.maxResults);
  const all = results.length ? results.map((r, i) => `${i + 1}. ${r.title}\n${r.url}\n${(r.content ?? '').slice(0, 400)}`).join('\n\n') : 'No results.';
  const cut = Buffer.byteLength(all) > bytesLeft;
  const text = cut ? Buffer.from(all).subarray(0, Math.max(0, bytesLeft)).toString('utf8') : all;
  const evidence: Evidence = {
    ...base,
    items: results.length,
    bytes: Buffer.byteLength(text),
    truncated: cut,
    digest: createHash('sha256').update(text).digest('hex'),
    problem: null,
  };
  return { blocks: [{ kind: 'web_search', source: `search: ${query}`, text }], evidence: [evidence] };
}

function failed(base: Omit<Evidence, 'items' | 'bytes' | 'digest' | 'problem' | 'truncated'>, problem: ReadProblem, note: string): ReadOutcome {
  return { blocks: [], evidence: [unreadEvidence({ ...base, problem })], note };
}
