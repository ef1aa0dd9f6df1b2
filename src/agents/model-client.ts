import OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { z } from 'zod';
import type { Config } from '../config/env';
import type { Evidence } from '../domain/evidence';
import { DEFAULT_READ_LIMITS, type ReadLimits } from '../domain/read-budget';
import { dataFence, toolDeclaration, type DataBlock, type ReadTool } from './reading';
import { Reading } from './reading-session';
import type { ArtifactSpec } from './spec';

export interface GenerateInput {
  spec: ArtifactSpec<unknown>;
  instructions: string;
  /** For a refinement: the version being refined and the person's feedback. */
  previous?: { artifact: unknown; feedback: string };
  /** What was gathered for this run before the model runs: handed over as data. */
  context?: readonly DataBlock[];
  /** Read-only tools the model may call, within `limits`. */
  tools?: readonly ReadTool[];
  limits?: ReadLimits;
  /** What the model should know about this run's reading (e.g. no search is available). */
  notes?: readonly string[];
  /** Called between model requests, so a long run can extend its job lock. */
  onAttempt?: () => Promise<void>;
}

export interface RejectedAttempt {
  attempt: number;
  raw: string;
  errors: string;
}

export type GenerateResult =
  | { ok: true; artifact: unknown; repaired: boolean; model: string; rejected: RejectedAttempt[]; evidence: Evidence[] }
  | {
      ok: false;
      code: 'model_not_configured' | 'model_unavailable' | 'model_output_invalid';
      reason: string;
      rejected: RejectedAttempt[];
      evidence: Evidence[];
    };

export interface ModelClient {
  generate(input: GenerateInput): Promise<GenerateResult>;
}

/** The SDK retries 429/5xx/connection errors itself (with backoff) this many times. */
export const MODEL_MAX_RETRIES = 2;
const MAX_ATTEMPTS = 2; // the first answer, then one repair
/** Model requests per run, tool rounds included: a model that never stops calling tools still ends. */
const MAX_ROUNDS = 16;

export function createModelClient(config: Config['model']): ModelClient {
  if (!config.configured) {
    return {
      async generate() {
        return {
          ok: false,
          code: 'model_not_configured',
          reason:
            'No model is configured. Set `OPENAI_API_KEY` (OpenAI) or `OPENAI_BASE_URL` (any OpenAI-compatible server, e.g. Ollama or vLLM) and restart Delegate, then press Retry.',
          rejected: [],
          evidence: [],
        };
      },
    };
  }
  const client = new OpenAI({
    // Local OpenAI-compatible servers accept any key; the SDK insists on one.
    apiKey: config.apiKey ?? 'unused',
    baseURL: config.baseUrl,
    timeout: config.timeoutMs,
    maxRetries: MODEL_MAX_RETRIES,
  });
  return {
    generate: (input) => generate(client, config, input),
  };
}

