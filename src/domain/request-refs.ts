/**
 * What a request points at, read from the text as Slack delivers it: links arrive as
 * `<https://…>` or `<https://…|label>`, pasted ones may be bare. Deterministic: the same
 * request always gathers the same things, with no model choice.
 */
export const MAX_PAGES_PER_REQUEST = 5;

export function urlsIn(text: string): string[] {
  const found: string[] = [];
  const add = (raw: string) => {
    // Slack escapes &, < and > in message text, links included.
    const url = raw.replace(/[).,;:!?'"\]]+$/, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
    if (/^https?:\/\/[^\s/]+/i.test(url) && !found.includes(url)) found.push(url);
  };
  // Slack's own markup first, then anything bare that is left.
  const rest = text.replace(/<(https?:\/\/[^|>\s]+)(?:\|[^>]*)?>/gi, (_m, url: string) => {
    add(url);
    return ' ';
  });
  for (const m of rest.matchAll(/\bhttps?:\/\/[^\s<>]+/gi)) add(m[0]);
  return found.filter((u) => !isSlackPermalink(u));
}

/** Message permalinks are Slack eyes, not web pages. */
export function isSlackPermalink(url: string): boolean {
  return /^https:\/\/[\w.-]+\.slack\.com\/archives\/[CGD][A-Z0-9]+\/p\d{16}/.test(url);
}
