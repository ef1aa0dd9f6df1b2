import { specs } from '../../specs/index';
import type { AgentInfo } from '../views/messages';

export function agentInfos(): AgentInfo[] {
  return specs.map((s) => ({ name: s.name, title: s.title, emoji: s.emoji, description: s.description, example: s.example }));
}