async function generate(client: OpenAI, config: Config['model'], input: GenerateInput): Promise<GenerateResult> {
  const { spec } = input;
  const reading = new Reading(input.tools ?? [], input.limits ?? DEFAULT_READ_LIMITS, [input.instructions, ...(input.context ?? []).flatMap((b) => [b.source, b.text])]);
  const fence = dataFence();
  const messages = initialMessages(input, fence);
  const rejected: RejectedAttempt[] = [];
  const failed = (code: 'model_unavailable' | 'model_output_invalid', reason: string): GenerateResult => ({ ok: false, code, reason, rejected, evidence: reading.evidence });
  let answers = 0;
  // Every round is one model request: tool rounds until it answers, then at most one repair.
  for (let round = 0; answers < MAX_ATTEMPTS && round < MAX_ROUNDS; round++) {
    if (round > 0) await input.onAttempt?.();
    const offer = reading.offer();
    if (offer.closing) messages.push({ role: 'user', content: offer.closing });
    let message: OpenAI.Chat.Completions.ChatCompletionMessage | undefined;
    try {
      const completion = await client.chat.completions.create({
        model: config.model,
        messages,
        response_format: zodResponseFormat(spec.schema as z.ZodType, spec.name.replace(/[^\w-]/g, '_')),
        // Withdrawn tools stay declared with tool_choice none: a history with tool calls and no tools trips strict servers.
        ...(offer.tools.length ? { tools: offer.tools.map(toolDeclaration) } : reading.offered.length ? { tools: reading.offered.map(toolDeclaration), tool_choice: 'none' as const } : {}),
      });
      message = completion.choices[0]?.message;
    } catch (error) {
      return failed('model_unavailable', describeApiError(error, config));
    }
    if (message?.refusal) return failed('model_output_invalid', `The model refused: ${message.refusal}`);
    const calls = (message?.tool_calls ?? []).filter((c) => c.type === 'function');
    if (calls.length && offer.tools.length) {
      messages.push({ role: 'assistant', content: message?.content ?? null, tool_calls: calls });
      for (const call of calls) {
        messages.push({ role: 'tool', tool_call_id: call.id, content: await reading.call(call.function.name, call.function.arguments, fence) });
      }
      continue;
    }
    answers++;
    const raw = message?.content ?? '';
    const checked = validate(spec, raw);
    if (checked.ok) return { ok: true, artifact: checked.value, repaired: answers > 1, model: config.model, rejected, evidence: reading.evidence };
    rejected.push({ attempt: answers, raw, errors: checked.errors });
    messages.push(
      { role: 'assistant', content: raw },
      { role: 'user', content: `Your answer does not match the required schema:\n${checked.errors}\nReturn the corrected JSON only.` },
    );
  }
  const last = rejected[rejected.length - 1];
  if (!last) return failed('model_output_invalid', `The model kept calling tools and never answered (${MAX_ROUNDS} requests).`);
  return failed(
    'model_output_invalid',
    `The model's output did not match the \`${spec.name}@${spec.version}\` spec twice (once after a repair request). Last problems:\n${last.errors}`,
  );
}

function initialMessages(input: GenerateInput, fence: ReturnType<typeof dataFence>): ChatCompletionMessageParam[] {
  const reads = Boolean(input.context?.length || input.tools?.length);
  const messages: ChatCompletionMessageParam[] = [
    {
      role: 'system',
      content: `${input.spec.prompt}\n${reads ? `${fence.rule}\n` : ''}${(input.notes ?? []).map((n) => `${n}\n`).join('')}Answer only with JSON that matches the provided schema.`,
    },
    { role: 'user', content: input.instructions },
  ];
  if (input.context?.length) messages.push({ role: 'user', content: `What was gathered for this request:\n${fence.wrap(input.context)}` });
  if (input.previous) {
    messages.push(
      { role: 'assistant', content: JSON.stringify(input.previous.artifact) },
      {
        role: 'user',
        content: `Revise your answer using this feedback from the person who asked. Keep what they did not ask to change.\nFeedback: ${input.previous.feedback}`,
      },
    );
  }
  return messages;
}

export function validate(
  spec: ArtifactSpec<unknown>,
  raw: string,
): { ok: true; value: unknown } | { ok: false; errors: string } {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ok: false, errors: `- the answer is not valid JSON (starts with: ${JSON.stringify(raw.slice(0, 80))})` };
  }
  const parsed = spec.schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const errors = parsed.error.issues
    .slice(0, 10)
    .map((i) => `- ${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('\n');
  return { ok: false, errors };
}

function describeApiError(error: unknown, config: Config['model']): string {
  const where = config.baseUrl ? `the model endpoint (${config.baseUrl})` : 'OpenAI';
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return `${where} did not answer within ${Math.round(config.timeoutMs / 1000)} s (tried ${MODEL_MAX_RETRIES + 1} times).`;
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return `Could not reach ${where}: ${error.message}`;
  }
  if (error instanceof OpenAI.APIError) {
    const hint =
      error.status === 401 ? ' Check OPENAI_API_KEY.' : error.status === 404 ? ` Check OPENAI_MODEL (${config.model}).` : '';
    return `${where} answered ${error.status ?? 'an error'}: ${error.message}.${hint}`;
  }
  return `Calling ${where} failed: ${error instanceof Error ? error.message : String(error)}`;
}
