import { listen, sendJson, waitUntil } from './http-server';

export interface SlackCall {
  method: string;
  /** For posts to a response_url: which one (each command gets its own). */
  responseId?: string;
  body: Record<string, any>;
  token?: string;
  at: number;
  /** The scripted failure this call was answered with (it took no effect), e.g. `ratelimited` or `http 500`. */
  failed?: string;
}

export interface FakeMessage {
  ts: string;
  user?: string;
  text: string;
  subtype?: string;
  replies?: Array<{ ts: string; user?: string; text: string }>;
}

export interface FakeChannel {
  id: string;
  name: string;
  isPrivate?: boolean;
  isArchived?: boolean;
  isIm?: boolean;
  /** The bot is a member (conversations.history answers not_in_channel otherwise). */
  botMember?: boolean;
  members?: string[];
  /** Oldest first, as a test writes them; the fake pages them newest first, like Slack. */
  messages: FakeMessage[];
}

type Failure = { error: string } | { status: 429; retryAfter: number } | { status: number };

const JSON_FIELDS = new Set(['blocks', 'view', 'attachments', 'metadata']);

/** A loopback fake of the Slack Web API that records every call, with Slack-shaped replies. */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  private delays: Array<{ method: string; until: () => Promise<unknown>; when: (body: Record<string, any>) => boolean; arrived?: (c: SlackCall) => void }> = [];
  private failures = new Map<string, Array<{ failure: Failure; when: (body: Record<string, any>) => boolean }>>();
  private users = new Map<string, { tz?: string; deleted?: boolean; real_name?: string; is_admin?: boolean; is_owner?: boolean; is_restricted?: boolean }>();
  /** What users.list returns (the workspace directory owners are resolved against). */
  private members: Array<Record<string, unknown>> = [];
  private seq = 0;
  /** Conversations Slack eyes can read (conversations.info, .members, .history, .replies). */
  private readonly channels = new Map<string, FakeChannel>();
  /** What apps.connections.open hands out (set to a FakeSocketMode url for Socket Mode tests). */
  socketModeUrl = 'ws://127.0.0.1:9/none';

  private constructor(
    readonly apiUrl: string,
    private readonly origin: string,
    private readonly closeServer: () => Promise<void>,
  ) {}

  static async start(): Promise<FakeSlack> {
    let fake: FakeSlack | undefined;
    const server = await listen((req, raw, res) => fake!.handle(req.url ?? '', req.headers, raw, res));
    fake = new FakeSlack(`${server.origin}/api/`, server.origin, server.close);
    return fake;
  }

  responseUrl(id = String(++this.seq)): string {
    return `${this.origin}/response/${id}`;
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  waitFor(method: string, predicate: (c: SlackCall) => boolean = () => true, timeoutMs = 10_000): Promise<SlackCall> {
    return waitUntil(
      () => this.calls.find((c) => c.method === method && predicate(c)),
      () => `No matching ${method}; seen: ${this.calls.map((c) => c.method).join(', ') || 'nothing'}`,
      timeoutMs,
    );
  }

  waitForCount(method: string, n: number, timeoutMs = 10_000): Promise<SlackCall[]> {
    return waitUntil(
      () => (this.callsTo(method).length >= n ? this.callsTo(method) : undefined),
      () => `Wanted ${n} ${method}, saw ${this.callsTo(method).length}`,
      timeoutMs,
    );
  }

  /** The next `times` calls to `method` (matching `when`, if given) fail as described. */
  failNext(method: string, failure: Failure, times = 1, when: (body: Record<string, any>) => boolean = () => true): void {
    const queued = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) queued.push({ failure, when });
    this.failures.set(method, queued);
  }

  /** The next call to `method` (matching `when`) is answered only after `ms` (recorded on arrival). */
  delayNext(method: string, ms: number, when: (body: Record<string, any>) => boolean = () => true): void {
    this.delays.push({ method, until: () => new Promise((r) => setTimeout(r, ms)), when });
  }

  /**
   * The next call to `method` (matching `when`) is recorded on arrival and answered only on
   * `release()`: a test can change things while the app waits on Slack mid-step.
   */
  holdNext(method: string, when: (body: Record<string, any>) => boolean = () => true): { arrived: Promise<SlackCall>; release(): void } {
    let release!: () => void;
    let arrived!: (c: SlackCall) => void;
    const until = new Promise<void>((r) => (release = r));
    const call = new Promise<SlackCall>((r) => (arrived = r));
    this.delays.push({ method, until: () => until, when, arrived });
    return { arrived: call, release };
  }

  setUser(id: string, user: { tz?: string; deleted?: boolean; real_name?: string; is_admin?: boolean; is_owner?: boolean; is_restricted?: boolean }): void {
    this.users.set(id, user);
  }

  /** Sets the workspace directory users.list returns (Slack-shaped members). */
  setMembers(members: Array<{ id: string; name: string; real_name?: string; display_name?: string; deleted?: boolean; is_bot?: boolean }>): void {
    this.members = members.map((m) => ({
      id: m.id,
      name: m.name,
      real_name: m.real_name ?? '',
      deleted: m.deleted ?? false,
      is_bot: m.is_bot ?? false,
      profile: { display_name: m.display_name ?? '', real_name: m.real_name ?? '' },
    }));
  }

  addChannel(channel: FakeChannel): void {
    this.channels.set(channel.id, channel);
  }

  reset(): void {
    this.calls.length = 0;
    this.failures.clear();
    this.delays.length = 0;
  }

  close(): Promise<void> {
    return this.closeServer();
  }

  private handle(url: string, headers: Record<string, string | string[] | undefined>, raw: string, res: import('node:http').ServerResponse) {
    const body = parseBody(String(headers['content-type'] ?? ''), raw);
    const auth = String(headers.authorization ?? '');
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : (body.token as string | undefined);
    const method = url.startsWith('/response/') ? 'response_url' : url.replace(/^\/api\//, '').split('?')[0]!;
    const queued = this.failures.get(method) ?? [];
    const index = queued.findIndex((f) => f.when(body));
    const failure = index >= 0 ? queued.splice(index, 1)[0]!.failure : undefined;
    const responseId = method === 'response_url' ? url.slice('/response/'.length) : undefined;
    const call: SlackCall = { method, body, token, at: Date.now(), ...(responseId ? { responseId } : {}), ...(failure ? { failed: describeFailure(failure) } : {}) };
    this.calls.push(call);
    const delayAt = this.delays.findIndex((d) => d.method === method && d.when(body));
    if (delayAt >= 0) {
      const [delay] = this.delays.splice(delayAt, 1);
      delay!.arrived?.(call);
      void delay!.until().then(() => this.answer(res, method, body, failure));
      return;
    }
    this.answer(res, method, body, failure);
  }

  private answer(res: import('node:http').ServerResponse, method: string, body: Record<string, any>, failure: Failure | undefined) {
    if (failure) {
      if ('error' in failure) return sendJson(res, 200, { ok: false, error: failure.error });
      if (failure.status === 429) return sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(('retryAfter' in failure ? failure.retryAfter : 1)) });
      return sendJson(res, failure.status, { ok: false, error: 'fake_http_error' });
    }
    sendJson(res, 200, this.reply(method, body));
  }

  private reply(method: string, body: Record<string, any>): Record<string, unknown> {
    const ts = () => `1700000000.${String(++this.seq * 100).padStart(6, '0')}`;
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://example.slack.com/', team: 'Example', user: 'delegate', team_id: 'T0001', user_id: 'UBOT', bot_id: 'BBOT', is_enterprise_install: false };
      case 'chat.postMessage': {
        const t = ts();
        return { ok: true, channel: body.channel, ts: t, message: { type: 'message', text: body.text, user: 'UBOT', bot_id: 'BBOT', ts: t, blocks: body.blocks } };
      }
      case 'chat.update':
        return { ok: true, channel: body.channel, ts: body.ts, text: body.text };
      case 'chat.delete':
        return { ok: true, channel: body.channel, ts: body.ts };
      case 'chat.getPermalink':
        return { ok: true, channel: body.channel, permalink: `https://example.slack.com/archives/${body.channel}/p${String(body.message_ts).replace('.', '')}` };
      case 'users.list':
        return { ok: true, members: this.members, response_metadata: { next_cursor: '' } };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: ts() };
      case 'views.open':
      case 'views.push':
      case 'views.update':
      case 'views.publish':
        return { ok: true, view: { id: `V${++this.seq}`, ...(body.view ?? {}) } };
      case 'apps.connections.open':
        return { ok: true, url: this.socketModeUrl };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${String(body.users ?? '').split(',')[0]}` } };
      case 'users.info': {
        const u = this.users.get(body.user) ?? {};
        return { ok: true, user: { id: body.user, name: String(body.user).toLowerCase(), real_name: u.real_name ?? 'Test User', tz: u.tz ?? 'America/New_York', tz_offset: -18000, deleted: u.deleted ?? false, is_bot: false, is_admin: u.is_admin ?? false, is_owner: u.is_owner ?? false, is_restricted: u.is_restricted ?? false } };
      }
      case 'conversations.info':
      case 'conversations.members':
      case 'conversations.history':
      case 'conversations.replies':
        return this.conversations(method, body);
      default:
        return { ok: true };
    }
  }

  private conversations(method: string, body: Record<string, any>): Record<string, unknown> {
    const c = this.channels.get(String(body.channel));
    // A private channel the bot is not in is invisible to it, as in Slack.
    if (!c || (c.isPrivate && !c.botMember && !c.isIm)) return { ok: false, error: 'channel_not_found' };
    if (method === 'conversations.info') {
      return { ok: true, channel: { id: c.id, name: c.name, is_private: !!c.isPrivate, is_im: !!c.isIm, is_mpim: false, is_archived: !!c.isArchived, is_member: c.botMember !== false } };
    }
    if (c.botMember === false) return { ok: false, error: 'not_in_channel' };
    const limit = Number(body.limit ?? 100);
    const offset = Number(body.cursor || 0);
    const page = <T,>(all: T[]) => {
      const items = all.slice(offset, offset + limit);
      const more = offset + limit < all.length;
      return { items, more, meta: { next_cursor: more ? String(offset + limit) : '' } };
    };
    if (method === 'conversations.members') {
      const p = page(c.members ?? []);
      return { ok: true, members: p.items, response_metadata: p.meta };
    }
    const shape = (m: FakeMessage | { ts: string; user?: string; text: string }, threadTs?: string) => ({
      type: 'message',
      ts: m.ts,
      text: m.text,
      ...(m.user ? { user: m.user } : {}),
      ...('subtype' in m && m.subtype ? { subtype: m.subtype } : {}),
      ...('replies' in m && m.replies?.length ? { thread_ts: m.ts, reply_count: m.replies.length, latest_reply: m.replies.at(-1)!.ts } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    if (method === 'conversations.history') {
      const oldest = Number(body.oldest ?? 0);
      const newestFirst = c.messages.filter((m) => Number(m.ts) > oldest).reverse();
      const p = page(newestFirst);
      return { ok: true, messages: p.items.map((m) => shape(m)), has_more: p.more, response_metadata: p.meta };
    }
    const parent = c.messages.find((m) => m.ts === String(body.ts));
    if (!parent) return { ok: false, error: 'thread_not_found' };
    const p = page([shape(parent), ...(parent.replies ?? []).map((r) => shape(r, parent.ts))]);
    return { ok: true, messages: p.items, has_more: p.more, response_metadata: p.meta };
  }
}

function describeFailure(failure: Failure): string {
  if ('error' in failure) return failure.error;
  return failure.status === 429 ? 'ratelimited' : `http ${failure.status}`;
}

function parseBody(contentType: string, raw: string): Record<string, any> {
  if (!raw) return {};
  if (contentType.includes('application/json')) return JSON.parse(raw);
  const out: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = JSON_FIELDS.has(k) || /^[[{]/.test(v) ? tryJson(v) : v;
  }
  return out;
}

function tryJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}
