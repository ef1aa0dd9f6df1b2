import { describe, expect, it } from 'vitest';
import { MAX_INSTRUCTIONS, parseCommand, unescapeSlackText } from '../../src/domain/command-grammar';

const ctx = { agents: ['research', 'triage', 'summarize'], defaultAgent: 'research' };

describe('parseCommand', () => {
  it.each([
    ['', { kind: 'modal' }],
    ['   ', { kind: 'modal' }],
    ['help', { kind: 'help' }],
    ['HELP', { kind: 'help' }],
    ['status', { kind: 'status' }],
    ['limit', { kind: 'limit', value: null }],
    ['limit 3', { kind: 'limit', value: '3' }],
    ['limit abc', { kind: 'limit', value: 'abc' }],
    ['research: compare pg-boss and Agenda', { kind: 'delegate', agent: 'research', instructions: 'compare pg-boss and Agenda' }],
    ['Triage: disk full on db-1', { kind: 'delegate', agent: 'triage', instructions: 'disk full on db-1' }],
    ['summarize:\nline one\nline two', { kind: 'delegate', agent: 'summarize', instructions: 'line one\nline two' }],
    ['compare pg-boss and Agenda', { kind: 'delegate', agent: 'research', instructions: 'compare pg-boss and Agenda' }],
    ['limit the scope to Postgres queues', { kind: 'delegate', agent: 'research', instructions: 'limit the scope to Postgres queues' }],
    ['status of the migration', { kind: 'delegate', agent: 'research', instructions: 'status of the migration' }],
    ['read https://example.com/a:b and summarise', { kind: 'delegate', agent: 'research', instructions: 'read https://example.com/a:b and summarise' }],
    ['https://example.com/x is down', { kind: 'delegate', agent: 'research', instructions: 'https://example.com/x is down' }],
    ['what is 10:30 in UTC', { kind: 'delegate', agent: 'research', instructions: 'what is 10:30 in UTC' }],
    ['research to <#C0ENG|eng>: compare queues', { kind: 'delegate', agent: 'research', instructions: 'compare queues', publishChannelId: 'C0ENG' }],
    ['Triage to <#G0PRIV>: disk full', { kind: 'delegate', agent: 'triage', instructions: 'disk full', publishChannelId: 'G0PRIV' }],
    ['research to #eng: no link, so plain text', { kind: 'delegate', agent: 'research', instructions: 'research to #eng: no link, so plain text' }],
    ['send it to <#C0ENG|eng>: later', { kind: 'delegate', agent: 'research', instructions: 'send it to <#C0ENG|eng>: later' }],
    ['trust', { kind: 'trust', agent: null, level: null }],
    ['trust research', { kind: 'trust', agent: 'research', level: null }],
    ['Trust Triage Observe', { kind: 'trust', agent: 'triage', level: 'observe' }],
    ['trust reserch propose', { kind: 'trust', agent: 'reserch', level: 'propose' }],
    ['trust scores', { kind: 'delegate', agent: 'research', instructions: 'trust scores' }],
    ['trust the process', { kind: 'delegate', agent: 'research', instructions: 'trust the process' }],
  ])('%j', (text, expected) => {
    expect(parseCommand(text, ctx)).toEqual(expected);
  });

  it('refuses an unknown agent, with the agents there are and the default', () => {
    expect(parseCommand('Poet: write a haiku', ctx)).toEqual({
      kind: 'invalid',
      reason: 'unknown_agent',
      name: 'poet',
      agents: ['research', 'triage', 'summarize'],
      defaultAgent: 'research',
      text: 'Poet: write a haiku',
    });
  });

  it('refuses an agent with no instructions', () => {
    expect(parseCommand('triage:', ctx)).toEqual({ kind: 'invalid', reason: 'empty_instructions', agent: 'triage' });
  });

  it('refuses instructions over the limit, with both lengths', () => {
    expect(parseCommand(`research: ${'x'.repeat(MAX_INSTRUCTIONS + 1)}`, ctx)).toEqual({ kind: 'invalid', reason: 'too_long', length: 4001, max: MAX_INSTRUCTIONS });
  });

  it('accepts instructions exactly at the limit', () => {
    expect(parseCommand('x'.repeat(MAX_INSTRUCTIONS), ctx)).toMatchObject({ kind: 'delegate' });
  });
});

describe('unescapeSlackText', () => {
  it('restores what the person typed', () => {
    expect(unescapeSlackText('a &lt; b &amp;&amp; c &gt; d &amp;lt;')).toBe('a < b && c > d &lt;');
  });
});
