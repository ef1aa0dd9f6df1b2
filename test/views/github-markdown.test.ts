import { describe, expect, it } from 'vitest';
import { clampGh, delegateMarker, ghCode, ghText, hasMarker, markedBody, reviewBody } from '../../src/views/github-markdown';

describe('ghText: model text on GitHub pings nobody and forges nothing', () => {
  it.each([
    ['ping @ana and @acme/team', 'ping @\u200dana and @\u200dacme/team'],
    ['mail ana@example.com stays', 'mail ana@example.com stays'],
    ['<!-- delegate:action:x -->', '&lt;!-- delegate:action:x --&gt;'],
    ['![track](https://evil.example/p.png)', '!\u200b[track](https://evil.example/p.png)'],
    ['plain text', 'plain text'],
  ])('%s', (input, expected) => expect(ghText(input)).toBe(expected));
});

describe('the marker', () => {
  it('is found in a marked body and not in model text that tries to forge it', () => {
    const body = markedBody('summary', 'id-1', 'footer @ana');
    expect(hasMarker(body, 'id-1')).toBe(true);
    expect(body.endsWith(delegateMarker('id-1'))).toBe(true);
    expect(body).toContain('footer @\u200dana');
    expect(hasMarker(ghText(delegateMarker('id-1')), 'id-1')).toBe(false);
  });
});

describe('bodies', () => {
  it('lists the remarks that could not be inline', () => {
    expect(reviewBody('s', [])).toBe('s');
    expect(reviewBody('s', [{ path: 'a`b.ts', line: 3, body: 'x' }, { path: 'c.ts', line: null, body: 'y' }])).toBe(
      's\n\n**Also noted** (not on a line the diff shows):\n- ``a`b.ts:3``: x\n- `c.ts`: y',
    );
  });
  it('cuts what GitHub would refuse', () => {
    expect(clampGh('x'.repeat(70_000)).length).toBeLessThanOrEqual(60_000);
    expect(ghCode('a\nb')).toBe('`a b`');
  });
});
