import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { githubSignature } from '../../src/domain/webhook-auth';
import type { TestApp } from './test-app';

export const WEBHOOK_SECRET = 'gh-webhook-secret';
export const ALERTS_TOKEN = 'alerts-token-123';

const fixture = (path: string) => JSON.parse(readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8'));

/** A real pull_request delivery body, moved to the repository and PR a test names. */
export function pullRequestBody(action: string, o: { owner?: string; repo?: string; number: number; title?: string; draft?: boolean }) {
  const name = action === 'synchronize' || action === 'closed' || action === 'reopened' || action === 'ready_for_review' ? action : 'opened';
  const body = fixture(`github-webhooks/pull_request.${name}.json`);
  const owner = o.owner ?? 'acme';
  const repo = o.repo ?? 'web';
  body.action = action;
  body.number = o.number;
  body.pull_request.number = o.number;
  body.pull_request.title = o.title ?? `Change ${o.number}`;
  body.pull_request.draft = o.draft ?? false;
  body.pull_request.html_url = `https://github.com/${owner}/${repo}/pull/${o.number}`;
  body.repository.name = repo;
  body.repository.owner.login = owner;
  body.repository.full_name = `${owner}/${repo}`;
  return body;
}

export const alertBody = (name: 'firing' | 'resolved') => fixture(`alertmanager/${name}.json`);

const base = (t: TestApp) => t.target.url.replace('/slack/events', '');

/** POSTs to /webhooks/github as GitHub does: the event, a delivery id, and the signature of the raw body. */
export async function deliverGitHub(t: TestApp, event: string, body: unknown, o: { delivery?: string; secret?: string | null; raw?: string } = {}) {
  const raw = o.raw ?? JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': o.delivery ?? randomUUID() };
  if (o.secret !== null) headers['x-hub-signature-256'] = githubSignature(raw, o.secret ?? WEBHOOK_SECRET);
  const res = await fetch(`${base(t)}/webhooks/github`, { method: 'POST', headers, body: raw });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function deliverAlert(t: TestApp, body: unknown, o: { token?: string | null; raw?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (o.token !== null) headers.authorization = `Bearer ${o.token ?? ALERTS_TOKEN}`;
  const res = await fetch(`${base(t)}/webhooks/alerts`, { method: 'POST', headers, body: o.raw ?? JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
