import { listen, sendJson, waitUntil } from './http-server';

export interface ChatRequest {
  body: any;
  headers: Record<string, string | string[] | undefined>;
  at: number;
}

export type Reply =
  | { json: unknown }
  | { content: string }
  | { status: number; body?: unknown; headers?: Record<string, string> }
  /** The model asks to call tools (arguments as JSON text, or a value to be stringified). */
  | { toolCalls: Array<{ name: string; arguments: unknown }> }
  | { delayMs: number; then: Reply }
  /** Answers only once `until` settles: a model call that stays in flight as long as a test needs. */
  | { until: Promise<unknown>; then: Reply }
  | ((req: ChatRequest) => Reply);

const NO_SCRIPT: Reply = { status: 500, body: { error: { message: 'no scripted reply', type: 'server_error', code: null } } };

/** A loopback OpenAI-compatible Chat Completions server with scripted replies. */
export class FakeOpenAI {
  readonly requests: ChatRequest[] = [];
  private queue: Reply[] = [];
  private fallback: Reply = NO_SCRIPT;
  private seq = 0;

  private constructor(
    readonly baseUrl: string,
    private readonly closeServer: () => Promise<void>,
  ) {}

  static async start(): Promise<FakeOpenAI> {
    let fake: FakeOpenAI | undefined;
    const server = await listen(async (req, raw, res) => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) return sendJson(res, 404, { error: { message: 'not found' } });
      const request: ChatRequest = { body: JSON.parse(raw || '{}'), headers: req.headers, at: Date.now() };
      fake!.requests.push(request);
      await fake!.answer(fake!.queue.shift() ?? fake!.fallback, request, res);
    });
    fake = new FakeOpenAI(`${server.origin}/v1`, server.close);
    return fake;
  }

  enqueue(...replies: Reply[]): void {
    this.queue.push(...replies);
  }

  setDefault(reply: Reply): void {
    this.fallback = reply;
  }

  waitForRequests(n: number, timeoutMs = 10_000): Promise<ChatRequest[]> {
    return waitUntil(
      () => (this.requests.length >= n ? this.requests : undefined),
      () => `Wanted ${n} model requests, saw ${this.requests.length}`,
      timeoutMs,
    );
  }

  reset(): void {
    this.requests.length = 0;
    this.queue = [];
    this.fallback = NO_SCRIPT;
  }

  close(): Promise<void> {
    return this.closeServer();
  }

  private async answer(reply: Reply, req: ChatRequest, res: import('node:http').ServerResponse): Promise<void> {
    if (typeof reply === 'function') return this.answer(reply(req), req, res);
    if ('delayMs' in reply) {
      await new Promise((r) => setTimeout(r, reply.delayMs));
      if (res.destroyed) return;
      return this.answer(reply.then, req, res);
    }
    if ('until' in reply) {
      await reply.until.catch(() => undefined);
      if (res.destroyed) return;
      return this.answer(reply.then, req, res);
    }
    if ('status' in reply) return sendJson(res, reply.status, reply.body ?? { error: { message: 'error', type: 'server_error' } }, reply.headers);
    if ('toolCalls' in reply) {
      const tool_calls = reply.toolCalls.map((c, i) => ({
        id: `call_${this.seq + 1}_${i}`,
        type: 'function',
        function: { name: c.name, arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments) },
      }));
      return this.complete(req, res, { role: 'assistant', content: null, refusal: null, tool_calls }, 'tool_calls');
    }
    const content = 'json' in reply ? JSON.stringify(reply.json) : reply.content;
    this.complete(req, res, { role: 'assistant', content, refusal: null }, 'stop');
  }

  private complete(req: ChatRequest, res: import('node:http').ServerResponse, message: Record<string, unknown>, finish_reason: string): void {
    sendJson(res, 200, {
      id: `chatcmpl-${++this.seq}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: req.body.model,
      choices: [{ index: 0, finish_reason, logprobs: null, message }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    });
  }
}
