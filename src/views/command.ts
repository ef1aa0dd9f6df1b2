import type { CommandRefusal } from '../domain/command-grammar';

/** Why `/delegate …` (or a DM) was refused, in words. Plain text that quotes what the person typed: the caller escapes it. */
export function commandRefusalText(refusal: CommandRefusal): string {
  switch (refusal.reason) {
    case 'unknown_agent':
      return (
        `There is no agent called \`${refusal.name}\`. Available: ${refusal.agents.map((a) => `\`${a}\``).join(', ')}. ` +
        `To give these instructions to the default agent, write \`/delegate ${refusal.defaultAgent}: ${truncate(refusal.text, 60)}\`.`
      );
    case 'empty_instructions':
      return `Tell \`${refusal.agent}\` what to do, e.g. \`/delegate ${refusal.agent}: compare pg-boss and Agenda for our job queue\`.`;
    case 'too_long':
      return (
        `Those instructions are ${refusal.length.toLocaleString('en-US')} characters; the limit is ` +
        `${refusal.max.toLocaleString('en-US')}. Shorten them, or summarise the long part first with \`/delegate summarize: …\`.`
      );
  }
}

function truncate(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}
