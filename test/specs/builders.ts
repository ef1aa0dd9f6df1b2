import { z } from 'zod';
import type { ResearchArtifact } from '../../specs/research';
import type { SummaryArtifact } from '../../specs/summarize';
import type { TriageArtifact } from '../../specs/triage';
import type { ChannelDigestArtifact } from '../../specs/channel-digest';
import type { PrReviewArtifact } from '../../specs/pr-review';
import type { DepsArtifact } from '../../specs/deps';
import type { PrSummaryArtifact } from '../../specs/pr-summary';
import type { TechDebtArtifact } from '../../specs/tech-debt';
import type { ActionItem } from '../../specs/action-item';
import type { SpecCoachArtifact } from '../../specs/spec-coach';

/**
 * What a hostile model writes into free text: a broadcast, a forged link, a mention and a
 * channel link. Every default artifact carries them, so the integration suite's injection
 * sweep (test/support/injection-sweep.ts) checks every path model text takes to Slack.
 */
export const HOSTILE_TOKENS = ['<!channel>', '<https://evil.example|click>', '<@U0VICTIM>', '<#C0SECRET>', '<!here>'] as const;

/** `text` followed by as many hostile tokens as fit within the field's `max` length. */
export function hostile(text: string, max: number): string {
  let out = text;
  for (const token of HOSTILE_TOKENS) if (out.length + 1 + token.length <= max) out += ` ${token}`;
  return out;
}

export function buildActionItem(overrides: Partial<ActionItem> = {}): ActionItem {
  return { description: hostile('Prototype an Agenda worker', 50), owner: hostile('Ana', 80), due: '2026-12-01', priority: 'high', ...overrides };
}

export function buildResearch(overrides: Partial<ResearchArtifact> = {}): ResearchArtifact {
  return {
    title: hostile('pg-boss vs Agenda for a PostgreSQL shop', 100),
    summary: hostile('Both run on PostgreSQL. Agenda 6 adds LISTEN/NOTIFY pickup and cron with time zones.', 600),
    findings: [
      {
        claim: hostile('Agenda 6 has a PostgreSQL backend', 300),
        evidence: hostile('The @agendajs/postgres-backend package.', 500),
        source: hostile('https://www.npmjs.com/package/@agendajs/postgres-backend', 300),
      },
      { claim: hostile('pg-boss uses SKIP LOCKED', 300), evidence: hostile('Documented in its README.', 500), source: null },
    ],
    recommendation: hostile('Use Agenda: its cron and time-zone support fit scheduled agents.', 600),
    action_items: [buildActionItem()],
    open_questions: [hostile('How many jobs per minute at peak?', 300)],
    ...overrides,
  };
}

export function buildTriage(overrides: Partial<TriageArtifact> = {}): TriageArtifact {
  return {
    alert: hostile('p95 latency over 2 s on checkout-api', 150),
    severity: 'sev2',
    likely_cause: hostile('Connection pool exhaustion after the 09:30 deploy raised concurrency.', 500),
    impact: hostile('Slow checkouts for about 20% of users.', 400),
    evidence: [hostile('pool wait time up 10x at 09:32', 300), hostile('deploy 4512 at 09:30', 300)],
    next_steps: [buildActionItem({ description: hostile('Roll back deploy 4512', 50), owner: hostile('Sam', 80), priority: 'critical' })],
    escalate_to: hostile('payments on-call', 100),
    ...overrides,
  };
}

export function buildSummarize(overrides: Partial<SummaryArtifact> = {}): SummaryArtifact {
  return {
    title: hostile('Retro notes, sprint 42', 100),
    tl_dr: hostile('Deploys were slow; we will split the pipeline.', 400),
    key_points: [hostile('Deploys took 40 minutes on average', 300), hostile('Flaky tests caused 3 reruns', 300)],
    decisions: [hostile('Split the pipeline into build and deploy', 300)],
    action_items: [buildActionItem({ description: hostile('Split the CI pipeline', 50), owner: hostile('Lee', 80) })],
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
    if (s.type === 'boolean') return false;
    if (s.type === 'integer' || s.type === 'number') return 99_999;
    throw new Error(`unhandled ${JSON.stringify(s)}`);
  };
  return build(json);
}


export function buildSpecCoach(overrides: Partial<SpecCoachArtifact> = {}): SpecCoachArtifact {
  return {
    agent: 'research',
    field_changes: [{ path: 'findings.source', kind: 'required', value: '' }],
    rule: hostile('Every finding cites a source.', 300),
    reason: hostile('Three refines in a row asked for sources.', 600),
    ...overrides,
  };
}

