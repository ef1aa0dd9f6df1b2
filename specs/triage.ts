import { z } from 'zod';
import { defineSpec } from '../src/agents/spec';
import { escapeMrkdwn, fields, section } from '../src/views/kit';
import { mergePlans, planEscalation } from '../src/domain/action-plan';
import { actionItem, bullets, publishAndAssign, renderActionItems } from './action-item';

const severity = z.enum(['sev1', 'sev2', 'sev3', 'sev4']);

export const triageArtifact = z.object({
  alert: z.string().min(1).max(150).describe('What fired, in a few words.'),
  severity: severity.describe('sev1 = customer-facing outage, sev2 = major degradation, sev3 = minor or contained, sev4 = noise.'),
  likely_cause: z.string().min(1).max(500).describe('The most likely cause, with the reasoning.'),
  impact: z.string().min(1).max(400).describe('Who or what is affected, and how badly.'),
  evidence: z.array(z.string().min(1).max(300)).max(8).describe('Observations that support the cause (log lines, metrics, recent changes).'),
  next_steps: z.array(actionItem).min(1).max(10).describe('What to do now, most urgent first.'),
  escalate_to: z
    .string()
    .max(100)
    .nullable()
    .describe('A person or team to escalate to, only for sev1 or sev2; otherwise null.'),
});

export type TriageArtifact = z.infer<typeof triageArtifact>;

const SEVERITY_ICON: Record<z.infer<typeof severity>, string> = {
  sev1: ':rotating_light:',
  sev2: ':red_circle:',
  sev3: ':large_orange_circle:',
  sev4: ':white_circle:',
};

export const triage = defineSpec<TriageArtifact>({
  name: 'triage',
  version: 1,
  title: 'Alert triage',
  emoji: ':rotating_light:',
  description: 'Triages an alert: severity, likely cause, impact and next steps.',
  example: 'p95 latency alert on checkout-api since 09:40',
  schema: triageArtifact,
  prompt:
    'You are an on-call engineer triaging an alert. Judge severity honestly, name the most likely cause with evidence, ' +
    'state the impact, and give concrete next steps with one owner each. Escalate only sev1 and sev2. Do not invent evidence.',
  render: (a) => [
    section(`${SEVERITY_ICON[a.severity]} *${a.severity.toUpperCase()}*: ${escapeMrkdwn(a.alert)}`),
    fields([
      ['Likely cause', escapeMrkdwn(a.likely_cause)],
      ['Impact', escapeMrkdwn(a.impact)],
      ...(a.escalate_to ? ([['Escalate to', escapeMrkdwn(a.escalate_to)]] as const) : []),
    ]),
    ...(a.evidence.length ? [section(`*Evidence*\n${bullets(a.evidence)}`)] : []),
    section(`*Next steps*\n${renderActionItems(a.next_steps)}`),
  ],
  // Reads the alert's thread when given its permalink.
  eyes: { context: ['slack'], tools: [] },
  actions: (a, ctx) => mergePlans(publishAndAssign(a.next_steps, ctx), planEscalation(a.escalate_to, ctx)),
  summarize: (a) => `${a.severity.toUpperCase()} ${a.alert}: ${a.likely_cause}`,
});
