/**
 * The `/delegate` grammar, shared by the slash command and DMs. Pure.
 *   (empty)                    → open the modal
 *   help | status | schedules | limit [n] | trust [agent level]  → subcommands (only when they are the whole text)
 *   <agent>: <instructions>    → that agent; the colon must be followed by a space
 *   <agent> to #chan: <instr.> → that agent, and an approved artifact is published in #chan
 *   <instructions>             → the default agent
 */
export const MAX_INSTRUCTIONS = 4000;

export type ParsedCommand =
  | { kind: 'modal' }
  | { kind: 'help' }
  | { kind: 'status' }
  | { kind: 'schedules' }
  | { kind: 'digest'; value: string | null }
  | { kind: 'stale'; value: string | null }
  | { kind: 'limit'; value: string | null }
  | { kind: 'trust'; agent: string | null; level: string | null }
  | { kind: 'delegate'; agent: string; instructions: string; publishChannelId?: string }
  | ({ kind: 'invalid' } & CommandRefusal);

/** Why a command was refused, with what the words need; views/command.ts words it. */
export type CommandRefusal =
  | { reason: 'unknown_agent'; name: string; agents: readonly string[]; defaultAgent: string; text: string }
  | { reason: 'empty_instructions'; agent: string }
  | { reason: 'too_long'; length: number; max: number };

export interface GrammarContext {
  agents: readonly string[];
  defaultAgent: string;
}

const TRUST_LEVELS = /^(observe|propose|act)$/i;
const AGENT_PREFIX = /^([A-Za-z][\w-]{0,39}):(?:\s+|$)([\s\S]*)$/;
/** Slack sends a channel typed in command or message text as `<#C123|name>` (escape_channels). */
const AGENT_TO_CHANNEL = /^([A-Za-z][\w-]{0,39})\s+to\s+<#([CG][A-Z0-9]+)(?:\|[^>]*)?>:(?:\s+|$)([\s\S]*)$/;

export function parseCommand(rawText: string, ctx: GrammarContext): ParsedCommand {
  const text = rawText.trim();
  if (text === '') return { kind: 'modal' };
  const lower = text.toLowerCase();
  if (lower === 'help' || lower === '?') return { kind: 'help' };
  if (lower === 'status') return { kind: 'status' };
  if (lower === 'schedules' || lower === 'schedule') return { kind: 'schedules' };
  const digest = /^digest(?:\s+(\S+(?:\s*(?:am|pm))?))?$/i.exec(text);
  if (digest) return { kind: 'digest', value: digest[1] ?? null };
  const stale = /^stale(?:\s+(\d+\s*[a-z]+))?$/i.exec(text);
  if (stale) return { kind: 'stale', value: stale[1] ?? null };
  const trust = /^trust(?:\s+(\S+)(?:\s+(\S+))?)?$/i.exec(text);
  // Only when it reads as the subcommand, so "trust scores for …" stays an instruction.
  const [, trustAgent, trustLevel] = trust ?? [];
  if (trust && (!trustAgent || ctx.agents.includes(trustAgent.toLowerCase()) || (trustLevel && TRUST_LEVELS.test(trustLevel)))) {
    return { kind: 'trust', agent: trustAgent?.toLowerCase() ?? null, level: trustLevel?.toLowerCase() ?? null };
  }
  const limit = /^limit(?:\s+(\S+))?$/i.exec(text);
  if (limit) return { kind: 'limit', value: limit[1] ?? null };

  let agent = ctx.defaultAgent;
  let instructions = text;
  let publishChannelId: string | undefined;
  const toChannel = AGENT_TO_CHANNEL.exec(text);
  const prefixed = toChannel ? ([toChannel[0], toChannel[1], toChannel[3]] as const) : AGENT_PREFIX.exec(text);
  if (toChannel) publishChannelId = toChannel[2];
  if (prefixed) {
    const name = prefixed[1]!.toLowerCase();
    if (!ctx.agents.includes(name)) {
      return { kind: 'invalid', reason: 'unknown_agent', name, agents: ctx.agents, defaultAgent: ctx.defaultAgent, text };
    }
    agent = name;
    instructions = prefixed[2]!.trim();
  }
  if (instructions === '') return { kind: 'invalid', reason: 'empty_instructions', agent };
  if (instructions.length > MAX_INSTRUCTIONS) return { kind: 'invalid', reason: 'too_long', length: instructions.length, max: MAX_INSTRUCTIONS };
  return { kind: 'delegate', agent, instructions, ...(publishChannelId ? { publishChannelId } : {}) };
}

/** Slack escapes &, < and > in command and message text; we store what the person typed. */
export function unescapeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
