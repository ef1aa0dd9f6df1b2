import { createHash } from 'node:crypto';
import type { ReadOutcome } from '../../agents/reading';
import type { EventSubject } from '../../domain/event-intake';
import { eventForItem } from '../../repositories/watches';
import type { Deps } from '../deps';

/**
 * The alert group a watch started this item for, read as data (it is machine text from the
 * monitoring, never instructions): its labels, each alert's labels and summary, and the
 * latest notification's status.
 */
export async function gatherAlert(deps: Pick<Deps, 'db' | 'now'>, itemId: string): Promise<ReadOutcome> {
  const event = await eventForItem(deps.db, itemId);
  if (!event || (event.summary as EventSubject).kind !== 'alert_group') return { blocks: [], evidence: [] };
  const a = event.summary as Extract<EventSubject, { kind: 'alert_group' }>;
  const text = [
    `Alert group (${a.source}${a.receiver ? `, receiver ${a.receiver}` : ''}): ${a.title}`,
    `Status: ${a.status}${event.notifications > 1 ? ` (notified ${event.notifications} times)` : ''}. Severity: ${a.severity ?? 'not given'}.`,
    `Group labels: ${Object.entries(a.labels).map(([k, v]) => `${k}=${v}`).join(' ') || 'none'}`,
    `Alerts (${a.alerts.length}${a.truncated ? `, ${a.truncated} more not sent` : ''}):`,
    ...a.alerts.map((l) => `- ${l}`),
  ].join('\n');
  const ref = a.url ?? `alert:${a.title}`;
  return {
    blocks: [{ kind: 'alert', source: ref, text }],
    evidence: [
      {
        kind: 'alert',
        ref,
        label: `alert: ${a.title.slice(0, 80)}`,
        // The sender's address is given to the model, not linked on the card.
        url: null,
        aliases: [],
        via: 'context',
        at: deps.now(),
        since: null,
        bytes: Buffer.byteLength(text),
        items: a.alerts.length,
        truncated: a.truncated > 0,
        digest: createHash('sha256').update(text).digest('hex'),
        problem: null,
      },
    ],
  };
}
