import { describe, expect, it } from 'vitest';
import { ACTIONS, HOME_ACTIONS, SCHEDULE_ACTIONS, SPEC_ACTIONS } from '../../src/views/slack-ids';
import { DEFAULT_PAGES, backlogLine, gauge, renderHome, retroSection, type HomeItem, type HomeModel, type RetroRow } from '../../src/views/home';
import { blockKitViolations } from '../support/block-kit-limits';

const NOW = new Date('2026-11-24T10:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function buildHomeItem(n: number, overrides: Partial<HomeItem> = {}): HomeItem {
  return { id: id(n), agent: 'research', instructions: `question ${n}`, status: 'awaiting_review', version: 1, since: hoursAgo(n), ...overrides };
}

function buildRetroRow(overrides: Partial<RetroRow> = {}): RetroRow {
  return { agent: 'research', specVersion: 1, canTighten: true, runs: 10, approved: 7, refined: 2, rejected: 1, medianDecisionMs: 3 * 3_600_000, medianReviewWaitMs: 3_600_000, unreadCitations: 0, ...overrides };
}

function buildHomeModel(overrides: Partial<HomeModel> = {}): HomeModel {
  return {
    isNew: false,
    open: 0,
    limit: 5,
    review: [],
    failed: [],
    running: [],
    inProgress: [],
    assigned: [],
    schedules: [],
    watches: [],
    completed: { items: [], total: 0 },
    retro: [],
    trust: { rows: [], promoteAfter: 5 },
    pages: DEFAULT_PAGES,
    ...overrides,
  };
}

const actionIds = (blocks: any[]) =>
  blocks.flatMap((b) => [...(b.type === 'actions' ? b.elements.map((e: any) => e.action_id) : []), ...(b.accessory ? [b.accessory.action_id] : [])]);
const home = (m: HomeModel) => renderHome(m, NOW);
const asMessage = (view: { blocks: unknown[] }) => ({ view });

