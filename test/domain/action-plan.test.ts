import { prRefsIn } from '../../src/domain/github-refs';
import { describe, expect, it } from 'vitest';
import {
  allTerminal,
  pickTarget,
  isTerminal,
  planAssignments,
  planEscalation,
  planPublish,
  resolveOwner,
  type ActionStatus,
  type DirectoryUser,
  type PlanContext,
  type PlanNote,
} from '../../src/domain/action-plan';
import { research } from '../../specs/research';
import { summarize } from '../../specs/summarize';
import { triage } from '../../specs/triage';
import { buildActionItem, buildResearch, buildSummarize, buildTriage } from '../specs/builders';

const DIRECTORY: DirectoryUser[] = [
  { id: 'U0ANA', name: 'ana.lima', displayName: 'Ana', realName: 'Ana Lima' },
  { id: 'U0SAM', name: 'sam', displayName: '', realName: 'Sam Okafor' },
  { id: 'U0LEE1', name: 'lee', displayName: 'Lee', realName: 'Lee One' },
  { id: 'U0LEE2', name: 'lee2', displayName: 'Lee', realName: 'Lee Two' },
];

function buildContext(overrides: Partial<PlanContext> = {}): PlanContext {
  return { publishChannelId: null, incidentChannelId: null, resolve: (o) => resolveOwner(o, DIRECTORY), pullRequests: [], repositories: [], ...overrides };
}

describe('resolveOwner', () => {
  it.each([
    ['<@U0ANA>', { ok: true, userId: 'U0ANA' }],
    ['<@U0SAM|sam>', { ok: true, userId: 'U0SAM' }],
    ['@ana.lima', { ok: true, userId: 'U0ANA' }],
    ['ana', { ok: true, userId: 'U0ANA' }],
    ['ANA LIMA', { ok: true, userId: 'U0ANA' }],
    ['  Sam Okafor ', { ok: true, userId: 'U0SAM' }],
    ['u0sam', { ok: true, userId: 'U0SAM' }],
    ['Lee', { ok: false, why: 'ambiguous' }],
    ['the platform team', { ok: false, why: 'unknown' }],
    ['@', { ok: false, why: 'unknown' }],
  ])('%j', (text, expected) => {
    expect(resolveOwner(text, DIRECTORY)).toEqual(expected);
  });

  it('without a directory nobody resolves', () => {
    expect(resolveOwner('Ana', null)).toEqual({ ok: false, why: 'no_directory' });
  });
});

describe('planning', () => {
  it('publish only when a channel is chosen', () => {
    expect(planPublish(buildContext()).actions).toEqual([]);
    expect(planPublish(buildContext({ publishChannelId: 'C0ENG' })).actions).toEqual([
      { key: 'publish:C0ENG', kind: 'publish', params: { kind: 'publish', channelId: 'C0ENG' }, assigneeId: null },
    ]);
  });

  it('one DM per resolved owner with all their items; unresolved owners are named once', () => {
    const items = [
      buildActionItem({ description: 'a', owner: 'Ana' }),
      buildActionItem({ description: 'b', owner: 'Nobody' }),
      buildActionItem({ description: 'c', owner: '<@U0ANA>' }),
      buildActionItem({ description: 'd', owner: 'Nobody' }),
      buildActionItem({ description: 'e', owner: 'Lee' }),
    ];
    const plan = planAssignments(items, buildContext());
    expect(plan.actions).toHaveLength(1);
    expect(plan.actions[0]).toMatchObject({ key: 'assign:U0ANA', kind: 'assign', assigneeId: 'U0ANA' });
    expect(plan.actions[0]!.params).toMatchObject({ kind: 'assign', userId: 'U0ANA', name: 'Ana' });
    expect((plan.actions[0]!.params as { items: unknown[] }).items).toHaveLength(2);
    expect(plan.notes).toEqual([{ code: 'owners_unresolved', owners: ['Nobody', 'Lee'] }]);
  });

  it.each<[string, string | null, string, string[], PlanNote[]]>([
    ['channel and target', 'C0INC', 'Sam Okafor', ['escalate:post:C0INC', 'escalate:dm:U0SAM'], []],
    ['no incident channel', null, 'Sam Okafor', ['escalate:dm:U0SAM'], [{ code: 'no_incident_channel' }]],
    ['unresolved target', 'C0INC', 'payments team', ['escalate:post:C0INC'], [{ code: 'escalation_target_unresolved', target: 'payments team' }]],
    ['neither', null, 'payments team', [], [{ code: 'no_incident_channel' }, { code: 'escalation_target_unresolved', target: 'payments team' }]],
  ])('escalation: %s', (_name, incidentChannelId, target, keys, notes) => {
    const plan = planEscalation(target, buildContext({ incidentChannelId }));
    expect(plan.actions.map((a) => a.key)).toEqual(keys);
    expect(plan.notes).toEqual(notes);
  });

  it('no escalation target, no escalation', () => {
    expect(planEscalation(null, buildContext({ incidentChannelId: 'C0INC' }))).toEqual({ actions: [], notes: [] });
  });

  it('each spec declares what its artifact leads to', () => {
    const ctx = buildContext({ publishChannelId: 'C0ENG', incidentChannelId: 'C0INC' });
    expect(research.actions!(buildResearch({ action_items: [buildActionItem({ owner: 'Ana' })] }), ctx).actions.map((a) => a.key)).toEqual([
      'publish:C0ENG',
      'assign:U0ANA',
    ]);
    expect(summarize.actions!(buildSummarize({ action_items: [buildActionItem({ owner: 'sam' })] }), ctx).actions.map((a) => a.key)).toEqual([
      'publish:C0ENG',
      'assign:U0SAM',
    ]);
    expect(triage.actions!(buildTriage({ escalate_to: 'Ana', next_steps: [buildActionItem({ owner: 'Sam Okafor' })] }), ctx).actions.map((a) => a.key)).toEqual([
      'publish:C0ENG',
      'assign:U0SAM',
      'escalate:post:C0INC',
      'escalate:dm:U0ANA',
    ]);
  });
});

describe('roll-up', () => {
  it.each([
    ['planned', false],
    ['queued', false],
    ['running', false],
    ['succeeded', true],
    ['failed', true],
    ['skipped', true],
    ['undone', true],
  ] as const)('%s terminal: %s', (status, terminal) => {
    expect(isTerminal(status)).toBe(terminal);
  });

  it.each<[ActionStatus[], boolean]>([
    [[], true],
    [['succeeded', 'skipped'], true],
    [['succeeded', 'failed'], true],
    [['succeeded', 'running'], false],
    [['queued'], false],
  ])('%j → finished %s', (statuses, finished) => {
    expect(allTerminal(statuses.map((status) => ({ status })))).toBe(finished);
  });
});

describe('pickTarget: a GitHub hand writes only where the request pointed', () => {
  const a42 = { owner: 'acme', repo: 'web', number: 42 };
  const a7 = { owner: 'acme', repo: 'api', number: 7 };
  it.each([
    ['the named PR, among those requested', 'acme/web#42', [a7, a42], a42],
    ['case does not matter', 'ACME/Web#42', [a42, a7], a42],
    ['a PR the request did not name, with one requested: the requested one', 'evil/repo#1', [a42], a42],
    ['a PR the request did not name, with several requested: none', 'evil/repo#1', [a42, a7], undefined],
    ['nothing requested: none', 'acme/web#42', [], undefined],
  ] as const)('%s', (_name, named, requested, expected) => expect(pickTarget(named, requested, prRefsIn)).toEqual(expected));
});
