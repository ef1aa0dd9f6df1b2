import type { Status } from './work-item';
import { isOpen } from './work-item';

/**
 * What a watched event does, decided from the event and the state around it (pure). The same
 * rules as a scheduled run: at the WIP limit new work waits, visible and coalesced, and starts
 * as slots free; a critical alert starts at once and says it passed the limit; past a watch's
 * hourly rate limit, events pile into one storm card instead of one item each.
 */
export type WatchedEvent =
  | { kind: 'pr_ready'; key: string; draft: boolean }
  | { kind: 'pr_updated'; key: string }
  | { kind: 'pr_closed'; key: string }
  | { kind: 'alert_firing'; key: string; critical: boolean }
  | { kind: 'alert_resolved'; key: string };

export interface IntakeState {
  /** The latest item this watch started for the event's key (a PR's review, an alert group's triage). */
  item: { id: string; status: Status } | null;
  /** An event for this key is already waiting (deferred at the limit, or in a storm card). */
  waiting: boolean;
  openCount: number;
  wipLimit: number;
  /** Items this watch started in the last hour, and how many it may. */
  startedLastHour: number;
  rateLimit: number;
}

export type IntakeDecision =
  | { type: 'start'; overLimit: boolean }
  | { type: 'defer' }
  | { type: 'storm' }
  | { type: 'rerun' }
  | { type: 'notify_again' }
  | { type: 'supersede' }
  | { type: 'resolve' }
  | { type: 'drop_waiting' }
  | { type: 'ignore'; why: IgnoreReason };

export type IgnoreReason = 'draft' | 'already_open' | 'already_waiting' | 'not_reviewed_yet' | 'nothing_open';

export function decideIntake(event: WatchedEvent, s: IntakeState): IntakeDecision {
  const open = s.item !== null && isOpen(s.item.status);
  switch (event.kind) {
    case 'pr_ready':
      if (event.draft) return ignore('draft');
      if (open) return ignore('already_open');
      if (s.waiting) return ignore('already_waiting');
      return admit(s, false);
    case 'pr_updated':
      // A review waiting for the person is redone on the new commits; one not written yet reads them anyway.
      if (s.item?.status === 'awaiting_review') return { type: 'rerun' };
      return ignore(open || s.waiting ? 'not_reviewed_yet' : 'nothing_open');
    case 'pr_closed':
      if (open) return { type: 'supersede' };
      return s.waiting ? { type: 'drop_waiting' } : ignore('nothing_open');
    case 'alert_firing':
      if (open) return { type: 'notify_again' };
      if (s.waiting) return ignore('already_waiting');
      return admit(s, event.critical);
    case 'alert_resolved':
      if (open) return { type: 'resolve' };
      return s.waiting ? { type: 'drop_waiting' } : ignore('nothing_open');
  }
}

/**
 * New work: a storm first (it protects the person even from critical floods, in one card
 * posted at once), then the WIP limit, which only a critical alert passes.
 */
function admit(s: IntakeState, critical: boolean): IntakeDecision {
  if (s.startedLastHour >= s.rateLimit) return { type: 'storm' };
  const full = s.openCount >= s.wipLimit;
  if (critical) return { type: 'start', overLimit: full };
  return full ? { type: 'defer' } : { type: 'start', overLimit: false };
}

const ignore = (why: IgnoreReason): IntakeDecision => ({ type: 'ignore', why });

/** What an event is about, kept with it (job data, the watch_events row): what the run is asked and the card shows. */
export type EventSubject =
  | { kind: 'pull_request'; owner: string; repo: string; number: number; title: string; url: string; author: string | null }
  | {
      kind: 'alert_group';
      source: 'alertmanager' | 'generic';
      title: string;
      severity: string | null;
      receiver: string | null;
      status: 'firing' | 'resolved';
      url: string | null;
      labels: Record<string, string>;
      /** One line per alert (labels, summary, since), capped: what the agent reads. */
      alerts: string[];
      truncated: number;
    };

/** The request a watched event makes: a PR is named (the agent reads it); an alert is what the agent reads, so the request only points at it. */
export function requestFor(subject: EventSubject): string {
  if (subject.kind === 'pull_request') return `${subject.owner}/${subject.repo}#${subject.number}`;
  const title = subject.title.replace(/\s+/g, ' ').slice(0, 200);
  return `Triage the alert group “${title}”${subject.severity ? ` (severity ${subject.severity})` : ''}: what is happening, how bad, what to do first.`;
}
