import { createHmac } from 'node:crypto';

/** Correctly signed Slack requests (v0 HMAC), built on the real payload shapes in shared/slack-payloads. */
export interface SlackTarget {
  url: string;
  signingSecret: string;
}

export interface SlashCommandFields {
  token: string;
  team_id: string;
  team_domain: string;
  channel_id: string;
  channel_name: string;
  user_id: string;
  user_name: string;
  command: string;
  text: string;
  api_app_id: string;
  response_url: string;
  trigger_id: string;
}

let counter = 0;
const next = () => ++counter;

export function sign(secret: string, rawBody: string, timestamp = Math.floor(Date.now() / 1000)) {
  const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
  return { 'x-slack-signature': `v0=${signature}`, 'x-slack-request-timestamp': String(timestamp) };
}

export function postSigned(
  target: SlackTarget,
  rawBody: string,
  contentType: string,
  opts: { timestamp?: number; signature?: string } = {},
): Promise<Response> {
  const headers = sign(target.signingSecret, rawBody, opts.timestamp);
  if (opts.signature) headers['x-slack-signature'] = opts.signature;
  return fetch(target.url, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body: rawBody });
}

export function buildSlashCommand(overrides: Partial<SlashCommandFields> = {}): SlashCommandFields {
  return {
    token: 'legacy-verification-token',
    team_id: 'T0001',
    team_domain: 'example',
    channel_id: 'C0CHAN',
    channel_name: 'eng',
    user_id: 'U0OWNER',
    user_name: 'owner',
    command: '/delegate',
    text: '',
    api_app_id: 'A0APP',
    response_url: 'http://127.0.0.1:9/response/unset',
    trigger_id: `${next()}.738474920.8088930838d88f008e0`,
    ...overrides,
  };
}

export function sendCommand(target: SlackTarget, overrides: Partial<SlashCommandFields> = {}): Promise<Response> {
  const body = new URLSearchParams(Object.entries(buildSlashCommand(overrides))).toString();
  return postSigned(target, body, 'application/x-www-form-urlencoded');
}

export function sendInteraction(target: SlackTarget, payload: object): Promise<Response> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return postSigned(target, body, 'application/x-www-form-urlencoded');
}

export function sendEvent(target: SlackTarget, envelope: object): Promise<Response> {
  return postSigned(target, JSON.stringify(envelope), 'application/json');
}

const user = (id: string) => ({ id, username: id.toLowerCase(), name: id.toLowerCase(), team_id: 'T0001' });
const team = { id: 'T0001', domain: 'example' };

export function buildBlockAction(o: {
  userId?: string;
  actionId: string;
  value: string;
  channelId?: string;
  messageTs?: string;
  responseUrl?: string;
  triggerId?: string;
  view?: object;
  ephemeral?: boolean;
}): object {
  const channelId = o.channelId ?? 'C0CHAN';
  const ts = o.messageTs ?? '1700000000.000100';
  const action = {
    type: 'button',
    action_id: o.actionId,
    block_id: 'review',
    text: { type: 'plain_text', text: 'Button', emoji: true },
    value: o.value,
    action_ts: `${Math.floor(Date.now() / 1000)}.000${next()}`,
  };
  const base = {
    type: 'block_actions',
    team,
    user: user(o.userId ?? 'U0OWNER'),
    api_app_id: 'A0APP',
    token: 'legacy-verification-token',
    trigger_id: o.triggerId ?? `${next()}.3485157640.efe5ca926abc9dadb0371534fff4326e`,
    actions: [action],
  };
  if (o.view) return { ...base, container: { type: 'view', view_id: 'V0HOME' }, view: o.view };
  return {
    ...base,
    container: { type: 'message', message_ts: ts, channel_id: channelId, is_ephemeral: o.ephemeral ?? false },
    channel: { id: channelId, name: 'eng' },
    message: { type: 'message', user: 'UBOT', ts, text: 'card', bot_id: 'BBOT' },
    response_url: o.responseUrl ?? 'http://127.0.0.1:9/response/unset',
    state: { values: {} },
  };
}

