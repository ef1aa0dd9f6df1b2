import { describe, expect, it } from 'vitest';
import { MAX_INSTRUCTIONS, parseCommand, type CommandRefusal } from '../../src/domain/command-grammar';
import { commandRefusalText } from '../../src/views/command';

const agents = ['research', 'triage', 'summarize'];

describe('commandRefusalText', () => {
  it.each<[CommandRefusal, string]>([
    [
      { reason: 'unknown_agent', name: 'poet', agents, defaultAgent: 'research', text: 'poet: write a haiku' },
      'There is no agent called `poet`. Available: `research`, `triage`, `summarize`. To give these instructions to the default agent, write `/delegate research: poet: write a haiku`.',
    ],
    [
      { reason: 'empty_instructions', agent: 'triage' },
      'Tell `triage` what to do, e.g. `/delegate triage: compare pg-boss and Agenda for our job queue`.',
    ],
    [
      { reason: 'too_long', length: 4001, max: 4000 },
      'Those instructions are 4,001 characters; the limit is 4,000. Shorten them, or summarise the long part first with `/delegate summarize: …`.',
    ],
  ])('%j', (refusal, words) => {
    expect(commandRefusalText(refusal)).toBe(words);
  });

  it('quotes at most 60 characters of a long request', () => {
    const text = `poet: ${'y'.repeat(100)}`;
    const words = commandRefusalText({ reason: 'unknown_agent', name: 'poet', agents, defaultAgent: 'research', text });
    expect(words).toContain(`\`/delegate research: ${text.slice(0, 59)}…\`.`);
  });

  it('words what the grammar refuses', () => {
    const result = parseCommand(`research: ${'x'.repeat(MAX_INSTRUCTIONS + 1)}`, { agents, defaultAgent: 'research' });
    if (result.kind !== 'invalid') throw new Error('expected a refusal');
    expect(commandRefusalText(result)).toContain('4,001');
  });
});
