import { z } from 'zod';
import { defineSpec } from '../src/agents/spec';
import { urlsIn } from '../src/domain/request-refs';
import { context, escapeMrkdwn, section } from '../src/views/kit';
import { actionItem, bullets, publishAndAssign, renderActionItems } from './action-item';

export const researchArtifact = z.object({
  title: z.string().min(1).max(100).describe('The question answered, as a short headline.'),
  summary: z.string().min(1).max(600).describe('The answer in two to four sentences, for someone reading on a phone.'),
  findings: z
    .array(
      z.object({
        claim: z.string().min(1).max(300).describe('One specific, checkable finding.'),
        evidence: z.string().min(1).max(500).describe('Why the claim holds: data, quotes or reasoning.'),
        source: z.string().max(300).nullable().describe('URL or citation for the evidence; null when there is none. Never invent one.'),
      }),
    )
    .min(1)
    .max(8)
    .describe('The findings that support the summary, most important first.'),
  recommendation: z.string().min(1).max(600).describe('What the reader should do, and why.'),
  action_items: z.array(actionItem).max(10).describe('Concrete next steps, if any.'),
  open_questions: z.array(z.string().min(1).max(300)).max(5).describe('What is still unknown and would change the answer.'),
});

export type ResearchArtifact = z.infer<typeof researchArtifact>;

export const research = defineSpec<ResearchArtifact>({
  name: 'research',
  version: 1,
  title: 'Research',
  emoji: ':mag:',
  description: 'Answers a question with findings, sources and a recommendation.',
  example: 'compare pg-boss and Agenda for our job queue',
  schema: researchArtifact,
  prompt:
    'You are a careful research analyst. Answer the question with specific, checkable findings, each with its evidence, ' +
    'and a clear recommendation. Never invent sources: use null when you have none. Say what is still unknown.',
  render: (a) => [
    section(`*${escapeMrkdwn(a.title)}*\n${escapeMrkdwn(a.summary)}`),
    section(
      `*Findings*\n${a.findings
        .map((f) => `• *${escapeMrkdwn(f.claim)}*\n   ${escapeMrkdwn(f.evidence)}${f.source ? `\n   _Source: ${escapeMrkdwn(f.source)}_` : ''}`)
        .join('\n')}`,
    ),
    section(`*Recommendation*\n${escapeMrkdwn(a.recommendation)}`),
    ...(a.action_items.length ? [section(`*Action items*\n${renderActionItems(a.action_items)}`)] : []),
    ...(a.open_questions.length ? [context(`*Open questions*\n${bullets(a.open_questions)}`)] : []),
  ],
  actions: (a, ctx) => publishAndAssign(a.action_items, ctx),
  // Reads the pages named in the request, searches (with SEARCH_URL) and opens what it finds.
  eyes: { context: ['pages'], tools: ['fetch_page', 'web_search'] },
  citations: (a) => a.findings.flatMap((f) => (f.source ? urlsIn(f.source) : [])),
  summarize: (a) => `${a.title}: ${a.summary}`,
});
