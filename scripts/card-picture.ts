/**
 * docs/card.png: a card as Slack shows it, rendered by the app's own card renderer.
 *
 *   npx tsx scripts/card-picture.ts
 *
 * Builds a realistic CardModel (a research artifact waiting for review), renders it with
 * `renderCard` from src/views/card.ts exactly as the app would send it, turns the Block Kit
 * into a Slack-like HTML page, and screenshots that page with headless Chromium
 * (`apt-get install chromium`; or set CHROMIUM to its path). The converter below is small and
 * only approximates Slack's look; it renders whatever blocks it is given, and a block type it
 * does not know is shown as such rather than left out.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { KnownBlock } from '@slack/types';
import { research, type ResearchArtifact } from '../specs/research';
import { renderCard, type CardModel } from '../src/views/card';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
const OUT = join(ROOT, 'docs', 'card.png');
const WIDTH = 760;

// ---------------------------------------------------------------------------------------
// The card: what the run-agent job would post for this delegation.

const people: Record<string, string> = { U0MAYA: 'Maya', U0ANA: 'Ana', U0BEN: 'Ben' };
const channels: Record<string, string> = { C0ENG: 'eng' };

const artifact: ResearchArtifact = research.schema.parse({
  title: 'pg-boss vs Agenda for a PostgreSQL shop',
  summary:
    'Both keep their jobs in PostgreSQL, so neither adds a service to run. Agenda 6 wakes workers over LISTEN/NOTIFY and has debounced, unique jobs; pg-boss is leaner and has fetched with SKIP LOCKED for years.',
  findings: [
    {
      claim: 'Agenda 6 has a PostgreSQL backend',
      evidence: 'The @agendajs/postgres-backend package stores jobs in one table and notifies workers when one is due.',
      source: 'https://www.npmjs.com/package/@agendajs/postgres-backend',
    },
    {
      claim: 'Both run cron schedules in a time zone',
      evidence: 'pg-boss takes `tz` on `schedule()`; Agenda takes `timezone` on `every()`.',
      source: null,
    },
  ],
  recommendation: 'Use Agenda: per-person schedules need time zones and debouncing, and it has both. Revisit if we pass a few hundred jobs a minute.',
  action_items: [
    { description: 'Prototype an Agenda worker', owner: 'Ana', due: '2026-12-01', priority: 'high' },
    { description: 'Load-test 500 jobs a minute', owner: 'Ben', due: '2026-12-05', priority: 'medium' },
  ],
  open_questions: ['How many jobs a minute do we expect at peak?'],
});

const itemId = '6f1c2a9e-0000-4000-8000-000000000001';
const items = (owner: string) => artifact.action_items.filter((i) => i.owner === owner);
const model: CardModel = {
  itemId,
  ownerId: 'U0MAYA',
  instructions: 'compare pg-boss and Agenda for our job queue',
  createdAt: new Date('2026-11-23T10:00:00Z'),
  spec: { name: research.name, version: research.version, title: research.title, emoji: research.emoji },
  state: { status: 'awaiting_review', version: 1 },
  artifact: { version: 1, specVersion: 1, blocks: research.render(artifact), summary: research.summarize(artifact) },
  plan: {
    actions: [
      { id: 'a1', params: { kind: 'publish', channelId: 'C0ENG' }, selected: true, status: 'planned', error: null },
      { id: 'a2', params: { kind: 'assign', userId: 'U0ANA', name: 'Ana', items: items('Ana') }, selected: true, status: 'planned', error: null },
      { id: 'a3', params: { kind: 'assign', userId: 'U0BEN', name: 'Ben', items: items('Ben') }, selected: true, status: 'planned', error: null },
    ],
    notes: [],
    canPublish: true,
    publishChannelId: 'C0ENG',
  },
  tightenSpec: true,
};

// ---------------------------------------------------------------------------------------
// Block Kit → HTML, roughly as Slack draws it.

const EMOJI: Record<string, string> = {
  mag: '🔍', memo: '📝', rotating_light: '🚨', bulb: '💡', eyes: '👀', hourglass_flowing_sand: '⏳', repeat: '🔁', warning: '⚠️',
  white_check_mark: '✅', gear: '⚙️', x: '❌', no_entry_sign: '🚫', information_source: 'ℹ️', white_small_square: '▫️',
  heavy_minus_sign: '➖', leftwards_arrow_with_hook: '↩️', red_circle: '🔴', large_orange_circle: '🟠', large_yellow_circle: '🟡',
  white_circle: '⚪',
};

const html = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Slack text arrives with &, < and > escaped; undo that before escaping for HTML. */
const unslack = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const emoji = (s: string) => s.replace(/:([a-z0-9_+-]+):/g, (m, name: string) => EMOJI[name] ?? m);

