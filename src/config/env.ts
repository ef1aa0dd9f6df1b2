import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { AppError } from '../errors/app-error';
import { loadMcpServers, type McpServerConfig } from './mcp';

/** The only module that reads process.env. Parsed once at start-up. */
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const optionalUrl = z.preprocess(emptyToUndefined, z.url().optional());

export const envSchema = z.object({
  SLACK_BOT_TOKEN: z
    .string({ error: 'is required (xoxb-…, from your Slack app’s OAuth & Permissions page)' })
    .regex(/^xoxb-/, 'must be a bot token starting with xoxb-'),
  SLACK_SIGNING_SECRET: z
    .string({ error: 'is required (from your Slack app’s Basic Information page)' })
    .min(8, 'looks too short to be a signing secret'),
  SLACK_APP_TOKEN: z.preprocess(
    emptyToUndefined,
    z.string().regex(/^xapp-/, 'must be an app-level token starting with xapp-').optional(),
  ),
  SLACK_API_URL: optionalUrl,
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./.data')),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_MODEL: z.preprocess(emptyToUndefined, z.string().default('gpt-4o-mini')),
  OPENAI_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1000).max(600_000).default(60_000)),
  WIP_LIMIT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(50).default(5)),
  INCIDENT_CHANNEL: z.preprocess(emptyToUndefined, z.string().regex(/^[CG][A-Z0-9]+$/, 'must be a channel id such as C0123ABCD').optional()),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['debug', 'info', 'warn', 'error']).default('info')),
  TRUST_PROMOTE_AFTER: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(100).default(5)),
  UNDO_WINDOW_MINUTES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(24 * 60).default(10)),
  WEB_FETCH: z.preprocess(emptyToUndefined, z.enum(['on', 'off']).default('on')),
  WEB_FETCH_ALLOW_HOSTS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('')
      .transform((v) => v.split(',').map((h) => h.trim()).filter(Boolean)),
  ),
  WEB_FETCH_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1000).max(120_000).default(15_000)),
  SEARCH_URL: optionalUrl,
  GITHUB_TOKEN: optionalString,
  GITHUB_API_URL: optionalUrl,
  GITHUB_WEBHOOK_SECRET: optionalString,
  ALERTS_WEBHOOK_TOKEN: optionalString,
  WATCH_HOURLY_LIMIT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(1_000).default(20)),
  MCP_CONFIG: optionalString,
  SLACK_READ_MAX_MESSAGES: z.preprocess(emptyToUndefined, z.coerce.number().int().min(10).max(10_000).default(1_000)),
  READ_MAX_CALLS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(50).default(8)),
  READ_MAX_KB: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(5_000).default(200)),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  slack: { botToken: string; signingSecret: string; appToken?: string; apiUrl?: string };
  port: number;
  database: { kind: 'postgres'; url: string } | { kind: 'embedded'; dataDir: string };
  model: {
    apiKey?: string;
    baseUrl?: string;
    model: string;
    timeoutMs: number;
    configured: boolean;
  };
  wipLimit: number;
  /** Where triage escalations are posted; without it they only DM the target. */
  incidentChannelId?: string;
  /** Approvals in a row before "Let <agent> act without asking?" is offered; how long an automatic approval can be undone. */
  trust: { promoteAfter: number; undoWindowMs: number };
  logLevel: Env['LOG_LEVEL'];
  /**
   * Internal tuning, not environment: tests shorten these. A run or action is held under a
   * short lease that its worker renews every `heartbeatMs` (during model calls too), so a
   * dead worker's work is taken over `leaseMs` after it stopped; `repairEveryMs` is how often
   * work left without a live job is queued again.
   */
  jobs: { processEveryMs: number; homeDebounceMs: number; leaseMs: number; heartbeatMs: number; repairEveryMs: number };
  /** Web eyes: what may be fetched, how long a page may take, how much of it is kept. */
  web: { enabled: boolean; allowHosts: string[]; timeoutMs: number; maxDownloadBytes: number; maxRedirects: number; maxTextBytes: number };
  /** GitHub's REST API for the GitHub agents; absent without GITHUB_TOKEN (those agents are then unavailable). */
  github?: { token: string; apiUrl: string };
  /**
   * Webhooks that start watched agents: GitHub's signed with GITHUB_WEBHOOK_SECRET, alerts
   * with a bearer token. Without its secret a webhook answers 401 to everything.
   */
  webhooks: { githubSecret: string | null; alertsToken: string | null; hourlyLimit: number };
  /** MCP servers whose read-only tools agents may call (MCP_CONFIG). */
  mcpServers: McpServerConfig[];
  /** A SearXNG instance for the web_search tool; without it research works from the pages it is given. */
  search?: { url: string; timeoutMs: number; maxResults: number };
  /** Slack eyes: at most this many messages (replies included) of the conversations a request names. */
  slackEyes: { maxMessages: number };
  /** What one run may read through tools: calls, bytes after extraction, wall-clock time. */
  reading: { maxCalls: number; maxBytes: number; maxMs: number };
  /** How long the workspace member list (for matching action-item owners) is reused: users.list is rate-limited. */
  cache: { directoryMs: number };
}

