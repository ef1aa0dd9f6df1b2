import { z } from 'zod';

/**
 * Alert notifications, parsed at the webhook: Alertmanager's webhook (version 4) and a small
 * generic shape for anything else (Grafana contact points, scripts). Both become one
 * `AlertGroup`, keyed so that repeated notifications of a firing group find the same item.
 */
const labels = z.record(z.string(), z.string());

const alertmanagerAlert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels,
  annotations: labels.default({}),
  startsAt: z.string(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().optional(),
});

export const alertmanagerBody = z.object({
  version: z.literal('4'),
  groupKey: z.string().min(1).max(2_000),
  truncatedAlerts: z.number().int().min(0).default(0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string(),
  groupLabels: labels.default({}),
  commonLabels: labels.default({}),
  commonAnnotations: labels.default({}),
  externalURL: z.string().optional(),
  alerts: z.array(alertmanagerAlert).max(1_000),
});

/** The generic shape (documented in docs/usage.md): one alert group per body. */
export const genericAlertBody = z.object({
  key: z.string().min(1).max(500),
  status: z.enum(['firing', 'resolved']),
  title: z.string().min(1).max(500),
  severity: z.string().max(64).optional(),
  description: z.string().max(4_000).optional(),
  url: z.string().max(2_000).optional(),
  labels: labels.optional(),
});

export interface AlertGroup {
  source: 'alertmanager' | 'generic';
  /** Alertmanager's groupKey, or the generic key: one item per group. */
  key: string;
  status: 'firing' | 'resolved';
  title: string;
  severity: string | null;
  receiver: string | null;
  labels: Record<string, string>;
  alerts: Array<{ fingerprint: string | null; status: string; labels: Record<string, string>; summary: string | null; startsAt: string; url: string | null }>;
  truncated: number;
  url: string | null;
}

export function parseAlertBody(body: unknown): { ok: true; group: AlertGroup } | { ok: false; issues: string } {
  const am = alertmanagerBody.safeParse(body);
  if (am.success) return { ok: true, group: fromAlertmanager(am.data) };
  const generic = genericAlertBody.safeParse(body);
  if (generic.success) return { ok: true, group: fromGeneric(generic.data) };
  // Name the closest shape's problems: a body with `version` meant Alertmanager's.
  const closest = typeof body === 'object' && body !== null && 'version' in body ? am : generic;
  return { ok: false, issues: z.prettifyError(closest.error).slice(0, 500) };
}

function fromAlertmanager(b: z.infer<typeof alertmanagerBody>): AlertGroup {
  const title = b.commonAnnotations.summary ?? b.commonLabels.alertname ?? b.groupLabels.alertname ?? 'Alert';
  return {
    source: 'alertmanager',
    key: b.groupKey,
    status: b.status,
    title,
    severity: b.commonLabels.severity ?? null,
    receiver: b.receiver,
    labels: { ...b.commonLabels, ...b.groupLabels },
    alerts: b.alerts.map((a) => ({
      fingerprint: a.fingerprint ?? null,
      status: a.status,
      labels: a.labels,
      summary: a.annotations.summary ?? a.annotations.description ?? null,
      startsAt: a.startsAt,
      url: a.generatorURL ?? null,
    })),
    truncated: b.truncatedAlerts,
    url: b.externalURL ?? null,
  };
}

function fromGeneric(b: z.infer<typeof genericAlertBody>): AlertGroup {
  return {
    source: 'generic',
    key: b.key,
    status: b.status,
    title: b.title,
    severity: b.severity ?? b.labels?.severity ?? null,
    receiver: null,
    labels: b.labels ?? {},
    alerts: [{ fingerprint: null, status: b.status, labels: b.labels ?? {}, summary: b.description ?? null, startsAt: '', url: b.url ?? null }],
    truncated: 0,
    url: b.url ?? null,
  };
}

/** Severities that start at once, past the WIP limit (the card says so). */
const CRITICAL = new Set(['critical', 'sev1', 'p1', 'page']);
export const isCritical = (group: Pick<AlertGroup, 'severity'>) => CRITICAL.has((group.severity ?? '').toLowerCase());

/** Whether a watch's filters take this group: every filter named must match. */
export function matchesFilters(group: AlertGroup, filters: { severity?: string; receiver?: string; labels?: Record<string, string> }): boolean {
  if (filters.severity && filters.severity.toLowerCase() !== (group.severity ?? '').toLowerCase()) return false;
  if (filters.receiver && filters.receiver !== group.receiver) return false;
  return Object.entries(filters.labels ?? {}).every(([k, v]) => group.labels[k] === v);
}
