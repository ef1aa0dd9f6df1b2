/**
 * The small kit for text Delegate writes on GitHub (review bodies, inline comments, issues),
 * as views/kit.ts is for Slack. Model-written text goes through `ghText`: it pings nobody
 * (`@name` and team mentions are broken with a zero-width joiner), cannot forge the hidden
 * marker (HTML comments are defused) and cannot pull in images from elsewhere.
 */

/** GitHub refuses bodies over 65,536 characters; the marker and a footer need room. */
export const GITHUB_BODY_MAX = 60_000;
export const GITHUB_TITLE_MAX = 256;
const ZWJ = '\u200d';

export function ghText(text: string): string {
  return text
    .replace(/<!--/g, '&lt;!--')
    .replace(/-->/g, '--&gt;')
    .replace(/(^|[^\w`])@(?=[A-Za-z0-9])/g, `$1@${ZWJ}`)
    .replace(/!\[/g, '!\u200b[');
}

/** Inline code that survives backticks in the value. */
export function ghCode(text: string): string {
  const ticks = text.includes('`') ? '``' : '`';
  return `${ticks}${text.replace(/\n/g, ' ')}${ticks}`;
}

export function clampGh(text: string, max = GITHUB_BODY_MAX): string {
  return text.length <= max ? text : `${text.slice(0, max - 40)}\n\n…(cut to fit GitHub's limit)`;
}

/**
 * The hidden marker that names the action which wrote a review or an issue, so a retried job
 * finds what an earlier attempt posted instead of posting again. Ids are ours (uuids), never
 * model text.
 */
export const delegateMarker = (actionId: string) => `<!-- delegate:action:${actionId} -->`;

export const hasMarker = (body: string | null | undefined, actionId: string) => (body ?? '').includes(delegateMarker(actionId));

/** The body with its marker, and a footer saying who wrote it and that a person approved it. */
export function markedBody(body: string, actionId: string, footer: string): string {
  return `${clampGh(body)}\n\n---\n<sub>${ghText(footer)}</sub>\n${delegateMarker(actionId)}`;
}

/** What an undone review or issue says instead of what it said. */
export const WITHDRAWN = 'Withdrawn: the person who approved this through Delegate took it back.';

export const REVIEW_FOOTER = 'Written by an agent through Delegate and approved by a person in Slack. It only comments: the merge decision stays with people.';
export const ISSUE_FOOTER = 'Written by an agent through Delegate and approved by a person in Slack.';

/** A review's body: the summary, then the remarks that could not be inline (their line is not in the diff now). */
export function reviewBody(summary: string, notInline: ReadonlyArray<{ path: string; line: number | null; body: string }>): string {
  if (!notInline.length) return summary;
  const items = notInline.map((c) => `- ${ghCode(c.line ? `${c.path}:${c.line}` : c.path)}: ${c.body}`);
  return `${summary}\n\n**Also noted** (not on a line the diff shows):\n${items.join('\n')}`;
}
