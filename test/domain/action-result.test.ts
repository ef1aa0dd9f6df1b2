import { describe, expect, it } from 'vitest';
import { parsePosted } from '../../src/domain/action-result';

describe('parsePosted', () => {
  it.each([
    ['a post with its link', { channel: 'C1', ts: '1.2', permalink: 'https://x/p12' }, { channel: 'C1', ts: '1.2', permalink: 'https://x/p12' }],
    ['a post without a link', { channel: 'C1', ts: '1.2' }, { channel: 'C1', ts: '1.2' }],
    ['nothing posted', null, undefined],
    ['no ts', { channel: 'C1' }, undefined],
    ['an empty channel', { channel: '', ts: '1.2' }, undefined],
    ['a link that is not text', { channel: 'C1', ts: '1.2', permalink: 7 }, undefined],
    ['not an object', 'C1/1.2', undefined],
  ])('%s', (_name, stored, expected) => {
    expect(parsePosted(stored)).toEqual(expected);
  });
});
