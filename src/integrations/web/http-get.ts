import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction, type Socket } from 'node:net';
import { pipeline } from 'node:stream';
import zlib from 'node:zlib';
import { isAllowedHost, refusedRange } from './address-policy';

export interface WebPolicy {
  enabled: boolean;
  /** Hosts (or host:port) exempt from the public-address rule: an intranet wiki, or the tests' loopback server. */
  allowHosts: readonly string[];
  timeoutMs: number;
  /** Raw bytes downloaded per page, before extraction; the rest is cut off. */
  maxDownloadBytes: number;
  maxRedirects: number;
}

/** Why a URL was not read. Views word it; `detail` is for the log and the evidence row. */
export type WebProblem =
  | { code: 'web_off' }
  | { code: 'bad_url' }
  | { code: 'bad_scheme'; scheme: string }
  | { code: 'refused_address'; host: string; address: string; range: string }
  | { code: 'dns_failed'; host: string }
  | { code: 'timeout'; ms: number }
  | { code: 'too_many_redirects'; max: number }
  | { code: 'http_status'; status: number }
  | { code: 'unsupported_type'; contentType: string }
  | { code: 'network'; detail: string };

export class WebRefusal extends Error {
  constructor(readonly problem: WebProblem) {
    super(problem.code);
  }
}

export interface RawPage {
  finalUrl: string;
  status: number;
  contentType: string;
  body: Buffer;
  /** The body was longer than maxDownloadBytes and was cut. */
  cut: boolean;
}

/**
 * GET a URL the way web eyes may: http(s) only, every hop's resolved addresses public (checked
 * at lookup and again on the socket actually connected), redirects followed by hand so each
 * hop is checked, one deadline for the whole chain, and a cap on what is downloaded.
 */
export async function httpGet(rawUrl: string, policy: WebPolicy, signal?: AbortSignal): Promise<RawPage> {
  if (!policy.enabled) throw new WebRefusal({ code: 'web_off' });
  const deadline = AbortSignal.timeout(policy.timeoutMs);
  const stop = signal ? AbortSignal.any([signal, deadline]) : deadline;
  let url = parseUrl(rawUrl);
  for (let hop = 0; ; hop++) {
    const page = await requestOnce(url, policy, stop).catch((e: unknown) => {
      if (e instanceof WebRefusal) throw e;
      if (deadline.aborted) throw new WebRefusal({ code: 'timeout', ms: policy.timeoutMs });
      throw new WebRefusal({ code: 'network', detail: e instanceof Error ? e.message : String(e) });
    });
    if ('location' in page) {
      if (hop >= policy.maxRedirects) throw new WebRefusal({ code: 'too_many_redirects', max: policy.maxRedirects });
      url = parseUrl(resolveLocation(page.location, url));
      continue;
    }
    if (page.status >= 400) throw new WebRefusal({ code: 'http_status', status: page.status });
    return page;
  }
}

/** A redirect's target, relative to the page that sent it; one that is not a URL is a bad URL, not a crash. */
function resolveLocation(location: string, base: URL): string {
  try {
    return new URL(location, base).toString();
  } catch {
    throw new WebRefusal({ code: 'bad_url' });
  }
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WebRefusal({ code: 'bad_url' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebRefusal({ code: 'bad_scheme', scheme: url.protocol.replace(/:$/, '') });
  // Credentials in a URL would be sent, and shown on the card: such a URL is not read.
  if (url.username || url.password) throw new WebRefusal({ code: 'bad_url' });
  return url;
}

function requestOnce(url: URL, policy: WebPolicy, signal: AbortSignal): Promise<RawPage | { location: string }> {
  const trusted = isAllowedHost(policy.allowHosts, url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!trusted && isIP(host)) refuseIfPrivate(host, host);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, {
      method: 'GET',
      agent: false,
      signal,
      headers: {
        'user-agent': 'Delegate (self-hosted Slack agent; reads pages named to it)',
        accept: 'text/html,application/xhtml+xml,text/plain;q=0.9,application/json;q=0.9,*/*;q=0.5',
        'accept-encoding': 'gzip, deflate, br',
      },
      ...(trusted ? {} : { lookup: guardedLookup }),
    });
    req.on('socket', (socket: Socket) => {
      if (trusted) return;
      // The address actually connected to: a lookup cannot be trusted to be the last word.
      socket.once('connect', () => {
        try {
          refuseIfPrivate(host, socket.remoteAddress ?? '');
        } catch (e) {
          req.destroy(e as Error);
        }
      });
    });
    req.on('error', reject);
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && location) {
        res.resume();
        return resolve({ location });
      }
      readCapped(decoded(res), policy.maxDownloadBytes)
        .then(({ body, cut }) => {
          req.destroy();
          resolve({ finalUrl: url.toString(), status, contentType: String(res.headers['content-type'] ?? ''), body, cut });
        })
        .catch(reject);
    });
    req.end();
  });
}

function refuseIfPrivate(host: string, address: string): void {
  const range = refusedRange(address);
  if (range) throw new WebRefusal({ code: 'refused_address', host, address, range });
}

/** dns.lookup, refusing the whole name when any address it resolves to is not public. */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  const family = typeof options.family === 'number' ? options.family : 0;
  dnsLookup(hostname, { all: true, family }, (err, addresses: LookupAddress[]) => {
    if (err || !addresses.length) return callback(new WebRefusal({ code: 'dns_failed', host: hostname }) as NodeJS.ErrnoException, '');
    for (const a of addresses) {
      const range = refusedRange(a.address);
      if (range) return callback(new WebRefusal({ code: 'refused_address', host: hostname, address: a.address, range }) as NodeJS.ErrnoException, '');
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

/** The body, decompressed; a reset or corrupt body errors the stream (pipeline passes errors on, pipe does not). */
function decoded(res: http.IncomingMessage): NodeJS.ReadableStream {
  const decoder = { gzip: zlib.createGunzip, deflate: zlib.createInflate, br: zlib.createBrotliDecompress }[String(res.headers['content-encoding'] ?? '').toLowerCase()];
  if (!decoder) return res;
  const out = decoder();
  pipeline(res, out, () => undefined);
  return out;
}

async function readCapped(stream: NodeJS.ReadableStream, max: number): Promise<{ body: Buffer; cut: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > max) return { body: Buffer.concat(chunks).subarray(0, max), cut: true };
  }
  return { body: Buffer.concat(chunks), cut: false };
}
