import { z } from 'zod';
import { unreadEvidence, type Evidence } from '../../domain/evidence';
import { readPage } from '../../integrations/web/read-page';
import type { WebPolicy } from '../../integrations/web/http-get';
import type { ReadOutcome, ReadTool } from '../reading';

export type PagePolicy = WebPolicy & { maxTextBytes: number };

/** One page read as evidence, whether it was read or refused. */
export async function readPageOutcome(url: string, policy: PagePolicy, via: Evidence['via'], ctx: { signal?: AbortSignal; bytesLeft?: number }): Promise<ReadOutcome> {
  const maxTextBytes = Math.max(0, Math.min(policy.maxTextBytes, ctx.bytesLeft ?? Infinity));
  const result = await readPage(url, { ...policy, maxTextBytes }, ctx.signal);
  const base = { kind: 'web_page' as const, ref: url, via, at: new Date(), since: null };
  if (!result.ok) {
    const evidence = unreadEvidence({ ...base, label: hostOf(url), problem: result.problem });
    return { blocks: [], evidence: [evidence], note: `${url} was not read (${result.problem.code.replace(/_/g, ' ')}).` };
  }
  const { page } = result;
  const evidence: Evidence = {
    ...base,
    label: page.title ?? hostOf(page.finalUrl),
    url: page.finalUrl,
    aliases: page.finalUrl === url ? [] : [page.finalUrl],
    bytes: page.bytes,
    items: 1,
    truncated: page.truncated,
    digest: page.digest,
    problem: null,
  };
  const title = page.title ? `Title: ${page.title}\n` : '';
  const cut = page.truncated ? '\n[The page was cut short here.]' : '';
  const links = page.links.length ? `\n\nLinks on the page:\n${page.links.join('\n')}` : '';
  return { blocks: [{ kind: 'web_page', source: page.finalUrl, text: `${title}${page.text}${cut}${links}` }], evidence: [evidence] };
}

/** The model may open a page it learned of (from a search, or a link in what it read). */
export function fetchPageTool(policy: PagePolicy): ReadTool {
  const parameters = z.object({ url: z.string().describe('The http(s) URL of the page to read.') });
  return {
    name: 'fetch_page',
    description: 'Reads a web page and returns its main text. Read-only. Use it to check a source before citing it.',
    parameters,
    read: async (args, ctx) => {
      const { url } = parameters.parse(args);
      if (!ctx.mayOpen(url)) return notSeen(url);
      return readPageOutcome(url, policy, 'tool', ctx);
    },
  };
}

/** A URL the run never saw: the model made it up, or was told to. Refused, and on the card. */
function notSeen(url: string): ReadOutcome {
  const evidence = unreadEvidence({ kind: 'web_page', ref: url, label: hostOf(url), via: 'tool', at: new Date(), problem: { code: 'url_not_seen' } });
  return { blocks: [], evidence: [evidence], note: `Not opened: ${url} did not appear in the request, a search result or a page read in this run. Only those can be opened.` };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url.slice(0, 80);
  }
}
