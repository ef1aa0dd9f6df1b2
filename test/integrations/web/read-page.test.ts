import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPage } from '../../../src/integrations/web/read-page';
import type { WebPolicy } from '../../../src/integrations/web/http-get';
import { startFakeWeb } from '../../support/fake-web';

let web: Awaited<ReturnType<typeof startFakeWeb>>;
let policy: WebPolicy & { maxTextBytes: number };

beforeAll(async () => {
  web = await startFakeWeb();
  // The loopback server is reachable only because the operator setting names it.
  policy = { enabled: true, allowHosts: [new URL(web.origin).host], timeoutMs: 1_500, maxDownloadBytes: 2_000_000, maxRedirects: 5, maxTextBytes: 50_000 };
});
afterAll(() => web.close());

describe('readPage', () => {
  it('reduces HTML to its article text, without navigation or footer', async () => {
    const r = await readPage(`${web.origin}/article`, policy);
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.page.title).toBe('Job queues compared');
    expect(r.page.text).toContain('SKIP LOCKED');
    expect(r.page.text).not.toContain('Subscribe now');
    expect(r.page.text).not.toContain('All rights reserved');
    expect(r.page.truncated).toBe(false);
    expect(r.page.bytes).toBe(Buffer.byteLength(r.page.text));
    expect(r.page.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads gzip, plain text and JSON', async () => {
    const gz = await readPage(`${web.origin}/article.gz`, policy);
    expect(gz.ok && gz.page.text).toContain('neither needs Redis');
    const txt = await readPage(`${web.origin}/notes.txt`, policy);
    expect(txt.ok && txt.page.text).toBe('Line one.\nLine two.');
    const json = await readPage(`${web.origin}/data.json`, policy);
    expect(json.ok && JSON.parse(json.page.text)).toEqual({ answer: 42 });
  });

  it('follows redirects and reports the final URL', async () => {
    const r = await readPage(`${web.origin}/redirect`, policy);
    expect(r.ok && r.page.finalUrl).toBe(`${web.origin}/article`);
    expect(r.ok && r.page.url).toBe(`${web.origin}/redirect`);
  });

  it.each([
    ['/missing', { code: 'http_status', status: 404 }],
    ['/image.png', { code: 'unsupported_type', contentType: 'image/png' }],
    ['/loop', { code: 'too_many_redirects', max: 5 }],
    ['/redirect-ftp', { code: 'bad_scheme', scheme: 'ftp' }],
    ['/redirect-broken', { code: 'bad_url' }],
    ['/slow', { code: 'timeout', ms: 1_500 }],
  ])('%s is not read: %j', async (path, problem) => {
    const r = await readPage(`${web.origin}${path}`, policy);
    expect(r).toEqual({ ok: false, url: `${web.origin}${path}`, problem });
  });

  it('cuts a huge page to the download cap and says so', async () => {
    const r = await readPage(`${web.origin}/huge`, { ...policy, maxDownloadBytes: 300_000, maxTextBytes: 100_000 });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(r.page.truncated).toBe(true);
    expect(r.page.bytes).toBeLessThanOrEqual(100_000);
    expect(r.page.bytes).toBeGreaterThan(90_000);
  });

  it('is off when WEB_FETCH=off', async () => {
    const r = await readPage(`${web.origin}/article`, { ...policy, enabled: false });
    expect(r).toMatchObject({ ok: false, problem: { code: 'web_off' } });
    expect(r.ok).toBe(false);
  });
});

describe('no server-side request forgery', () => {
  const strict = () => ({ ...policy, allowHosts: [] });

  it.each([
    ['http://127.0.0.1:9/', '127.0.0.1', 'loopback'],
    ['http://10.1.2.3/', '10.1.2.3', 'private'],
    ['http://172.16.5.4/', '172.16.5.4', 'private'],
    ['http://192.168.0.1/', '192.168.0.1', 'private'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254', 'linkLocal'],
    ['http://[::1]/', '::1', 'loopback'],
    ['http://[fc00::1]/', 'fc00::1', 'uniqueLocal'],
    ['http://[fd12:3456::1]/', 'fd12:3456::1', 'uniqueLocal'],
    ['http://[::ffff:10.0.0.1]/', '::ffff:a00:1', 'private'],
  ])('refuses %s before connecting', async (url, address, range) => {
    const r = await readPage(url, strict());
    expect(r).toMatchObject({ ok: false, problem: { code: 'refused_address', address, range } });
  });

  it('refuses a name that resolves to a private address', async () => {
    const r = await readPage(`${web.origin.replace('127.0.0.1', 'localhost')}/article`, strict());
    expect(r).toMatchObject({ ok: false, problem: { code: 'refused_address', host: 'localhost', range: 'loopback' } });
  });

  it.each([
    ['/redirect-private', '10.0.0.1', 'private'],
    ['/redirect-metadata', '169.254.169.254', 'linkLocal'],
    ['/redirect-localhost', undefined, 'loopback'],
  ])('refuses a redirect from an allowed host to a private address (%s)', async (path, address, range) => {
    const before = web.hits.length;
    const r = await readPage(`${web.origin}${path}`, policy);
    expect(r).toMatchObject({ ok: false, problem: { code: 'refused_address', range, ...(address ? { address } : {}) } });
    // The first hop was served; the private hop never reached any server.
    expect(web.hits.slice(before)).toEqual([path]);
  });

  it('refuses a URL with credentials in it (they would be sent, and shown)', async () => {
    expect(await readPage(`http://user:secret@${new URL(web.origin).host}/article`, policy)).toMatchObject({ ok: false, problem: { code: 'bad_url' } });
  });

  it.each(['file:///etc/passwd', 'gopher://example.com/', 'javascript:alert(1)'])('refuses %s by scheme', async (url) => {
    const r = await readPage(url, strict());
    expect(r).toMatchObject({ ok: false, problem: { code: 'bad_scheme' } });
  });
});