export function buildViewSubmission(o: {
  userId?: string;
  callbackId: string;
  privateMetadata: string;
  values: Record<string, Record<string, object>>;
  viewId?: string;
}): object {
  return {
    type: 'view_submission',
    team,
    user: user(o.userId ?? 'U0OWNER'),
    api_app_id: 'A0APP',
    token: 'legacy-verification-token',
    trigger_id: `${next()}.123.07ecad50d3e077e08742bafff5f7ab0c`,
    view: {
      id: o.viewId ?? `V${next()}`,
      team_id: 'T0001',
      type: 'modal',
      blocks: [],
      private_metadata: o.privateMetadata,
      callback_id: o.callbackId,
      state: { values: o.values },
      hash: '1583638467.cd05659d',
      title: { type: 'plain_text', text: 'Delegate', emoji: false },
      clear_on_close: false,
      notify_on_close: false,
      previous_view_id: null,
      root_view_id: 'V123',
      app_id: 'A0APP',
      external_id: '',
      app_installed_team_id: 'T0001',
      bot_id: 'BBOT',
    },
    response_urls: [],
  };
}

function envelope(event: object) {
  return {
    token: 'legacy-verification-token',
    team_id: 'T0001',
    api_app_id: 'A0APP',
    event,
    type: 'event_callback',
    event_id: `Ev${next()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: 'T0001', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
  };
}

export function buildMessageImEvent(o: { userId?: string; text: string; channel?: string; ts?: string; subtype?: string; botId?: string }): object {
  const ts = o.ts ?? `1700000100.${String(next()).padStart(6, '0')}`;
  return envelope({
    type: 'message',
    channel: o.channel ?? 'D0OWNER',
    user: o.userId ?? 'U0OWNER',
    text: o.text,
    ts,
    event_ts: ts,
    channel_type: 'im',
    team: 'T0001',
    ...(o.subtype ? { subtype: o.subtype } : {}),
    ...(o.botId ? { bot_id: o.botId } : {}),
  });
}

export function buildAppHomeOpened(o: { userId?: string } = {}): object {
  return envelope({ type: 'app_home_opened', user: o.userId ?? 'U0OWNER', channel: 'D0OWNER', tab: 'home', event_ts: `${Math.floor(Date.now() / 1000)}.000100` });
}

/** A checkboxes or channels_select change on a message (block_actions; no value, the block id carries the item). */
export function buildSelectAction(o: {
  userId?: string;
  actionId: string;
  blockId: string;
  selectedValues?: string[];
  selectedChannel?: string;
  channelId?: string;
  messageTs?: string;
}): object {
  const channelId = o.channelId ?? 'C0CHAN';
  const ts = o.messageTs ?? '1700000000.000100';
  const action =
    o.selectedChannel !== undefined
      ? { type: 'channels_select', action_id: o.actionId, block_id: o.blockId, selected_channel: o.selectedChannel, action_ts: `${Math.floor(Date.now() / 1000)}.000${next()}` }
      : {
          type: 'checkboxes',
          action_id: o.actionId,
          block_id: o.blockId,
          selected_options: (o.selectedValues ?? []).map((value) => ({ text: { type: 'mrkdwn', text: value }, value })),
          action_ts: `${Math.floor(Date.now() / 1000)}.000${next()}`,
        };
  return {
    type: 'block_actions',
    team,
    user: user(o.userId ?? 'U0OWNER'),
    api_app_id: 'A0APP',
    token: 'legacy-verification-token',
    trigger_id: `${next()}.3485157640.efe5ca926abc9dadb0371534fff4326e`,
    actions: [action],
    container: { type: 'message', message_ts: ts, channel_id: channelId, is_ephemeral: false },
    channel: { id: channelId, name: 'eng' },
    message: { type: 'message', user: 'UBOT', ts, text: 'card', bot_id: 'BBOT' },
    response_url: 'http://127.0.0.1:9/response/unset',
    state: { values: {} },
  };
}
