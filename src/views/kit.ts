import type {
  ActionsBlock,
  ActionsBlockElement,
  Button,
  ChannelsSelect,
  Checkboxes,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  KnownBlock,
  MrkdwnElement,
  PlainTextElement,
  SectionBlock,
} from '@slack/types';

/** Slack's Block Kit limits we render within (https://docs.slack.dev/reference/block-kit). */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerModal: 100,
  sectionText: 3000,
  sectionField: 2000,
  fieldsPerSection: 10,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  contextElements: 10,
  actionElements: 25,
  messageText: 40_000,
  modalTitle: 24,
  optionText: 75,
} as const;

const TRUNCATED = '… _(truncated)_';

declare const vouched: unique symbol;
/**
 * mrkdwn the app vouches for: whatever a model or a person wrote in it is escaped, and the
 * only live tokens are the app's own (mentions, channel links, dates, permalinks).
 * Only the helpers below make one, so a message's `text` cannot carry raw text by mistake.
 */
export type Mrkdwn = string & { readonly [vouched]: true };

/** What the app sends as one message: the notification fallback and the blocks. */
export interface Message {
  text: Mrkdwn;
  blocks: KnownBlock[];
}

/** Escapes text for mrkdwn so it can never ping @channel, mention anyone or forge a link. */
export function escapeMrkdwn(text: string): Mrkdwn {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') as Mrkdwn;
}

/**
 * mrkdwn from a template: the literal parts are the app's own words and tokens; every value
 * must already be mrkdwn (escaped, or made by a helper here) or a number, so raw text does not compile.
 */
export function mrkdwn(strings: TemplateStringsArray, ...values: ReadonlyArray<Mrkdwn | number | ''>): Mrkdwn {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]) : ''), '') as Mrkdwn;
}

export function joinMrkdwn(parts: readonly Mrkdwn[], separator: '' | ' ' | '\n' | ', ' | '; ' = ''): Mrkdwn {
  return parts.join(separator) as Mrkdwn;
}

const USER_ID = /^[UWB][A-Z0-9]+$/;
const CHANNEL_ID = /^[CGD][A-Z0-9]+$/;

/** A mention the app means to make; anything not shaped like a Slack user id is shown, not linked. */
export function mention(userId: string): Mrkdwn {
  return USER_ID.test(userId) ? (`<@${userId}>` as Mrkdwn) : escapeMrkdwn(`@${userId}`);
}

export function channelLink(channelId: string): Mrkdwn {
  return CHANNEL_ID.test(channelId) ? (`<#${channelId}>` as Mrkdwn) : escapeMrkdwn(`#${channelId}`);
}

/**
 * The app's own stored words (an action's error, a schedule's pause reason) that may name a
 * channel: everything is escaped, then only id-shaped channel links are made live again.
 */
export function appWords(text: string): Mrkdwn {
  return escapeMrkdwn(text).replace(/&lt;#([CG][A-Z0-9]+)&gt;/g, '<#$1>') as Mrkdwn;
}

/** A link the app makes (a permalink, a page an agent read); a URL that could break out of the token is not linked. */
export function link(url: string, label: string): Mrkdwn {
  if (!/^https?:\/\/[^\s<>|]+$/i.test(url)) return escapeMrkdwn(label);
  return `<${url}|${escapeMrkdwn(label)}>` as Mrkdwn;
}

/** Cuts text to `max` characters, with a visible notice when anything was cut (mrkdwn stays mrkdwn). */
export function clamp<T extends string>(text: T, max: number, notice = TRUNCATED): T {
  if (text.length <= max) return text;
  return (text.slice(0, Math.max(0, max - notice.length)) + notice) as T;
}

/** plain_text is not parsed, but it goes through the same escaping as everything else sent to Slack. */
export function plain(text: string, max: number = LIMITS.sectionText): PlainTextElement {
  return { type: 'plain_text', text: clamp(escapeMrkdwn(text || ' '), max, '…'), emoji: true };
}

export function md(text: string, max: number = LIMITS.sectionText): MrkdwnElement {
  return { type: 'mrkdwn', text: clamp(text || ' ', max) };
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: plain(text, LIMITS.headerText) };
}

export function section(text: string, accessory?: SectionBlock['accessory']): SectionBlock {
  return { type: 'section', text: md(text), ...(accessory ? { accessory } : {}) };
}

export function fields(pairs: ReadonlyArray<readonly [label: string, value: string]>): SectionBlock {
  return {
    type: 'section',
    fields: pairs.slice(0, LIMITS.fieldsPerSection).map(([label, value]) => md(`*${label}*\n${value}`, LIMITS.sectionField)),
  };
}

export function context(...texts: string[]): ContextBlock {
  return { type: 'context', elements: texts.slice(0, LIMITS.contextElements).map((t) => md(t)) };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

export function button(opts: {
  text: string;
  actionId: string;
  value?: string;
  style?: 'primary' | 'danger';
}): Button {
  return {
    type: 'button',
    text: plain(opts.text, LIMITS.buttonText),
    action_id: opts.actionId.slice(0, LIMITS.actionId),
    ...(opts.value !== undefined ? { value: opts.value.slice(0, LIMITS.buttonValue) } : {}),
    ...(opts.style ? { style: opts.style } : {}),
  };
}

/** Checkboxes with mrkdwn options (Slack allows 10); `initial_options` must repeat the options exactly. */
export function checkboxes(opts: { actionId: string; options: ReadonlyArray<{ text: string; value: string }>; selected: readonly string[] }): Checkboxes {
  const options = opts.options.slice(0, 10).map((o) => ({ text: md(o.text, LIMITS.optionText), value: o.value.slice(0, 150) }));
  const initial = options.filter((o) => opts.selected.includes(o.value));
  return { type: 'checkboxes', action_id: opts.actionId.slice(0, LIMITS.actionId), options, ...(initial.length ? { initial_options: initial } : {}) };
}

export function channelsSelect(opts: { actionId: string; placeholder: string; initial?: string | null }): ChannelsSelect {
  return {
    type: 'channels_select',
    action_id: opts.actionId.slice(0, LIMITS.actionId),
    placeholder: plain(opts.placeholder, 150),
    ...(opts.initial ? { initial_channel: opts.initial } : {}),
  };
}

export function actions(blockId: string, elements: ActionsBlockElement[]): ActionsBlock {
  return { type: 'actions', block_id: blockId, elements: elements.slice(0, LIMITS.actionElements) };
}

/** A bulleted list in mrkdwn; items are escaped here. */
export function bullets(items: readonly string[]): Mrkdwn {
  return joinMrkdwn(items.map((i) => mrkdwn`• ${escapeMrkdwn(i)}`), '\n');
}

/**
 * Keeps a message within the block limit: the head and the tail (status and buttons)
 * survive, and a visible notice replaces what was dropped from the middle.
 */
export function fitBlocks(blocks: KnownBlock[], max: number = LIMITS.blocksPerMessage, keepTail = 2): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  const tail = blocks.slice(blocks.length - keepTail);
  const head = blocks.slice(0, max - keepTail - 1);
  const dropped = blocks.length - head.length - tail.length;
  return [...head, context(`_${dropped} more block${dropped === 1 ? '' : 's'} not shown: Slack allows ${max} per message._`), ...tail];
}
