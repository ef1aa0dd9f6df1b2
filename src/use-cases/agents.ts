import { specs } from '../../specs/index';
import type { AgentInfo } from '../views/messages';
import type { Deps } from './deps';

/** The agents people can delegate to; one that needs what this Delegate lacks says what (help and the modal show it). */
export function agentInfos(deps?: Pick<Deps, 'github'>): AgentInfo[] {
  return specs.map((s) => ({
    name: s.name,
    title: s.title,
    emoji: s.emoji,
    description: s.description,
    example: s.example,
    ...(s.eyes?.context.some((c) => c.startsWith('github')) && !deps?.github ? { needs: 'GITHUB_TOKEN' } : {}),
  }));
}
