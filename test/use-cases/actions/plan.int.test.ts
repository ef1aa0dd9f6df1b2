import { describe, expect, it } from 'vitest';
import type { DirectoryUser } from '../../../src/domain/action-plan';
import { setSelection } from '../../../src/repositories/item-actions';
import { notesFor, planActions } from '../../../src/use-cases/actions/plan';
import { buildActionItem, buildResearch, buildTriage } from '../../specs/builders';
import { useFakeDeps, type FakeDeps } from '../../support/fake-deps';
import { actionRows, delegated, textOf } from '../../support/use-case-steps';

const getDeps = useFakeDeps({ env: { INCIDENT_CHANNEL: 'C0INCIDENT' } });

const ANA: DirectoryUser = { id: 'U0ANA', name: 'ana', displayName: 'Ana', realName: 'Ana Silva' };
const LEE: DirectoryUser = { id: 'U0LEE', name: 'lee', displayName: 'Lee', realName: 'Lee Chan' };
const item = (owner: string) => buildActionItem({ owner });

async function newItem(deps: FakeDeps, userId: string, opts: { publishChannelId?: string; agent?: string } = {}) {
  const row = await delegated(deps, { userId, channelId: 'C0WORK', ...opts });
  deps.slack.calls.length = 0; // the first-use time zone read
  return row;
}

describe('planActions', () => {
  it('a plan that names nobody does not read the member list: only the publish row', async () => {
    const deps = getDeps();
    const row = await newItem(deps, 'U0PLAN1', { publishChannelId: 'C0PUB' });

    await planActions(deps, row, 1, buildResearch({ action_items: [] }), 'propose');

    expect(deps.slack.callsTo('members')).toEqual([]);
    expect((await actionRows(deps.db, row.id)).map((a) => [a.key, a.status, a.selected])).toEqual([['publish:C0PUB', 'planned', true]]);
  });

  it('owners named in the plan are resolved against the members, read once: one DM row per person', async () => {
    const deps = getDeps();
    deps.slack.directory = [ANA, LEE];
    const row = await newItem(deps, 'U0PLAN2');
    const artifact = buildResearch({ action_items: [item('Ana'), item('@lee'), item('Ana Silva')] });

    await planActions(deps, row, 1, artifact, 'propose');

    expect(deps.slack.callsTo('members')).toHaveLength(1);
    const rows = await actionRows(deps.db, row.id);
    expect(rows.map((a) => [a.key, a.assigneeId])).toEqual([
      ['assign:U0ANA', 'U0ANA'],
      ['assign:U0LEE', 'U0LEE'],
    ]);
    const ana = rows[0]!.params;
    expect(ana.kind === 'assign' && ana.items.map((i) => i.owner)).toEqual(['Ana', 'Ana Silva']);
    expect(notesFor(deps, row, artifact, rows)).toEqual([]);
  });

  it('someone who is not a member gets no row, and the card’s notes name them', async () => {
    const deps = getDeps();
    deps.slack.directory = [ANA];
    const row = await newItem(deps, 'U0PLAN3');
    const artifact = buildResearch({ action_items: [item('Ana'), item('Zed')] });

    await planActions(deps, row, 1, artifact, 'propose');

    const rows = await actionRows(deps.db, row.id);
    expect(rows.map((a) => a.key)).toEqual(['assign:U0ANA']);
    expect(notesFor(deps, row, artifact, rows)).toEqual([{ code: 'owners_unresolved', owners: ['Zed'] }]);
    expect(deps.slack.callsTo('tell')).toEqual([]);
  });

  it('an unreadable member list: nobody is assigned, the rest is planned, and the owner is told why where the card is', async () => {
    const deps = getDeps();
    deps.slack.directory = [ANA];
    deps.slack.failNext('members', 'missing_scope');
    const row = await newItem(deps, 'U0PLAN4', { publishChannelId: 'C0PUB' });

    await planActions(deps, row, 1, buildResearch({ action_items: [item('Ana')] }), 'propose');

    expect((await actionRows(deps.db, row.id)).map((a) => a.key)).toEqual(['publish:C0PUB']);
    const [told] = deps.slack.callsTo('tell');
    expect(told?.to).toEqual({ userId: 'U0PLAN4', channelId: 'C0WORK' });
    expect(textOf(told!.message)).toContain("couldn't read the workspace's member list");
    expect(textOf(told!.message)).toContain('`missing_scope`');
  });

  it('telling the owner failing as well still leaves the plan in place (logged)', async () => {
    const deps = getDeps();
    deps.slack.failNext('members', 'ratelimited');
    deps.slack.failNext('tell', 'channel_not_found');
    const row = await newItem(deps, 'U0PLAN5', { publishChannelId: 'C0PUB' });

    await planActions(deps, row, 1, buildResearch({ action_items: [item('Ana')] }), 'propose');

    expect((await actionRows(deps.db, row.id)).map((a) => a.key)).toEqual(['publish:C0PUB']);
    expect(deps.logger.at('error').join('\n')).toContain('Could not tell U0PLAN5');
  });

  it('an agent that only observes is offered nothing, and the member list is not read', async () => {
    const deps = getDeps();
    const row = await newItem(deps, 'U0PLAN6', { publishChannelId: 'C0PUB' });
    await planActions(deps, row, 1, buildResearch({ action_items: [item('Ana')] }), 'observe');
    expect(deps.slack.calls).toEqual([]);
    expect(await actionRows(deps.db, row.id)).toEqual([]);
  });

  it('triage: an escalation posts in the configured incident channel and DMs its target when a member', async () => {
    const deps = getDeps();
    deps.slack.directory = [ANA];
    const row = await newItem(deps, 'U0PLAN7', { agent: 'triage' });

    await planActions(deps, row, 1, buildTriage({ next_steps: [], escalate_to: 'ana' }), 'propose');

    expect(deps.slack.callsTo('members')).toHaveLength(1);
    expect((await actionRows(deps.db, row.id)).map((a) => a.params)).toEqual([
      { kind: 'escalate_dm', userId: 'U0ANA', name: 'ana' },
      { kind: 'escalate_post', channelId: 'C0INCIDENT', target: 'ana' },
    ]);
  });

  it('planning the same version twice is harmless: the rows are not doubled and keep their choices', async () => {
    const deps = getDeps();
    deps.slack.directory = [ANA];
    const row = await newItem(deps, 'U0PLAN8', { publishChannelId: 'C0PUB' });
    const artifact = buildResearch({ action_items: [item('Ana')] });
    await planActions(deps, row, 1, artifact, 'propose');
    const first = await actionRows(deps.db, row.id);
    await setSelection(deps.db, row.id, 1, first.map((a) => a.id), []); // the owner unticked everything

    await planActions(deps, row, 1, artifact, 'propose');

    const again = await actionRows(deps.db, row.id);
    expect(again.map((a) => [a.id, a.selected])).toEqual(first.map((a) => [a.id, false]));
  });
});