export function parseConfig(source: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) throw invalid(parsed.error);
  const env = parsed.data;
  return {
    slack: {
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      appToken: env.SLACK_APP_TOKEN,
      apiUrl: env.SLACK_API_URL,
    },
    port: env.PORT,
    database: env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL }
      : { kind: 'embedded', dataDir: env.DATA_DIR },
    model: {
      apiKey: env.OPENAI_API_KEY,
      baseUrl: env.OPENAI_BASE_URL,
      model: env.OPENAI_MODEL,
      timeoutMs: env.OPENAI_TIMEOUT_MS,
      configured: Boolean(env.OPENAI_API_KEY || env.OPENAI_BASE_URL),
    },
    wipLimit: env.WIP_LIMIT,
    incidentChannelId: env.INCIDENT_CHANNEL,
    trust: { promoteAfter: env.TRUST_PROMOTE_AFTER, undoWindowMs: env.UNDO_WINDOW_MINUTES * 60_000 },
    logLevel: env.LOG_LEVEL,
    jobs: { processEveryMs: 5_000, homeDebounceMs: 750, leaseMs: 30_000, heartbeatMs: 10_000, repairEveryMs: 15_000 },
    cache: { directoryMs: 10 * 60_000 },
    web: {
      enabled: env.WEB_FETCH === 'on',
      allowHosts: env.WEB_FETCH_ALLOW_HOSTS,
      timeoutMs: env.WEB_FETCH_TIMEOUT_MS,
      maxDownloadBytes: 5_000_000,
      maxRedirects: 5,
      maxTextBytes: 60_000,
    },
    slackEyes: { maxMessages: env.SLACK_READ_MAX_MESSAGES },
    mcpServers: loadMcpServers(env.MCP_CONFIG),
    webhooks: { githubSecret: env.GITHUB_WEBHOOK_SECRET ?? null, alertsToken: env.ALERTS_WEBHOOK_TOKEN ?? null, hourlyLimit: env.WATCH_HOURLY_LIMIT },
    ...(env.GITHUB_TOKEN ? { github: { token: env.GITHUB_TOKEN, apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, '') } } : {}),
    ...(env.SEARCH_URL ? { search: { url: env.SEARCH_URL, timeoutMs: env.WEB_FETCH_TIMEOUT_MS, maxResults: 8 } } : {}),
    reading: { maxCalls: env.READ_MAX_CALLS, maxBytes: env.READ_MAX_KB * 1000, maxMs: 120_000 },
  };
}

/** Reads .env (if present) and the process environment. */
export function loadConfig(): Config {
  loadDotenv({ quiet: true });
  return parseConfig(process.env);
}

/** For `npm run db:migrate`: only the database settings are needed (no Slack tokens). */
export function loadDatabaseConfig(): Pick<Config, 'database' | 'logLevel'> {
  loadDotenv({ quiet: true });
  const parsed = envSchema.pick({ DATABASE_URL: true, DATA_DIR: true, LOG_LEVEL: true }).safeParse(process.env);
  if (!parsed.success) throw invalid(parsed.error);
  const env = parsed.data;
  return {
    database: env.DATABASE_URL ? { kind: 'postgres', url: env.DATABASE_URL } : { kind: 'embedded', dataDir: env.DATA_DIR },
    logLevel: env.LOG_LEVEL,
  };
}

function invalid(error: z.ZodError): AppError {
  const lines = error.issues.map((i) => `  - ${i.path.join('.') || '(env)'} ${i.message}`);
  return new AppError('config_invalid', `Invalid configuration:\n${lines.join('\n')}\nSee .env.example for every variable.`);
}
