import { gzipSync } from 'node:zlib';
import { listen } from './http-server';

export const ARTICLE_HTML = `<!doctype html><html><head><title>Job queues compared</title></head><body>
<nav><a href="/">Home</a> <a href="/about">About</a> Subscribe now!</nav>
<article><h1>Job queues compared</h1>
<p>Agenda keeps its jobs in PostgreSQL or MongoDB and locks them with a lease, so a worker that dies gives its job back when the lease runs out.</p>
<p>pg-boss uses SKIP LOCKED on PostgreSQL and supports cron schedules, retries with backoff and dead-letter queues out of the box.</p>
<p>Both run inside the Node process; neither needs Redis. See <a href="/redirect">the follow-up</a>, <a href="/notes.txt">notes</a>,
<a href="/huge">the raw log</a> and <a href="http://169.254.169.254/latest/meta-data/">our metadata</a>.</p></article>
<footer>© 2026 Example Corp. All rights reserved.</footer></body></html>`;

/** A loopback web server for web eyes: pages, redirects, a slow page, a huge page. */
export async function startFakeWeb() {
  const hits: string[] = [];
  let origin = '';
  const server = await listen((req, _body, res) => {
    const path = req.url ?? '/';
    hits.push(path);
    const send = (status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': type, ...extra });
      res.end(body);
    };
    if (path === '/article') return send(200, 'text/html; charset=utf-8', ARTICLE_HTML);
    if (path === '/article.gz') return send(200, 'text/html; charset=utf-8', gzipSync(ARTICLE_HTML), { 'content-encoding': 'gzip' });
    if (path === '/notes.txt') return send(200, 'text/plain', 'Line one.\nLine two.');
    if (path === '/data.json') return send(200, 'application/json', JSON.stringify({ answer: 42 }));
    if (path === '/image.png') return send(200, 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    if (path === '/missing') return send(404, 'text/html', '<h1>Not found</h1>');
    if (path === '/redirect') return send(302, 'text/plain', '', { location: '/article' });
    if (path === '/redirect-private') return send(302, 'text/plain', '', { location: 'http://10.0.0.1/admin' });
    if (path === '/redirect-metadata') return send(301, 'text/plain', '', { location: 'http://169.254.169.254/latest/meta-data/' });
    if (path === '/redirect-localhost') return send(302, 'text/plain', '', { location: `${origin.replace('127.0.0.1', 'localhost')}/article` });
    if (path === '/redirect-broken') return send(302, 'text/plain', '', { location: 'http://[::1' });
    if (path === '/redirect-ftp') return send(302, 'text/plain', '', { location: 'ftp://example.com/file' });
    if (path.startsWith('/loop')) return send(302, 'text/plain', '', { location: `/loop${path.length}` });
    if (path.startsWith('/search?')) {
      const q = new URL(path, origin).searchParams.get('q') ?? '';
      if (q === 'broken') return send(500, 'text/plain', 'engine error');
      return send(200, 'application/json', JSON.stringify({
        query: q,
        results: [
          { url: `${origin}/article`, title: 'Job queues compared', content: 'Agenda and pg-boss side by side.', engine: 'fake' },
          { url: 'https://other.example/queues', title: 'Queues in Node', content: 'A survey.', engine: 'fake', score: 1 },
        ],
      }));
    }
    if (path === '/slow') return; // never answers; the client's deadline ends it
    if (path === '/huge') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const line = `${'all work and no play makes a huge page '.repeat(25)}\n`;
      let sent = 0;
      const pump = () => {
        while (sent < 20_000_000) {
          sent += line.length;
          if (!res.write(line)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      res.on('close', () => (sent = Infinity));
      return pump();
    }
    send(404, 'text/plain', 'no such page');
  });
  origin = server.origin;
  return { origin, hits, close: server.close };
}
