import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { research } from '../../specs/research';
import { createModelClient } from '../../src/agents/model-client';
import type { ArtifactSpec } from '../../src/agents/spec';
import { FakeOpenAI } from '../support/fake-openai';
import { buildResearch } from '../specs/builders';

// The real OpenAI SDK against a loopback OpenAI-compatible server.
let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await FakeOpenAI.start();
});
afterAll(() => fake.close());
afterEach(() => fake.reset());

const spec = research as ArtifactSpec<unknown>;
const client = (timeoutMs = 5_000) =>
  createModelClient({ apiKey: 'sk-test', baseUrl: fake.baseUrl, model: 'test-model', timeoutMs, configured: true });

describe('model client', () => {
  it('sends a strict JSON schema from the spec and returns the parsed artifact', async () => {
    fake.enqueue({ json: buildResearch() });
    const result = await client().generate({ spec, instructions: 'compare queues' });
    expect(result).toMatchObject({ ok: true, repaired: false, model: 'test-model', artifact: buildResearch() });
    const body = fake.requests[0]!.body;
    expect(body.model).toBe('test-model');
    expect(body.response_format.json_schema.strict).toBe(true);
    expect(body.response_format.json_schema.schema.properties.action_items.items.properties.description.maxLength).toBe(50);
    expect(body.messages[0]).toMatchObject({ role: 'system' });
    expect(body.messages[1]).toEqual({ role: 'user', content: 'compare queues' });
  });

  it('retries a 429 (the SDK honours Retry-After) and succeeds', async () => {
    fake.enqueue({ status: 429, body: { error: { message: 'slow down' } }, headers: { 'retry-after': '0' } }, { json: buildResearch() });
    const result = await client().generate({ spec, instructions: 'x' });
    expect(result.ok).toBe(true);
    expect(fake.requests).toHaveLength(2);
  });

  it('a model that does not answer in time fails with the timeout in words', async () => {
    fake.setDefault({ delayMs: 3_000, then: { json: buildResearch() } });
    const result = await client(1_000).generate({ spec, instructions: 'x' });
    expect(result).toMatchObject({ ok: false, code: 'model_unavailable' });
    if (!result.ok) expect(result.reason).toContain('did not answer within 1 s (tried 3 times)');
  }, 20_000);

  it('an unreachable endpoint says which endpoint', async () => {
    const down = createModelClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v1', model: 'm', timeoutMs: 2_000, configured: true });
    const result = await down.generate({ spec, instructions: 'x' });
    expect(result).toMatchObject({ ok: false, code: 'model_unavailable' });
    if (!result.ok) expect(result.reason).toContain('http://127.0.0.1:9/v1');
  }, 20_000);

  it('garbage twice fails as invalid output, keeping both raw answers', async () => {
    fake.enqueue({ content: '{"title": 42}' }, { content: 'I cannot do that in JSON' });
    const result = await client().generate({ spec, instructions: 'x' });
    expect(result).toMatchObject({ ok: false, code: 'model_output_invalid' });
    expect(result.rejected.map((r) => r.raw)).toEqual(['{"title": 42}', 'I cannot do that in JSON']);
    expect(result.rejected[0]!.errors).toContain('title');
    expect(fake.requests[1]!.body.messages.at(-1).content).toContain('title');
  });

  it('a refusal is reported as such, not retried as a schema problem', async () => {
    // A refusal comes back with content null and the refusal field set.
    fake.enqueue({ status: 200, body: {
      id: 'c1', object: 'chat.completion', created: 0, model: 'm',
      choices: [{ index: 0, finish_reason: 'stop', logprobs: null, message: { role: 'assistant', content: null, refusal: 'I can’t help with that.' } }],
    } });
    const result = await client().generate({ spec, instructions: 'x' });
    expect(result).toMatchObject({ ok: false, code: 'model_output_invalid' });
    if (!result.ok) expect(result.reason).toContain('The model refused: I can’t help with that.');
    expect(fake.requests).toHaveLength(1);
  });

  it('a refinement sends the previous artifact and the feedback', async () => {
    fake.enqueue({ json: buildResearch({ title: 'v2' }) });
    await client().generate({ spec, instructions: 'q', previous: { artifact: buildResearch(), feedback: 'shorter' } });
    const messages = fake.requests[0]!.body.messages;
    expect(messages.map((m: { role: string }) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(messages[3].content).toContain('Feedback: shorter');
  });

  it('without a key or base URL, every run fails saying exactly what to set', async () => {
    const result = await createModelClient({ model: 'm', timeoutMs: 1000, configured: false }).generate({ spec, instructions: 'x' });
    expect(result).toMatchObject({ ok: false, code: 'model_not_configured' });
    if (!result.ok) expect(result.reason).toMatch(/OPENAI_API_KEY.*OPENAI_BASE_URL/);
  });
});
