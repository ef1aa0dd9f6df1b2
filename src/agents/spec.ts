import type { KnownBlock } from '@slack/types';
import type { z } from 'zod';
import type { ActionPlan, PlanContext } from '../domain/action-plan';

/**
 * An agent's job description: the typed artifact it must produce (zod → JSON Schema →
 * the model's structured output → validated), its instructions, and how a person reads it.
 * Output that misses the mark is fixed by tightening `schema`, not by rewording `prompt`.
 */
export interface ArtifactSpec<T = unknown> {
  /** Agent name as typed in `/delegate <name>: …` (lowercase). */
  name: string;
  /** Bumped on every change to schema or prompt; stored with each artifact. */
  version: number;
  title: string;
  emoji: string;
  /** One line for help and the modal. */
  description: string;
  /** An example instruction for help text. */
  example: string;
  schema: z.ZodType<T>;
  prompt: string;
  /** Readable Block Kit for the artifact body (everything model-written escaped). */
  render(artifact: T): KnownBlock[];
  /** One-line plain-text summary, used as the message's `text` fallback. */
  summarize(artifact: T): string;
  /**
   * What an approved artifact leads to (pure): posts and DMs, typed by the artifact itself.
   * Absent: the artifact is only read.
   */
  actions?(artifact: T, ctx: PlanContext): ActionPlan;
  /**
   * What the agent reads. `context` is gathered from the request before the model runs (the
   * model cannot skip it); `tools` are read-only tools the model may call within its budget.
   */
  eyes?: { context: readonly ContextSource[]; tools: readonly ToolName[] };
  /** The sources the artifact cites (URLs, permalinks): each is checked against what the run read. */
  citations?(artifact: T): string[];
}

/** `pages`: the web pages whose URLs are in the request; `slack`: the channels and threads it names; `github_pr`: the pull requests; `github_deps`: the repository's dependency files, Dependabot alerts and dependency-bot PRs; `github_repos`: the pull requests of the repositories it names; `github_docs`: the repository's tree, docs and recent commits; `github_debt`: the repository's debt signals (markers, large files, churn, debt issues). */
export type ContextSource = 'pages' | 'slack' | 'github_pr' | 'github_deps' | 'github_repos' | 'github_docs' | 'github_debt';
export type ToolName = 'fetch_page' | 'web_search';

export function defineSpec<T>(spec: ArtifactSpec<T>): ArtifactSpec<T> {
  return spec;
}
