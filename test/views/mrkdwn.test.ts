import { describe, expect, it } from 'vitest';
import { preview } from '../../src/views/mrkdwn';

describe('preview', () => {
  it.each([
    ['short', 10, 'short'],
    ['two\n\nlines\tand  tabs', 90, 'two lines and tabs'],
    ['abcdefghij', 10, 'abcdefghij'],
    ['abcdefghijk', 10, 'abcdefghi…'],
    // cut before escaping, so an entity is never cut in half
    ['<!channel> now', 12, '&lt;!channel&gt; …'],
  ])('%j at %i → %j', (text, max, expected) => {
    expect(preview(text, max)).toBe(expected);
  });
});
