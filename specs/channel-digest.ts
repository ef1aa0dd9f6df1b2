import { z } from 'zod';
import { defineSpec } from '../src/agents/spec';
import { isSlackPermalink } from '../src/domain/request-refs';
import { context, escapeMrkdwn, link, section } from '../src/views/kit';
import { actionItem, publishAndAssign, renderActionItems } from './action-item';

const permalink = z.string().max(300).describe('The permalink of the message, exactly as given in the transcript.');

export const channelDigestArtifact = z.object({
  channel: z.string().min(1).max(80).describe('The channel digested, e.g. #eng.'),
  quiet: z.boolean().describe('True when little happened: say so in the summary and leave the lists empty rather than pad them.'),
  summary: z.string().min(1).max(500).describe('What happened in the window, in two or three sentences; for a quiet day, one.'),
  decisions: z.array(z.object({ decision: z.string().min(1).max(300), permalink })).max(10).describe('Decisions taken in the window.'),
  open_questions: z
    .array(z.object({ question: z.string().min(1).max(300), asked_by: z.string().min(1).max(80).describe('Who asked, by name.'), permalink }))
    .max(10)
    .describe('Questions asked in the window that nobody answered yet.'),
  action_items: z.array(actionItem).max(10).describe('Tasks someone took on or was asked to do.'),
  notable_threads: z
    .array(z.object({ topic: z.string().min(1).max(200), why: z.string().min(1).max(300).describe('Why the reader should look.'), permalink }))
    .max(5)
    .describe('Threads worth opening.'),
});

export type ChannelDigestArtifact = z.infer<typeof channelDigestArtifact>;

/** Only a message permalink becomes a link: a model that writes another URL there gets it shown, not linked. */
const at = (url: string, label = 'view') => (!url ? '' : isSlackPermalink(url) ? ` (${link(url, label)})` : ` (${escapeMrkdwn(url)})`);

export const channelDigest = defineSpec<ChannelDigestArtifact>({
  name: 'channel-digest',
  version: 1,
  title: 'Channel digest',
  emoji: ':newspaper:',
  description: 'Reads a channel over a window: decisions, unanswered questions, action items, threads worth opening.',
  example: '#eng since monday',
  schema: channelDigestArtifact,
  prompt:
    'You digest a Slack channel for someone who was not there. Report only what the transcript shows, with the permalink ' +
    'of each message you rely on, copied exactly. A question counts as open only if no later message answers it. ' +
    'When little happened, say it was a quiet day and leave the lists empty: never pad.',
  render: (a) => [
    section(`*${escapeMrkdwn(a.channel)}*${a.quiet ? ' · quiet day' : ''}\n${escapeMrkdwn(a.summary)}`),
    ...(a.decisions.length ? [section(`*Decisions*\n${a.decisions.map((d) => `• ${escapeMrkdwn(d.decision)}${at(d.permalink)}`).join('\n')}`)] : []),
    ...(a.open_questions.length
      ? [section(`*Still open*\n${a.open_questions.map((q) => `• ${escapeMrkdwn(q.question)} _(${escapeMrkdwn(q.asked_by)})_${at(q.permalink)}`).join('\n')}`)]
      : []),
    ...(a.action_items.length ? [section(`*Action items*\n${renderActionItems(a.action_items)}`)] : []),
    ...(a.notable_threads.length
      ? [context(`*Worth opening:* ${a.notable_threads.map((th) => `${escapeMrkdwn(th.topic)}: ${escapeMrkdwn(th.why)}${at(th.permalink, 'thread')}`).join(' · ')}`)]
      : []),
  ],
  actions: (a, ctx) => publishAndAssign(a.action_items, ctx),
  eyes: { context: ['slack'], tools: [] },
  citations: (a) => [...a.decisions, ...a.open_questions, ...a.notable_threads].map((x) => x.permalink).filter(Boolean),
  summarize: (a) => `${a.channel}: ${a.summary}`,
});
