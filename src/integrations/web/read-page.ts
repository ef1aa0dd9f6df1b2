import { createHash } from 'node:crypto';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { httpGet, WebRefusal, type RawPage, type WebPolicy, type WebProblem } from './http-get';

export interface PageRead {
  url: string;
  finalUrl: string;
  title: string | null;
  text: string;
  /** Bytes of extracted text kept. */
  bytes: number;
  /** Cut to the download or text cap. */
  truncated: boolean;
  /** sha256 of the text kept: shows later whether the page changed. */
  digest: string;
  /** Absolute http(s) links on an HTML page (the first 50): the pages the agent may open next. */
  links: string[];
}

export type PageResult = { ok: true; page: PageRead } | { ok: false; url: string; problem: WebProblem };

/**
 * A page as readable text: HTML reduced to its article text (Mozilla's Readability, the
 * reader view of Firefox), plain text and JSON as they are, anything else refused.
 */
export async function readPage(url: string, policy: WebPolicy & { maxTextBytes: number }, signal?: AbortSignal): Promise<PageResult> {
  let raw: RawPage;
  try {
    raw = await httpGet(url, policy, signal);
  } catch (e) {
    if (e instanceof WebRefusal) return { ok: false, url, problem: e.problem };
    throw e;
  }
  const extracted = extract(raw);
  if (!extracted) return { ok: false, url, problem: { code: 'unsupported_type', contentType: raw.contentType.split(';')[0]!.trim() || 'unknown' } };
  const { text, cut } = capUtf8(extracted.text, policy.maxTextBytes);
  return {
    ok: true,
    page: {
      url,
      finalUrl: raw.finalUrl,
      title: extracted.title,
      text,
      bytes: Buffer.byteLength(text),
      truncated: raw.cut || cut,
      digest: createHash('sha256').update(text).digest('hex'),
      links: extracted.links,
    },
  };
}

function extract(raw: RawPage): { title: string | null; text: string; links: string[] } | null {
  const type = raw.contentType.split(';')[0]!.trim().toLowerCase();
  const body = decode(raw);
  if (type === 'text/html' || type === 'application/xhtml+xml' || (!type && /^\s*<(!doctype|html)/i.test(body))) return fromHtml(body, raw.finalUrl);
  if (type.startsWith('text/') || type === 'application/json' || type.endsWith('+json')) return { title: null, text: body.trim(), links: [] };
  return null;
}

function fromHtml(html: string, base: string): { title: string | null; text: string; links: string[] } {
  const { document } = parseHTML(html);
  const title = document.querySelector('title')?.textContent?.trim() || null;
  const links = pageLinks(document, base);
  let article: { title?: string | null; textContent?: string | null } | null = null;
  try {
    article = new Readability(document as unknown as Document).parse();
  } catch {
    article = null; // a page Readability cannot make sense of is read as its body text
  }
  const text = article?.textContent?.trim() ? article.textContent : (parseHTML(html).document.body?.textContent ?? '');
  return { title: article?.title?.trim() || title, text: tidy(text), links };
}

function pageLinks(document: { querySelectorAll(s: string): ArrayLike<{ getAttribute(name: string): string | null }> }, base: string): string[] {
  const links = new Set<string>();
  for (const a of Array.from(document.querySelectorAll('a[href]'))) {
    try {
      const url = new URL(a.getAttribute('href') ?? '', base);
      url.hash = '';
      if (url.protocol === 'http:' || url.protocol === 'https:') links.add(url.toString());
    } catch {
      // not a URL: not a link to follow
    }
    if (links.size >= 50) break;
  }
  return [...links];
}

/** Collapses the whitespace layout leaves behind, keeping paragraph breaks. */
function tidy(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n\n');
}

function decode(raw: RawPage): string {
  const charset = /charset=["']?([\w-]+)/i.exec(raw.contentType)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(raw.body);
  } catch {
    return new TextDecoder('utf-8').decode(raw.body);
  }
}

function capUtf8(text: string, max: number): { text: string; cut: boolean } {
  if (Buffer.byteLength(text) <= max) return { text, cut: false };
  // Cut on a character boundary: decoding a cut multi-byte sequence drops the partial character.
  const cut = new TextDecoder('utf-8', { fatal: false }).decode(Buffer.from(text).subarray(0, max)).replace(/\uFFFD$/, '');
  return { text: cut, cut: true };
}