export function buildChannelDigest(overrides: Partial<ChannelDigestArtifact> = {}): ChannelDigestArtifact {
  const at = 'https://example.slack.com/archives/C0ENG/p1764700000000100';
  return {
    channel: hostile('#eng', 80),
    quiet: false,
    summary: hostile('The team settled on Agenda and argued about retries.', 500),
    decisions: [{ decision: hostile('Use Agenda for the job queue', 300), permalink: at }],
    open_questions: [{ question: hostile('Who owns the retry policy?', 300), asked_by: hostile('Ana', 80), permalink: 'https://evil.example/phish' }],
    action_items: [buildActionItem()],
    notable_threads: [{ topic: hostile('Retry storms', 200), why: hostile('Two outages last month', 300), permalink: at }],
    ...overrides,
  };
}

export function buildPrReview(overrides: Partial<PrReviewArtifact> = {}): PrReviewArtifact {
  return {
    pull_request: 'acme/web#42',
    verdict: 'needs changes',
    risk_summary: hostile('The retry loop can spin forever when the payment API is down.', 600),
    risky_changes: [{ file: 'src/pay.ts', line: 12, why: hostile('No upper bound on retries.', 300), severity: 'high' }],
    coverage_gaps: [{ file: 'src/pay.ts', line: null, what: hostile('The retry path has no test.', 300) }],
    antipatterns: [{ file: 'src/pay`<!channel>.ts', line: 3, pattern: hostile('busy wait', 100), why: hostile('Blocks the event loop.', 300) }],
    suggestions: [hostile('Add a retry budget.', 300)],
    ...overrides,
  };
}

export function buildDeps(overrides: Partial<DepsArtifact> = {}): DepsArtifact {
  return {
    repository: 'acme/web',
    summary: hostile('lodash has an open prototype-pollution alert; express is one minor behind.', 600),
    steps: [
      { step: 1, package: 'lodash', ecosystem: 'npm', current_version: '4.17.20', target_version: '4.17.21', kind: 'security', risk: 'low', why: hostile('Fixes the open alert; a patch release.', 300), advisory: 'GHSA-35jh-r3h4-6jhm', pull_request: null },
      { step: 2, package: 'express', ecosystem: 'npm', current_version: '4.18.2', target_version: '4.19.2', kind: 'minor', risk: 'low', why: hostile('Dependabot already opened it.', 300), advisory: null, pull_request: 12 },
      { step: 3, package: 'github.com/gin-gonic/gin', ecosystem: 'go', current_version: 'v1.9.1', target_version: 'v1.10.0', kind: 'minor', risk: 'medium', why: hostile('Router changes.', 300), advisory: null, pull_request: null },
    ],
    ...overrides,
  };
}

export function buildPrSummary(overrides: Partial<PrSummaryArtifact> = {}): PrSummaryArtifact {
  const pull = (number: number, title: string) => ({ number, title: hostile(title, 120), author: hostile('ana', 60), url: `https://github.com/acme/web/pull/${number}` });
  return {
    headline: hostile('Two reviews have waited over a week; checkout is red on main.', 300),
    repositories: [
      {
        repository: 'acme/web',
        summary: hostile('A busy day: three opened, two merged.', 400),
        opened: [pull(12, 'Add login')],
        merged: [pull(10, 'Retry payments')],
        closed: [pull(9, 'Old approach')],
        waiting_for_review: [{ ...pull(3, 'Dark mode'), waiting_days: 9, requested: [hostile('bob', 80), '@acme/design'] }],
        failing_checks: [{ ...pull(4, 'Bump deps'), checks: [hostile('ci', 100)] }],
        stale: [{ ...pull(5, 'Spike: GraphQL'), idle_days: 20 }],
      },
    ],
    ...overrides,
  };
}

export function buildTechDebt(overrides: Partial<TechDebtArtifact> = {}): TechDebtArtifact {
  return {
    repository: 'acme/web',
    summary: hostile('Billing is the debt to pay down first: large, changed every week, full of FIXMEs.', 700),
    items: [
      { rank: 2, area: 'src/api', what: hostile('Route handlers repeat validation.', 300), evidence: hostile('14 commits in 90 days; issue #12.', 300), effort: 'M', impact: 'medium' },
      { rank: 1, area: 'src/legacy/billing.ts', what: hostile('One 180 KB module does pricing, invoices and tax.', 300), evidence: hostile('TODO, FIXME, HACK; 182 KB; 9 commits.', 300), effort: 'L', impact: 'high' },
    ],
    ...overrides,
  };
}
