import { describe, expect, it } from 'vitest';
import { bearerValid, githubSignature, githubSignatureValid } from '../../src/domain/webhook-auth';

const body = Buffer.from('{"zen":"Keep it logically awesome."}');
const good = githubSignature(body, 's3cret');

describe('githubSignatureValid', () => {
  it.each([
    ['the right signature', good, 's3cret', true],
    ['upper-case hex', good.toUpperCase().replace('SHA256=', 'sha256='), 's3cret', true],
    ['another secret', good, 'other', false],
    ['missing', undefined, 's3cret', false],
    ['sha1 header format', `sha1=${'0'.repeat(40)}`, 's3cret', false],
    ['truncated', good.slice(0, -2), 's3cret', false],
    ['no secret configured', good, '', false],
  ])('%s', (_name, header, secret, expected) => expect(githubSignatureValid(body, header, secret)).toBe(expected));

  it('is computed on the raw bytes: the same JSON spaced differently does not verify', () => {
    expect(githubSignatureValid(Buffer.from('{ "zen": "Keep it logically awesome." }'), good, 's3cret')).toBe(false);
  });
});

describe('bearerValid', () => {
  it.each([
    ['Bearer tok', 'tok', true],
    ['bearer tok', 'tok', true],
    ['Bearer tok2', 'tok', false],
    ['Basic tok', 'tok', false],
    [undefined, 'tok', false],
    ['Bearer tok', '', false],
  ])('%s vs %s', (header, token, expected) => expect(bearerValid(header, token)).toBe(expected));
});