function formatDate(epoch: number): string {
  const d = new Date(epoch * 1000);
  const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const time = d.toLocaleString('en-US', { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' });
  return `${month} ${d.getUTCDate()} at ${time}`;
}

/** `<…>` tokens: mentions, channels, dates, special mentions and links. */
function token(inner: string): string {
  const [target = '', label] = inner.split('|');
  if (target.startsWith('@')) return `<span class="mention">@${html(people[target.slice(1)] ?? target.slice(1))}</span>`;
  if (target.startsWith('#')) return `<span class="mention">#${html(label || channels[target.slice(1)] || target.slice(1))}</span>`;
  if (target.startsWith('!date^')) return html(formatDate(Number(target.split('^')[1])));
  if (target.startsWith('!')) return `<span class="mention">@${html(target.slice(1))}</span>`;
  return `<a href="${html(target)}">${html(unslack(label ?? target))}</a>`;
}

/** One line of mrkdwn: code spans and `<…>` tokens first, then *bold*, _italic_, ~strike~ and :emoji:. */
function inline(line: string): string {
  const kept: string[] = [];
  const keep = (out: string) => `\u0000${kept.push(out) - 1}\u0000`;
  let s = line.replace(/`([^`]+)`/g, (_, code: string) => keep(`<code>${html(unslack(code))}</code>`));
  s = s.replace(/<([^<>]+)>/g, (_, inner: string) => keep(token(inner)));
  s = html(unslack(s));
  const edge = '(^|[\\s(“"\\u0000])';
  const end = '(?=$|[\\s.,:;!?)”"\\u0000])';
  for (const [mark, tag] of [['\\*', 'b'], ['_', 'i'], ['~', 's']] as const) {
    s = s.replace(new RegExp(`${edge}${mark}([^\\n]+?)${mark}${end}`, 'g'), `$1<${tag}>$2</${tag}>`);
  }
  s = emoji(s);
  return s.replace(/\u0000(\d+)\u0000/g, (_, i: string) => kept[Number(i)]!);
}

/** mrkdwn text: lines starting with `>` become a quote. */
function mrkdwnText(text: string): string {
  const out: string[] = [];
  let quote: string[] = [];
  const flush = () => {
    if (quote.length) out.push(`<blockquote>${quote.join('<br>')}</blockquote>`);
    quote = [];
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('>') || line.startsWith('&gt;')) quote.push(inline(line.replace(/^(>|&gt;)/, '')));
    else {
      flush();
      out.push(`${inline(line)}<br>`);
    }
  }
  flush();
  return out.join('').replace(/<br>$/, '');
}

type TextObject = { type: 'plain_text' | 'mrkdwn'; text: string };
const text = (t: TextObject | undefined) => (!t ? '' : t.type === 'mrkdwn' ? mrkdwnText(t.text) : emoji(html(unslack(t.text))));

function element(e: any): string {
  switch (e.type) {
    case 'button':
      return `<span class="button ${e.style ?? ''}">${text(e.text)}</span>`;
    case 'checkboxes': {
      const on = new Set((e.initial_options ?? []).map((o: any) => o.value));
      return `<div class="checkboxes">${e.options
        .map((o: any) => `<div class="checkbox"><span class="box ${on.has(o.value) ? 'on' : ''}">${on.has(o.value) ? '✓' : ''}</span>${text(o.text)}</div>`)
        .join('')}</div>`;
    }
    case 'channels_select':
    case 'conversations_select':
    case 'users_select':
    case 'static_select': {
      const initial = e.initial_channel ?? e.initial_conversation;
      const chosen = initial ? `#${html(channels[initial] ?? initial)}` : e.initial_user ? `@${html(people[e.initial_user] ?? e.initial_user)}` : e.initial_option ? text(e.initial_option.text) : undefined;
      return `<span class="select ${chosen ? '' : 'placeholder'}">${chosen ?? text(e.placeholder)}<span class="caret">⌄</span></span>`;
    }
    case 'overflow':
      return '<span class="button">⋯</span>';
    case 'image':
      return `<img class="thumb" src="${html(e.image_url)}" alt="${html(e.alt_text)}">`;
    case 'mrkdwn':
    case 'plain_text':
      return `<span>${text(e)}</span>`;
    default:
      return `<span class="unknown">[${html(e.type)}]</span>`;
  }
}

function block(b: KnownBlock): string {
  const any = b as any;
  switch (b.type) {
    case 'header':
      return `<div class="header">${text(any.text)}</div>`;
    case 'section': {
      const fields = any.fields ? `<div class="fields">${any.fields.map((f: TextObject) => `<div>${text(f)}</div>`).join('')}</div>` : '';
      const accessory = any.accessory ? `<div class="accessory">${element(any.accessory)}</div>` : '';
      return `<div class="section"><div class="body">${text(any.text)}${fields}</div>${accessory}</div>`;
    }
    case 'context':
      return `<div class="context">${any.elements.map(element).join('')}</div>`;
    case 'divider':
      return '<hr>';
    case 'actions':
      return `<div class="actions">${any.elements.map(element).join('')}</div>`;
    case 'image':
      return `<img class="image" src="${html(any.image_url)}" alt="${html(any.alt_text)}">`;
    default:
      return `<div class="unknown">[${html(b.type)} block]</div>`;
  }
}

