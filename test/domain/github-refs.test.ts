import { describe, expect, it } from 'vitest';
import { prRefsIn, repoRefsIn } from '../../src/domain/github-refs';

describe('prRefsIn', () => {
  it.each([
    ['acme/web#42', [{ owner: 'acme', repo: 'web', number: 42 }]],
    ['review <https://github.com/acme/web/pull/42> please', [{ owner: 'acme', repo: 'web', number: 42 }]],
    ['https://ghe.example.com/acme/web.js/pull/7/files and acme/web#42', [{ owner: 'acme', repo: 'web.js', number: 7 }, { owner: 'acme', repo: 'web', number: 42 }]],
    ['acme/web#42 and ACME/web#42 again', [{ owner: 'acme', repo: 'web', number: 42 }]],
    ['see #42 or acme/web or acme/web#0', []],
    ['https://github.com/acme/web/issues/3', []],
  ])('%s', (text, expected) => expect(prRefsIn(text)).toEqual(expected));
});

describe('repoRefsIn', () => {
  it.each([
    ['acme/web acme/api', [{ owner: 'acme', repo: 'web' }, { owner: 'acme', repo: 'api' }]],
    ['acme/web#42 and acme/api.', [{ owner: 'acme', repo: 'api' }]],
    ['see <https://github.com/acme/web> and <https://github.com/acme/api/pull/3>', [{ owner: 'acme', repo: 'web' }]],
    ['(acme/web), ACME/web; acme/api', [{ owner: 'acme', repo: 'web' }, { owner: 'acme', repo: 'api' }]],
    ['https://ghe.example.com/acme/web.git/', [{ owner: 'acme', repo: 'web' }]],
    ['no repository here, #42', []],
  ])('%s', (text, expected) => expect(repoRefsIn(text)).toEqual(expected));
});
