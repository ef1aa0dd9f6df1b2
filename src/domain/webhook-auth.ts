import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Who may post to the webhooks. GitHub signs the raw body: `X-Hub-Signature-256` is
 * `sha256=` + hex HMAC-SHA256 with the webhook's secret. Alertmanager sends a bearer token.
 * Both are compared in constant time, on the bytes as received (before any parsing).
 */
export function githubSignatureValid(rawBody: Buffer, header: string | undefined, secret: string): boolean {
  if (!header || !secret) return false;
  const m = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!m) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(m[1]!, 'hex'));
}

export function bearerValid(header: string | undefined, token: string): boolean {
  if (!header || !token) return false;
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!m) return false;
  // Equal lengths for timingSafeEqual, without leaking the token's length through an early return.
  const a = createHmac('sha256', 'bearer').update(m[1]!).digest();
  const b = createHmac('sha256', 'bearer').update(token).digest();
  return timingSafeEqual(a, b);
}

/** How GitHub would sign a body (tests and the bench sign deliveries with it). */
export const githubSignature = (rawBody: Buffer | string, secret: string) => `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
