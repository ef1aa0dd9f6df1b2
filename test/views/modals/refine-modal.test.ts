import { describe, expect, it } from 'vitest';
import { INPUTS } from '../../../src/views/slack-ids';
import { refineModal } from '../../../src/views/modals/refine-modal';

const blockIds = (view: { blocks: any[] }) => view.blocks.map((b) => b.block_id).filter(Boolean);

describe('refineModal', () => {
  it.each([
    [{}, true],
    [{ offerRule: false }, false],
  ])('%j → "Make this a rule" shown: %s', (opts, shown) => {
    const view = refineModal({ itemId: '6f1c2a9e-0000-4000-8000-000000000001', version: 1 }, 'research', opts);
    expect(blockIds(view).includes(INPUTS.refineAsRule.block)).toBe(shown);
    if (shown) expect(JSON.stringify(view.blocks)).toContain('Make this a rule for research');
  });
});
