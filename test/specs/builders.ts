import { z } from 'zod';
import type { ResearchArtifact } from '../../specs/research';
import type { SummaryArtifact } from '../../specs/summarize';
import type { TriageArtifact } from '../../specs/triage';
import type { ActionItem } from '../../specs/action-item';
import type { SpecCoachArtifact } from '../../specs/spec-coach';

export function buildActionItem(overrides: Partial<ActionItem> = {}): ActionItem {
  return { description: 'Prototype an Agenda worker', owner: 'Ana', due: '2026-12-01', priority: 'high', ...overrides };
}

export function buildResearch(overrides: Partial<ResearchArtifact> = {}): ResearchArtifact {
  return {
    title: 'pg-boss vs Agenda for a PostgreSQL shop',
    summary: 'Both run on PostgreSQL. Agenda 6 adds LISTEN/NOTIFY pickup and cron with time zones.',
    findings: [
      { claim: 'Agenda 6 has a PostgreSQL backend', evidence: 'The @agendajs/postgres-backend package.', source: 'https://www.npmjs.com/package/@agendajs/postgres-backend' },
      { claim: 'pg-boss uses SKIP LOCKED', evidence: 'Documented in its README.', source: null },
    ],
    recommendation: 'Use Agenda: its cron and time-zone support fit scheduled agents.',
    action_items: [buildActionItem()],
    open_questions: ['How many jobs per minute at peak?'],
    ...overrides,
  };
}

export function buildTriage(overrides: Partial<TriageArtifact> = {}): TriageArtifact {
  return {
    alert: 'p95 latency over 2 s on checkout-api',
    severity: 'sev2',
    likely_cause: 'Connection pool exhaustion after the 09:30 deploy raised concurrency.',
    impact: 'Slow checkouts for about 20% of users.',
    evidence: ['pool wait time up 10x at 09:32', 'deploy 4512 at 09:30'],
    next_steps: [buildActionItem({ description: 'Roll back deploy 4512', owner: 'Sam', priority: 'critical' })],
    escalate_to: 'payments on-call',
    ...overrides,
  };
}

export function buildSummarize(overrides: Partial<SummaryArtifact> = {}): SummaryArtifact {
  return {
    title: 'Retro notes, sprint 42',
    tl_dr: 'Deploys were slow; we will split the pipeline.',
    key_points: ['Deploys took 40 minutes on average', 'Flaky tests caused 3 reruns'],
    decisions: ['Split the pipeline into build and deploy'],
    action_items: [buildActionItem({ description: 'Split the CI pipeline', owner: 'Lee' })],
    ...overrides,
  };
}

/** Replaces every string in a value with `fill(maxLength)` and every array with its maximum count. */
export function buildMaximal(schema: z.ZodType, fill: (n: number) => string): unknown {
  const json = z.toJSONSchema(schema) as any;
  const build = (s: any): unknown => {
    if (s.anyOf) return build(s.anyOf.find((x: any) => x.type !== 'null'));
    if (s.type === 'object') return Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, build(v)]));
    if (s.type === 'array') return Array.from({ length: s.maxItems ?? 3 }, () => build(s.items));
    if (s.enum) return s.enum[0];
    if (s.format === 'date') return '2026-12-31';
    if (s.type === 'string') return fill(s.maxLength ?? 200);
    throw new Error(`unhandled ${JSON.stringify(s)}`);
  };
  return build(json);
}


export function buildSpecCoach(overrides: Partial<SpecCoachArtifact> = {}): SpecCoachArtifact {
  return {
    agent: 'research',
    field_changes: [{ path: 'findings.source', kind: 'required', value: '' }],
    rule: 'Every finding cites a source.',
    reason: 'Three refines in a row asked for sources.',
    ...overrides,
  };
}
