import { z } from 'zod';
import { defineSpec } from '../src/agents/spec';
import { escapeMrkdwn, section } from '../src/views/kit';
import { actionItem, bullets, publishAndAssign, renderActionItems } from './action-item';

export const summaryArtifact = z.object({
  title: z.string().min(1).max(100).describe('What the text is about, as a short headline.'),
  tl_dr: z.string().min(1).max(400).describe('The gist in one or two sentences.'),
  key_points: z.array(z.string().min(1).max(300)).min(1).max(10).describe('The points a reader must not miss, in order of importance.'),
  decisions: z.array(z.string().min(1).max(300)).max(10).describe('Decisions stated in the text; empty when none were made.'),
  action_items: z.array(actionItem).max(10).describe('Tasks stated or clearly implied in the text.'),
});

export type SummaryArtifact = z.infer<typeof summaryArtifact>;

export const summarize = defineSpec<SummaryArtifact>({
  name: 'summarize',
  version: 1,
  title: 'Summary',
  emoji: ':memo:',
  description: 'Summarises a pasted text or thread: TL;DR, key points, decisions, action items.',
  example: 'paste the thread or notes here',
  schema: summaryArtifact,
  prompt:
    'You summarise text for a busy reader. Be faithful to the text: report only what it says, keep names and numbers exact, ' +
    'and list decisions and action items only when the text supports them.',
  render: (a) => [
    section(`*${escapeMrkdwn(a.title)}*\n*TL;DR:* ${escapeMrkdwn(a.tl_dr)}`),
    section(`*Key points*\n${bullets(a.key_points)}`),
    ...(a.decisions.length ? [section(`*Decisions*\n${bullets(a.decisions)}`)] : []),
    ...(a.action_items.length ? [section(`*Action items*\n${renderActionItems(a.action_items)}`)] : []),
  ],
  actions: (a, ctx) => publishAndAssign(a.action_items, ctx),
  // Reads the channel, thread or pages it is pointed at; what was pasted is read as it is.
  eyes: { context: ['pages', 'slack'], tools: [] },
  summarize: (a) => `${a.title}: ${a.tl_dr}`,
});
