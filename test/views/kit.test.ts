import { describe, expect, it } from 'vitest';
import { appWords, button, channelLink, clamp, escapeMrkdwn, fitBlocks, header, link, mention, mrkdwn, plain, section } from '../../src/views/kit';
import { quoteUserText } from '../../src/views/mrkdwn';

describe('escapeMrkdwn', () => {
  it.each([
    ['<!channel> deploy now', '&lt;!channel&gt; deploy now'],
    ['<https://evil.example|click me>', '&lt;https://evil.example|click me&gt;'],
    ['<@U123> & friends', '&lt;@U123&gt; &amp; friends'],
    ['&lt; already', '&amp;lt; already'],
  ])('%j', (input, expected) => {
    expect(escapeMrkdwn(input)).toBe(expected);
  });
});

describe('mrkdwn the app vouches for', () => {
  it('joins the literal parts with values that are already escaped', () => {
    const who = '<!channel>';
    expect(mrkdwn`Asked by ${mention('U0OWNER')} about ${escapeMrkdwn(who)} (${3})`).toBe('Asked by <@U0OWNER> about &lt;!channel&gt; (3)');
    // @ts-expect-error raw text does not compile: it must go through escapeMrkdwn or a helper
    expect(mrkdwn`raw ${who}`).toBe('raw <!channel>');
  });

  it('makes mentions, channel links and links only from what is shaped like one', () => {
    expect(mention('U0OWNER')).toBe('<@U0OWNER>');
    expect(mention('!channel')).toBe('@!channel');
    expect(channelLink('C0CHAN')).toBe('<#C0CHAN>');
    expect(channelLink('C1>|x')).toBe('#C1&gt;|x');
    expect(link('https://example.slack.com/archives/C1/p1', 'Open <!here>')).toBe('<https://example.slack.com/archives/C1/p1|Open &lt;!here&gt;>');
    expect(link('https://x.io/a|<!channel>', 'view')).toBe('view');
    expect(link('http://intranet.example/page', 'Wiki')).toBe('<http://intranet.example/page|Wiki>');
    expect(link('javascript:alert(1)', 'x')).toBe('x');
    expect(link('http://x.io/a>b', 'x')).toBe('x');
  });

  it("keeps only the channel links in the app's stored words", () => {
    expect(appWords("I'm not a member of <#C0PRIV>; <!channel> & <@U1>")).toBe("I'm not a member of <#C0PRIV>; &lt;!channel&gt; &amp; &lt;@U1&gt;");
  });

  it('escapes plain_text the same way', () => {
    expect(plain('Retry DM <!channel> R&D').text).toBe('Retry DM &lt;!channel&gt; R&amp;D');
  });
});

describe('clamp and limits', () => {
  it('leaves short text alone and marks cut text visibly', () => {
    expect(clamp('short', 10)).toBe('short');
    const cut = clamp('x'.repeat(5000), 3000);
    expect(cut.length).toBe(3000);
    expect(cut).toContain('truncated');
  });

  it('header, section and button stay inside Slack limits', () => {
    expect(header('h'.repeat(500)).text.text.length).toBeLessThanOrEqual(150);
    expect((section('s'.repeat(10_000)).text as { text: string }).text.length).toBeLessThanOrEqual(3000);
    const b = button({ text: 'b'.repeat(200), actionId: 'a'.repeat(300), value: 'v'.repeat(3000) });
    expect(b.text.text.length).toBeLessThanOrEqual(75);
    expect(b.action_id!.length).toBeLessThanOrEqual(255);
    expect(b.value!.length).toBeLessThanOrEqual(2000);
  });
});

describe('fitBlocks', () => {
  const blocks = Array.from({ length: 80 }, (_, i) => section(`block ${i}`));

  it('keeps the head and the tail within the limit, with a notice for the rest', () => {
    const fitted = fitBlocks(blocks, 50, 2);
    expect(fitted).toHaveLength(50);
    expect(JSON.stringify(fitted[0])).toContain('block 0');
    expect(JSON.stringify(fitted.at(-1))).toContain('block 79');
    expect(JSON.stringify(fitted.at(-2))).toContain('block 78');
    expect(JSON.stringify(fitted.at(-3))).toContain('31 more blocks not shown');
  });

  it('returns short lists unchanged', () => {
    expect(fitBlocks(blocks.slice(0, 10))).toHaveLength(10);
  });
});

describe('quoteUserText', () => {
  it('shows mentions as names and neutralises broadcasts and links', () => {
    const quoted = quoteUserText('ask <@U123|ana> in <#C9|ops> then <!here> <https://x.io|y>');
    expect(quoted).toBe('>ask @ana in #ops then &lt;!here&gt; &lt;https://x.io|y&gt;');
  });

  it('quotes every line', () => {
    expect(quoteUserText('a\nb')).toBe('>a\n>b');
  });
});