describe('renderHome', () => {
  it('lists what others assigned to the person, with a link to the DM, escaped', () => {
    const view = home(
      buildHomeModel({
        assigned: [{ description: '<!here> Roll back 4512', due: '2026-12-01', priority: 'critical', fromId: 'U0BOSS', agent: 'triage', link: 'https://example.slack.com/archives/D1/p1' }],
      }),
    );
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('*Assigned to you* (1)');
    expect(text).toContain("*&lt;!here&gt; Roll back 4512* · due 2026-12-01 · critical · from <@U0BOSS>'s `triage` · <https://example.slack.com/archives/D1/p1|DM>");
    expect(blockKitViolations(asMessage(view))).toEqual([]);
  });

  it('shows no assigned section when nothing was assigned', () => {
    expect(JSON.stringify(home(buildHomeModel()).blocks)).not.toContain('Assigned to you');
  });

  it('a new person sees a short welcome with three example commands', () => {
    const view = home(buildHomeModel({ isNew: true }));
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('Welcome to Delegate');
    expect(text.match(/`\/delegate /g)).toHaveLength(3);
    expect(blockKitViolations(asMessage(view))).toEqual([]);
  });

  it('Settings is on every Home: the welcome and the dashboard open the same settings form', () => {
    for (const isNew of [true, false]) {
      const settings = home(buildHomeModel({ isNew })).blocks.flatMap((b: any) => (b.accessory ? [b.accessory] : []));
      expect(settings, isNew ? 'welcome' : 'dashboard').toContainEqual(expect.objectContaining({ action_id: HOME_ACTIONS.settings, text: expect.objectContaining({ text: 'Settings' }) }));
    }
  });

  it('a busy person sees every section, in order, with the buttons to act', () => {
    const view = home(
      buildHomeModel({
        open: 4,
        review: [buildHomeItem(3, { stale: true, preview: 'pg-boss vs Agenda: use Agenda' }), buildHomeItem(1)],
        failed: [buildHomeItem(5, { status: 'failed', reason: 'The model timed out' })],
        running: [buildHomeItem(6, { status: 'running' })],
        schedules: [{ id: id(9), agent: 'summarize', instructions: 'alerts', schedule: { cadence: { kind: 'weekdays', at: { hour: 9, minute: 0 } }, mode: 'run_at' }, state: 'active', nextRun: hoursAgo(-20), deferredSince: hoursAgo(2), deferredCount: 2 }],
        completed: { items: [buildHomeItem(7, { status: 'approved' })], total: 1 },
        retro: [buildRetroRow()],
      }),
    );
    const text = JSON.stringify(view.blocks);
    const order = ['WIP 4 / 5', 'Needs your review', '*Failed*', 'Running and queued', 'Approved and in progress', 'Scheduled agents', 'Recently completed', 'Retro'];
    const positions = order.map((s) => text.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text).toContain('2 need your review — oldest 3 h');
    expect(text.indexOf('question 3')).toBeLessThan(text.indexOf('question 1')); // oldest first
    expect(text).toContain(':warning: *stale*');
    expect(text).toContain('pg-boss vs Agenda: use Agenda');
    expect(text).toContain('*summarize* every weekday at 9:00');
    expect(text).toContain('waiting for room for 2 h (2 due runs)');
    expect(text).toContain('approved 70% · refined 20% · rejected 10%');
    expect(text).toContain('*Approved and in progress*: none'); // empty sections collapse to one line
    expect(actionIds(view.blocks)).toEqual([
      HOME_ACTIONS.settings,
      ACTIONS.approve, ACTIONS.refine, ACTIONS.reject,
      ACTIONS.approve, ACTIONS.refine, ACTIONS.reject,
      ACTIONS.retry, ACTIONS.cancel,
      SCHEDULE_ACTIONS.pause, SCHEDULE_ACTIONS.runNow,
      SPEC_ACTIONS.tighten,
    ]);
    expect(blockKitViolations(asMessage(view))).toEqual([]);
  });

  it('shows each agent\'s trust level and track record after the retro', () => {
    const view = home(
      buildHomeModel({
        trust: {
          promoteAfter: 5,
          rows: [
            { agent: 'research', record: { level: 'propose', streak: 3, approvals: 8, refines: 1, rejects: 0, undos: 0 }, reason: null },
            { agent: 'triage', record: { level: 'act', streak: 6, approvals: 6, refines: 0, rejects: 0, undos: 0 }, reason: '6 approvals in a row, and you said so' },
          ],
        },
      }),
    );
    const text = JSON.stringify(view.blocks);
    expect(text.indexOf('*Trust*')).toBeGreaterThan(text.indexOf('Retro'));
    expect(text).toContain('*research* proposes (actions wait for your approval)');
    expect(text).toContain('8 approved · 1 refined · 0 rejected · streak 3 · 2 more approvals in a row before it may act');
    expect(text).toContain('*triage* acts without asking (you can undo for a while) (6 approvals in a row, and you said so)');
  });

  it('10,000 items of history: at most 100 blocks, long sections paginate', () => {
    const review = Array.from({ length: 45 }, (_, i) => buildHomeItem(i + 1, { stale: true }));
    const completed = { items: Array.from({ length: 10 }, (_, i) => buildHomeItem(100 + i, { status: 'approved' })), total: 10_000 - 45 };
    const t0 = performance.now();
    const view = home(buildHomeModel({ open: 45, limit: 50, review, completed }));
    const ms = performance.now() - t0;
    console.log(`renderHome with 10,000 historical items: ${view.blocks.length} blocks in ${ms.toFixed(2)} ms`);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(JSON.stringify(view.blocks)).toContain('Show 10 more');
    expect(actionIds(view.blocks).filter((a) => a === HOME_ACTIONS.more)).toHaveLength(2);
    expect(blockKitViolations(asMessage(view))).toEqual([]);
  });

  it('even when every page is opened wide, it stays inside 100 blocks with a notice', () => {
    const review = Array.from({ length: 60 }, (_, i) => buildHomeItem(i + 1));
    const view = home(buildHomeModel({ open: 60, limit: 50, review, pages: { review: 60, completed: 10 } }));
    expect(view.blocks.length).toBe(100);
    expect(JSON.stringify(view.blocks.at(-1))).toContain('More than fits here');
  });
});

describe('gauge and backlog line', () => {
  it.each([
    [0, 5, '▱▱▱▱▱▱▱▱▱▱'],
    [4, 5, '▰▰▰▰▰▰▰▰▱▱'],
    [5, 5, '▰▰▰▰▰▰▰▰▰▰'],
    [7, 5, '▰▰▰▰▰▰▰▰▰▰'],
  ])('%i of %i → %s', (open, limit, bar) => {
    expect(gauge(open, limit)).toBe(bar);
  });

  it('says nothing is open, or how many need review and the oldest', () => {
    expect(backlogLine(buildHomeModel(), NOW)).toBe('Nothing open: your agents are idle.');
    expect(backlogLine(buildHomeModel({ open: 2, review: [buildHomeItem(72)] }), NOW)).toBe('1 needs your review — oldest 3 days.');
  });
});

describe('retroSection', () => {
  it('splits each agent by spec version, with one Tighten button per agent on Home', () => {
    const rows = [
      buildRetroRow({ specVersion: 1, runs: 4, approved: 1 }),
      buildRetroRow({ specVersion: 2, runs: 5, approved: 4 }),
      buildRetroRow({ specVersion: null, runs: 1, approved: 0, refined: 0, rejected: 0 }),
      buildRetroRow({ agent: 'spec-coach', canTighten: false, runs: 1, approved: 1, refined: 0, rejected: 0 }),
    ];
    const blocks = retroSection(rows, { tighten: true }) as any[];
    const text = JSON.stringify(blocks);
    expect(text).toContain('*research@1*: 4 runs · approved 25%');
    expect(text).toContain('*research@2*: 5 runs · approved 80%');
    expect(text).toContain('*research* (no result yet): 1 runs');
    expect(text.indexOf('research@1')).toBeLessThan(text.indexOf('research@2'));
    const buttons = blocks.filter((b) => b.accessory).map((b) => [b.block_id, b.accessory.action_id, JSON.parse(b.accessory.value)]);
    expect(buttons).toEqual([['retro-spec:research', SPEC_ACTIONS.tighten, { agent: 'research' }]]);
    expect(blockKitViolations({ text: 'retro', blocks })).toEqual([]);
  });

  it('counts citations of sources the agent did not read, per spec version', () => {
    const text = JSON.stringify(retroSection([buildRetroRow({ specVersion: 1, unreadCitations: 3 }), buildRetroRow({ specVersion: 2, unreadCitations: 1 }), buildRetroRow({ specVersion: 3 })]));
    expect(text).toContain('(medians) · :warning: 3 citations not read');
    expect(text).toContain('(medians) · :warning: 1 citation not read');
    expect(text.match(/not read/g)).toHaveLength(2);
  });

  it('has no buttons where they are not asked for (the weekly retro post)', () => {
    expect((retroSection([buildRetroRow()]) as any[]).filter((b) => b.accessory)).toEqual([]);
  });
});

describe('Home lists watches next to the schedules', () => {
  it('shows each watch with what waits and its buttons, and nothing when there is none', () => {
    const watch = { id: '00000000-0000-4000-8000-000000000001', sourceKind: 'github' as const, repo: 'acme/web', agent: 'pr-review', filters: {}, channelId: null, state: 'active' as const, hourlyLimit: 20 };
    const text = JSON.stringify(renderHome(buildHomeModel({ watches: [{ watch, waiting: 4, storm: 0 }] }), NOW).blocks);
    expect(text).toContain('*Watches* (1)');
    expect(text).toContain('PRs opened or ready for review in acme/web start *pr-review*');
    expect(text).toContain('4 PRs waiting to be reviewed');
    expect(text).toContain('watch.pause');
    expect(JSON.stringify(renderHome(buildHomeModel(), NOW).blocks)).not.toContain('Watches');
  });
});
