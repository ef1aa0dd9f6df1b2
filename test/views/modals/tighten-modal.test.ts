import { describe, expect, it } from 'vitest';
import { INPUTS, VIEWS } from '../../../src/views/slack-ids';
import { tightenableFields } from '../../../src/use-cases/specs';
import { tightenModal, type TightenModel } from '../../../src/views/modals/tighten-modal';
import { specs } from '../../../specs/index';
import { research } from '../../../specs/research';
import { blockKitViolations } from '../../support/block-kit-limits';

function buildTightenModel(overrides: Partial<TightenModel> = {}): TightenModel {
  return {
    agent: 'research',
    title: 'Research',
    version: 2,
    fields: tightenableFields(research).map((f) => ({ path: f.path, kinds: f.kinds })),
    inForce: { fields: [{ path: 'title', maxLength: 80 }], rules: [] },
    canApplyForEveryone: false,
    ...overrides,
  };
}

const blockIds = (view: { blocks: any[] }) => view.blocks.map((b) => b.block_id).filter(Boolean);

describe('tightenModal', () => {
  it('offers the fields, the constraint kinds, a value and a rule, and says what is in force', () => {
    const view = tightenModal(buildTightenModel(), { agent: 'research', channelId: 'C1' });
    expect(view.callback_id).toBe(VIEWS.tighten);
    expect(JSON.parse(view.private_metadata!)).toEqual({ agent: 'research', channelId: 'C1' });
    expect(blockIds(view)).toEqual([INPUTS.specField.block, INPUTS.specKind.block, INPUTS.specValue.block, INPUTS.specRule.block]);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('research@2');
    expect(text).toContain('Already in force: `title` at most 80 characters');
    expect(text).toContain('"value":"findings.source"');
    expect(blockKitViolations({ view })).toEqual([]);
  });

  it('adds "apply for everyone" for a workspace admin', () => {
    const view = tightenModal(buildTightenModel({ canApplyForEveryone: true }), { agent: 'research' });
    expect(blockIds(view)).toContain(INPUTS.specEveryone.block);
  });

  it.each(specs.map((s) => [s.name, s] as const))('stays within Slack limits for %s', (_name, spec) => {
    const view = tightenModal(buildTightenModel({ agent: spec.name, fields: tightenableFields(spec).map((f) => ({ path: f.path, kinds: f.kinds })) }), { agent: spec.name });
    expect(blockKitViolations({ view })).toEqual([]);
  });
});
