import { normalizeRef, unreadEvidence, type Evidence } from '../domain/evidence';
import { urlsIn } from '../domain/request-refs';
import { budgetState, type ReadLimits, type ReadUsage } from '../domain/read-budget';
import { parseToolArguments, type dataFence, type ReadTool } from './reading';

/**
 * One run's reading through tools: what is still offered, what was spent, and every read on
 * the record (refused and failed ones too). When the budget runs out the tools are withdrawn
 * and the model is told, once, to answer with what it has.
 */
export class Reading {
  readonly evidence: Evidence[] = [];
  private readonly used: ReadUsage = { calls: 0, bytes: 0, startedAt: Date.now() };
  private told = false;

  /** Every tool this run was given, offered or since withdrawn. */
  get offered(): readonly ReadTool[] {
    return this.tools;
  }

  private readonly seen = new Set<string>();

  constructor(
    private readonly tools: readonly ReadTool[],
    private readonly limits: ReadLimits,
    /** The request and what was gathered for it: the URLs in them may be opened. */
    start: readonly string[] = [],
  ) {
    for (const text of start) this.see(text);
  }

  private see(text: string): void {
    for (const url of urlsIn(text)) this.seen.add(normalizeRef(url));
  }

  offer(): { tools: readonly ReadTool[]; closing?: string } {
    if (!this.tools.length) return { tools: [] };
    const state = budgetState(this.limits, this.used, Date.now());
    if (state.ok) return { tools: this.tools };
    if (this.told) return { tools: [] };
    this.told = true;
    return { tools: [], closing: `Your reading budget for this run is spent (${SPENT[state.spent](this.limits)}). Answer now with what you have read, and say what you could not check.` };
  }

  /** Runs one tool call; what comes back is the tool message's content for the model. */
  async call(name: string, rawArgs: string, fence: ReturnType<typeof dataFence>): Promise<string> {
    const tool = this.tools.find((t) => t.name === name);
    if (!tool) return `There is no tool called ${name}. Available: ${this.tools.map((t) => t.name).join(', ')}.`;
    const state = budgetState(this.limits, this.used, Date.now());
    if (!state.ok) return `Not run: the reading budget is spent (${SPENT[state.spent](this.limits)}). Answer with what you have.`;
    const parsed = parseToolArguments(tool, rawArgs);
    this.used.calls++;
    if (!parsed.ok) return `Not run: ${parsed.problem}. Call ${name} again with arguments that match its schema.`;
    const timeLeft = this.limits.maxMs - (Date.now() - this.used.startedAt);
    try {
      const outcome = await tool.read(parsed.args, {
        signal: AbortSignal.timeout(Math.max(1, timeLeft)),
        bytesLeft: state.bytesLeft,
        mayOpen: (url) => this.seen.has(normalizeRef(url)),
      });
      this.evidence.push(...outcome.evidence);
      for (const b of outcome.blocks) this.see(b.text);
      for (const e of outcome.evidence) if (!e.problem) [e.url, ...e.aliases].forEach((u) => u && this.seen.add(normalizeRef(u)));
      this.used.bytes += outcome.evidence.reduce((n, e) => n + e.bytes, 0);
      if (!outcome.blocks.length) return outcome.note ?? 'Nothing was read.';
      return `${outcome.note ? `${outcome.note}\n` : ''}${fence.wrap(outcome.blocks)}`;
    } catch (error) {
      // A tool that throws is a failed read, not a failed run; its message stays out of the prompt.
      this.evidence.push(...failedTool(tool.name, error));
      return 'The tool failed. Go on without it.';
    }
  }
}

const SPENT: Record<'calls' | 'bytes' | 'time', (l: ReadLimits) => string> = {
  calls: (l) => `${l.maxCalls} tool calls`,
  bytes: (l) => `${Math.round(l.maxBytes / 1000)} KB read`,
  time: (l) => `${Math.round(l.maxMs / 1000)} s of reading`,
};

function failedTool(name: string, error: unknown): Evidence[] {
  const detail = error instanceof Error ? error.message : String(error);
  return [unreadEvidence({ kind: 'web_page', ref: name, via: 'tool', at: new Date(), problem: { code: 'tool_failed', server: 'delegate', tool: name, detail } })];
}
