import type { ArtifactSpec } from '../src/agents/spec';
import { research } from './research';
import { summarize } from './summarize';
import { triage } from './triage';

/** The agents Delegate knows. Each spec is the agent's job description. */
export const specs: readonly ArtifactSpec<any>[] = [research, triage, summarize];

export const DEFAULT_AGENT = 'research';

export const agentNames: readonly string[] = specs.map((s) => s.name);

export function getSpec(name: string): ArtifactSpec<unknown> | undefined {
  return specs.find((s) => s.name === name) as ArtifactSpec<unknown> | undefined;
}
