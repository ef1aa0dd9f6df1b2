import { describe, expect, it } from 'vitest';
import { injectionsIn, injectionsInBody } from './injection-sweep';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('injection sweep', () => {
  it('catches a planted broadcast in the text fallback, in a block and in a view', () => {
    expect(injectionsInBody({ channel: 'C1', text: 'Research: <!channel> look' })).toEqual(['text: <!channel> (not written by the app)']);
    expect(injectionsInBody({ text: 'ok', blocks: [section('fine'), section('hey <!here>')] })).toEqual(['blocks[1].text.text: <!here> (not written by the app)']);
    expect(injectionsInBody({ user_id: 'U1', view: { type: 'home', blocks: [{ type: 'header', text: { type: 'plain_text', text: '<!everyone>' } }] } })).toEqual([
      'view.blocks[0].text.text: <!everyone> (not written by the app)',
    ]);
    expect(injectionsInBody({ view: { type: 'modal', title: { type: 'plain_text', text: '<!subteam^S1>' }, blocks: [] } })).toHaveLength(1);
  });

  it('catches links elsewhere than the workspace, and the ids the hostile artifacts plant', () => {
    const found = injectionsInBody({
      text: '<https://evil.example|click> <http://example.slack.com/x> <https://example.slack.com.evil.example/|x> <@U0VICTIM> <#C0SECRET> <@U1|name> <mailto:a@b.c>',
    });
    expect(found).toEqual([
      'text: <https://evil.example|click> (not written by the app)',
      'text: <http://example.slack.com/x> (not written by the app)',
      'text: <https://example.slack.com.evil.example/|x> (not written by the app)',
      'text: <@U0VICTIM> (planted id)',
      'text: <#C0SECRET> (planted id)',
      'text: <@U1|name> (not written by the app)',
      'text: <mailto:a@b.c> (not written by the app)',
    ]);
  });

  it("allows the app's own mentions, channel links, dates and workspace permalinks, and escaped text", () => {
    const body = {
      text: 'Asked by <@U0OWNER> in <#C0CHAN> · <!date^1700000000^{date_short_pretty} at {time}|2023-11-14T22:13:20.000Z>',
      blocks: [section('<https://example.slack.com/archives/C1/p1|Open the card> · &lt;!channel&gt; &lt;https://evil.example|click&gt;')],
    };
    expect(injectionsInBody(body)).toEqual([]);
  });

  it('skips what a person never sees (button values, metadata), and names the call', () => {
    const button = { type: 'button', text: { type: 'plain_text', text: 'Go' }, action_id: 'a', value: '{"note":"<!channel>"}' };
    expect(injectionsInBody({ text: 'x', blocks: [{ type: 'actions', elements: [button] }], private_metadata: '<!here>' } as any)).toEqual([]);
    const calls = [
      { method: 'chat.postMessage', body: { text: 'fine' } },
      { method: 'response_url', body: { text: 'x', blocks: [section('<!here>')] } },
    ];
    expect(injectionsIn(calls)).toEqual(['response_url: blocks[0].text.text: <!here> (not written by the app)']);
  });
});
