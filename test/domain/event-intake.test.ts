import { describe, expect, it } from 'vitest';
import { decideIntake, type IntakeState, type WatchedEvent } from '../../src/domain/event-intake';

const base: IntakeState = { item: null, waiting: false, openCount: 0, wipLimit: 5, startedLastHour: 0, rateLimit: 20 };
const at = (o: Partial<IntakeState>): IntakeState => ({ ...base, ...o });
const item = (status: NonNullable<IntakeState['item']>['status']) => ({ id: 'i1', status });
const ready: WatchedEvent = { kind: 'pr_ready', key: 'k', draft: false };
const firing = (critical = false): WatchedEvent => ({ kind: 'alert_firing', key: 'k', critical });

describe('decideIntake', () => {
  it.each<[string, WatchedEvent, IntakeState, ReturnType<typeof decideIntake>]>([
    ['a PR opened: starts', ready, base, { type: 'start', overLimit: false }],
    ['a draft PR: nothing until it is ready', { kind: 'pr_ready', key: 'k', draft: true }, base, { type: 'ignore', why: 'draft' }],
    ['reopened while its review waits: nothing new', ready, at({ item: item('awaiting_review') }), { type: 'ignore', why: 'already_open' }],
    ['reopened after the review was approved: a new review', ready, at({ item: item('completed') }), { type: 'start', overLimit: false }],
    ['already deferred: not twice', ready, at({ waiting: true }), { type: 'ignore', why: 'already_waiting' }],
    ['at the WIP limit: deferred', ready, at({ openCount: 5 }), { type: 'defer' }],
    ['past the hourly rate: storm', ready, at({ startedLastHour: 20 }), { type: 'storm' }],
    ['storm before the limit', ready, at({ startedLastHour: 20, openCount: 9 }), { type: 'storm' }],
    ['new commits on a review waiting for the person: a new version', { kind: 'pr_updated', key: 'k' }, at({ item: item('awaiting_review') }), { type: 'rerun' }],
    ['new commits while the review runs: it reads them', { kind: 'pr_updated', key: 'k' }, at({ item: item('running') }), { type: 'ignore', why: 'not_reviewed_yet' }],
    ['new commits while deferred: it reads them when it starts', { kind: 'pr_updated', key: 'k' }, at({ waiting: true }), { type: 'ignore', why: 'not_reviewed_yet' }],
    ['new commits after the review was approved: nothing', { kind: 'pr_updated', key: 'k' }, at({ item: item('completed') }), { type: 'ignore', why: 'nothing_open' }],
    ['closed while its review waits: superseded', { kind: 'pr_closed', key: 'k' }, at({ item: item('awaiting_review') }), { type: 'supersede' }],
    ['closed while its review runs: superseded', { kind: 'pr_closed', key: 'k' }, at({ item: item('running') }), { type: 'supersede' }],
    ['closed while deferred: the waiting event goes', { kind: 'pr_closed', key: 'k' }, at({ waiting: true }), { type: 'drop_waiting' }],
    ['closed after approval: nothing', { kind: 'pr_closed', key: 'k' }, at({ item: item('approved') }), { type: 'ignore', why: 'nothing_open' }],
    ['a new alert group: starts', firing(), base, { type: 'start', overLimit: false }],
    ['the group fires again: the same item', firing(), at({ item: item('awaiting_review') }), { type: 'notify_again' }],
    ['fires again while deferred: still one', firing(), at({ waiting: true }), { type: 'ignore', why: 'already_waiting' }],
    ['a new alert at the limit: deferred', firing(), at({ openCount: 5 }), { type: 'defer' }],
    ['a critical alert at the limit: starts, past it', firing(true), at({ openCount: 5 }), { type: 'start', overLimit: true }],
    ['a critical alert under the limit: starts', firing(true), base, { type: 'start', overLimit: false }],
    ['a critical storm is still one storm card', firing(true), at({ startedLastHour: 20 }), { type: 'storm' }],
    ['resolved while its triage waits: resolve', { kind: 'alert_resolved', key: 'k' }, at({ item: item('awaiting_review') }), { type: 'resolve' }],
    ['resolved while deferred: the waiting event goes', { kind: 'alert_resolved', key: 'k' }, at({ waiting: true }), { type: 'drop_waiting' }],
    ['resolved with nothing open: nothing', { kind: 'alert_resolved', key: 'k' }, base, { type: 'ignore', why: 'nothing_open' }],
  ])('%s', (_name, event, state, expected) => expect(decideIntake(event, state)).toEqual(expected));
});
