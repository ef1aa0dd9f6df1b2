import { describe, expect, it } from 'vitest';
import { findTheme, normalise, stem, type Feedback } from '../../src/domain/feedback-themes';

const NOW = new Date('2026-12-01T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
const buildFeedback = (text: string, overrides: Partial<Feedback> = {}): Feedback => ({ text, at: daysAgo(1), ...overrides });

describe('stem', () => {
  it.each([
    ['sources', 'sourc'],
    ['source', 'sourc'],
    ['sourced', 'sourc'],
    ['cited', 'cit'],
    ['citing', 'cit'],
    ['cite', 'cit'],
    ['titles', 'titl'],
    ['priorities', 'priority'],
    ['address', 'address'],
    ['bus', 'bus'],
    ['findings', 'find'],
    ['finding', 'find'],
    ['warnings', 'warn'],
    ['warning', 'warn'],
  ])('%s → %s', (word, stemmed) => {
    expect(stem(word)).toBe(stemmed);
  });
});

describe('normalise', () => {
  it('lowercases, drops punctuation, numbers and one-letter words', () => {
    expect(normalise('Cite a SOURCE, please! (3 times)')).toEqual(['cite', 'source', 'please', 'times']);
  });
});

describe('findTheme', () => {
  it.each<[string, Feedback[], string | null]>([
    ['three texts sharing a word', [buildFeedback('Cite your sources'), buildFeedback('No source for claim two'), buildFeedback('Which source is this?')], 'sources'],
    ['a pair beats a single word', [buildFeedback('Owner missing on action items'), buildFeedback('action items need dates'), buildFeedback('too many action items')], 'action items'],
    ['only two texts', [buildFeedback('Cite sources'), buildFeedback('source?')], null],
    ['a word repeated in one text counts once', [buildFeedback('source source source'), buildFeedback('source'), buildFeedback('nothing here')], null],
    ['stopwords are no theme', [buildFeedback('please make it better'), buildFeedback('please make it shorter'), buildFeedback('please more detail')], null],
    ['singular and plural of an -ing word meet', [buildFeedback('the finding is vague'), buildFeedback('findings lack data'), buildFeedback('Finding two?')], 'finding'],
    ['older than 30 days is ignored', [buildFeedback('Cite sources', { at: daysAgo(31) }), buildFeedback('source?'), buildFeedback('a source please')], null],
  ])('%s', (_label, feedback, label) => {
    expect(findTheme(feedback, NOW)?.label ?? null).toBe(label);
  });

  it('counts only feedback since the last proposal', () => {
    const feedback = [buildFeedback('Cite sources', { at: daysAgo(5) }), buildFeedback('source?', { at: daysAgo(2) }), buildFeedback('a source please', { at: daysAgo(1) })];
    expect(findTheme(feedback, NOW, daysAgo(3))).toBeNull();
    expect(findTheme(feedback, NOW, daysAgo(6))).toEqual({ label: 'sources', texts: ['Cite sources', 'source?', 'a source please'] });
  });

});