const CSS = `
  body { margin: 0; background: #fff; font: 15px/1.47 Lato, "Noto Color Emoji", sans-serif; color: #1d1c1d; }
  .message { display: flex; gap: 8px; padding: 16px 20px 20px; width: ${WIDTH - 40}px; }
  .avatar { flex: none; width: 36px; height: 36px; border-radius: 6px; background: #2c2d30; color: #fff; font-weight: 900; font-size: 20px; display: flex; align-items: center; justify-content: center; }
  .content { flex: 1; min-width: 0; }
  .who { margin-bottom: 2px; } .who b { font-weight: 900; }
  .badge { font-size: 10px; font-weight: 700; color: #616061; background: #e8e8e8; border-radius: 2px; padding: 1px 3px; margin: 0 4px; vertical-align: 1px; }
  .time { color: #616061; font-size: 12px; }
  .header { font-size: 18px; font-weight: 900; margin: 4px 0 6px; }
  .section { display: flex; gap: 12px; margin: 6px 0; } .section .body { flex: 1; white-space: pre-wrap; }
  .fields { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 16px; }
  .context { display: flex; flex-wrap: wrap; gap: 8px; color: #616061; font-size: 13px; margin: 6px 0; }
  .actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0; align-items: flex-start; }
  hr { border: 0; border-top: 1px solid #dddddd; margin: 12px 0; }
  b { font-weight: 900; }
  a { color: #1264a3; text-decoration: none; }
  code { font: 12px Menlo, "DejaVu Sans Mono", monospace; color: #e01e5a; background: #f6f6f6; border: 1px solid #e0e0e0; border-radius: 3px; padding: 1px 3px; }
  blockquote { margin: 0; padding-left: 12px; border-left: 4px solid #dddddd; }
  .mention { color: #1264a3; background: #e8f5fa; border-radius: 3px; padding: 0 2px; }
  .button { display: inline-block; font-weight: 700; font-size: 13px; padding: 0 12px; height: 28px; line-height: 28px; border: 1px solid #bbbbbb; border-radius: 4px; background: #fff; white-space: nowrap; }
  .button.primary { background: #007a5a; border-color: #007a5a; color: #fff; }
  .button.danger { background: #fff; border-color: #bbbbbb; color: #e01e5a; }
  .select { display: inline-flex; justify-content: space-between; min-width: 220px; font-size: 14px; padding: 0 10px; height: 32px; line-height: 32px; border: 1px solid #bbbbbb; border-radius: 4px; }
  .select.placeholder { color: #868686; } .caret { margin-left: 12px; color: #616061; }
  .checkboxes { display: flex; flex-direction: column; gap: 4px; }
  .checkbox { display: flex; align-items: center; gap: 8px; }
  .box { width: 16px; height: 16px; border: 1px solid #868686; border-radius: 4px; font-size: 12px; line-height: 16px; text-align: center; color: #fff; }
  .box.on { background: #1264a3; border-color: #1264a3; }
  .unknown { color: #868686; border: 1px dashed #bbbbbb; padding: 2px 6px; }
`;

function page(blocks: KnownBlock[]): string {
  return `<!doctype html><meta charset="utf-8"><style>${CSS}</style>
<div class="message"><div class="avatar">D</div><div class="content">
<div class="who"><b>Delegate</b><span class="badge">APP</span><span class="time">10:04 AM</span></div>
${blocks.map(block).join('\n')}
</div></div>
<script>document.title = String(Math.ceil(document.querySelector(".message").getBoundingClientRect().bottom));</script>`;
}

// ---------------------------------------------------------------------------------------
// Screenshot: one pass to measure the page's height, one to take the picture.

const chromium = process.env.CHROMIUM ?? 'chromium';
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--force-device-scale-factor=1'];
const dir = mkdtempSync(join(tmpdir(), 'card-picture-'));
try {
  const file = join(dir, 'card.html');
  writeFileSync(file, page(renderCard(model).blocks));
  const url = pathToFileURL(file).href;
  const dom = execFileSync(chromium, [...flags, `--window-size=${WIDTH},2000`, '--dump-dom', url], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const height = Number(/<title>(\d+)<\/title>/.exec(dom)?.[1] ?? 1200);
  execFileSync(chromium, [...flags, `--window-size=${WIDTH},${height}`, `--screenshot=${OUT}`, url], { stdio: ['ignore', 'ignore', 'ignore'] });
  console.log(`${OUT} (${WIDTH}×${height})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
