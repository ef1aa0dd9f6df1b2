import { describe, expect, it } from 'vitest';
import { urlsIn } from '../../src/domain/request-refs';

describe('urlsIn', () => {
  it.each([
    ['compare <https://a.example/x> and <https://b.example/y|b.example/y>', ['https://a.example/x', 'https://b.example/y']],
    ['see https://a.example/x, then https://a.example/x.', ['https://a.example/x']],
    ['(https://a.example/page)', ['https://a.example/page']],
    ['no links here', []],
    ['ftp://a.example/file and mailto:x@y.z', []],
    ['thread <https://acme.slack.com/archives/C0123ABCD/p1700000000123456> and https://docs.example/q?a=1&b=2', ['https://docs.example/q?a=1&b=2']],
    ['<HTTPS://A.example/Up>', ['HTTPS://A.example/Up']],
    ['<https://docs.example/q?a=1&amp;b=2>', ['https://docs.example/q?a=1&b=2']],
  ])('%s → %j', (text, expected) => expect(urlsIn(text)).toEqual(expected));
});
