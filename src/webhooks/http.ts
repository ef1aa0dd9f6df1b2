import type { IncomingMessage, ServerResponse } from 'node:http';

/** Webhook bodies over this are refused (413): a pull_request delivery is tens of KB. */
export const MAX_WEBHOOK_BYTES = 2_000_000;

/** The raw bytes (signatures are checked on them, before any parsing), or null past the cap. */
export async function readRawBody(req: IncomingMessage, max = MAX_WEBHOOK_BYTES): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function answer(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

export function parseJson(raw: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

export const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
};
