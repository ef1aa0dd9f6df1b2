import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { violationsIn } from '../support/block-kit-limits';
import { injectionsIn } from '../support/injection-sweep';
import { ACTIONS } from '../../src/views/slack-ids';
import { buttonsOf, delegateCommand, itemRow, refOf, waitForCard } from '../support/scenario';
import { startTestApp, type TestApp } from '../support/test-app';

// An install with Slack tokens but no model yet: the app runs, and says what to set.
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ env: { OPENAI_API_KEY: '', OPENAI_BASE_URL: '' } });
});
afterAll(() => t?.stop());

afterEach(() => {
  expect(violationsIn(t.slack.calls)).toEqual([]);
  expect(injectionsIn(t.slack.calls)).toEqual([]);
});

describe('without a model configured', () => {
  it('starts, accepts work, and fails each run with a card that says exactly what to set', async () => {
    expect(t.config.model.configured).toBe(false);
    await delegateCommand(t, 'research: anything');
    const card = await waitForCard(t, (c) => buttonsOf(c).some((b) => b.action_id === ACTIONS.retry));
    const text = JSON.stringify(card.body.blocks);
    expect(text).toContain('No model is configured');
    expect(text).toContain('OPENAI_API_KEY');
    expect(text).toContain('OPENAI_BASE_URL');
    expect(t.openai.requests).toEqual([]);
    const row = await itemRow(t, refOf(card, ACTIONS.retry).itemId);
    expect(row.status).toBe('failed');
  });
});
