import type { ArtifactSpec } from '../src/agents/spec';
import { research } from './research';
import { summarize } from './summarize';
import { specCoach } from './spec-coach';
import { triage } from './triage';
import { channelDigest } from './channel-digest';
import { prReview } from './pr-review';
import { deps } from './deps';
import { prSummary } from './pr-summary';
import { docs } from './docs';
import { techDebt } from './tech-debt';

/** The agents people delegate to (grammar, help, the modal). Each spec is the agent's job description. */
export const specs: readonly ArtifactSpec<any>[] = [research, triage, summarize, channelDigest, prReview, prSummary, deps, docs, techDebt];

/** Built-in agents the app delegates to itself; runnable like any other, never offered. */
export const builtInSpecs: readonly ArtifactSpec<any>[] = [specCoach];

export const DEFAULT_AGENT = 'research';

export const agentNames: readonly string[] = specs.map((s) => s.name);

export function getSpec(name: string): ArtifactSpec<unknown> | undefined {
  return [...specs, ...builtInSpecs].find((s) => s.name === name) as ArtifactSpec<unknown> | undefined;
}
