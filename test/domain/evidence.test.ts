import { describe, expect, it } from 'vitest';
import { normalizeRef, unreadCitations, type Evidence } from '../../src/domain/evidence';

const read = (ref: string, more: Partial<Evidence> = {}): Evidence => ({
  kind: 'web_page', ref, label: ref, url: ref, aliases: [], via: 'tool', at: new Date(0), since: null, bytes: 10, items: 1, truncated: false, digest: null, problem: null, ...more,
});

describe('normalizeRef', () => {
  it.each([
    ['https://Example.com/a/', 'https://example.com/a'],
    ['https://example.com/a#section', 'https://example.com/a'],
    ['<https://example.com/>', 'https://example.com'],
    ['HTTPS://EXAMPLE.COM', 'https://example.com'],
    ['  https://example.com/a?b=1 ', 'https://example.com/a?b=1'],
    ['C123 since x', 'c123 since x'],
  ])('%s → %s', (ref, expected) => expect(normalizeRef(ref)).toBe(expected));
});

describe('unreadCitations', () => {
  const evidence = [
    read('https://example.com/a'),
    read('https://example.com/r', { aliases: ['https://example.com/final'] }),
    read('https://failed.example/', { problem: { code: 'timeout' } }),
  ];
  it.each([
    [['https://example.com/a/'], []],
    [['https://example.com/a#x', 'https://example.com/final'], []],
    [['https://example.com/b'], ['https://example.com/b']],
    [['https://failed.example/'], ['https://failed.example/']],
    [['https://x.example', 'https://x.example'], ['https://x.example']],
    [[], []],
  ])('%j → %j', (cited, expected) => expect(unreadCitations(cited, evidence)).toEqual(expected));
});
